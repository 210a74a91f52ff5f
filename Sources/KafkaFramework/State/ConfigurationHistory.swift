/// Which stored configurations to keep when a new target is stored.
public enum ConfigurationHistory {
    /// How many of the newest configurations are kept whether or not a broker runs them.
    public static let retainedCount = 10

    /// Splits `history` (oldest first) into the ids to keep and the ids to delete: every id in `referenced`
    /// (configurations a broker record still runs) and the newest `retain` ids are kept, in their order.
    public static func prune(
        _ history: [String], referenced: Set<String>, retain: Int = retainedCount
    ) -> (kept: [String], removed: [String]) {
        let newest = Set(history.suffix(max(0, retain)))
        var kept: [String] = []
        var removed: [String] = []
        var seen = Set<String>()
        for id in history where seen.insert(id).inserted {
            if newest.contains(id) || referenced.contains(id) {
                kept.append(id)
            } else {
                removed.append(id)
            }
        }
        return (kept, removed)
    }
}

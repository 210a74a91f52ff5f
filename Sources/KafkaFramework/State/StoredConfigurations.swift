/// The configurations as stored: the history in order of creation, the target, and each configuration.
public struct StoredConfigurations: Sendable, Equatable {
    /// The target's id; nil before the first configuration is stored.
    public var targetID: String?
    /// Every stored configuration id, oldest first.
    public var history: [String]
    /// Each readable stored configuration by id.
    public var byID: [String: ServiceConfiguration]
    /// Versions of `configurations/target` and `configurations/history`, nil while they do not exist.
    var targetVersion: Int32?
    var historyVersion: Int32?

    public init(targetID: String? = nil, history: [String] = [], byID: [String: ServiceConfiguration] = [:]) {
        self.targetID = targetID
        self.history = history
        self.byID = byID
    }

    /// The target configuration.
    public var target: ServiceConfiguration? {
        targetID.flatMap { byID[$0] }
    }

    /// What the REST API shows.
    public var snapshot: ConfigurationsSnapshot {
        ConfigurationsSnapshot(ids: history.filter { byID[$0] != nil }, targetID: targetID, byID: byID)
    }
}

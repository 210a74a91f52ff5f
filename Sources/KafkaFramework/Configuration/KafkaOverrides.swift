/// `KAFKA_OVERRIDE_*` variables: each one sets a server.properties entry of every broker.
/// The name after the prefix is lowercased with `_` turned into `.`:
/// `KAFKA_OVERRIDE_LOG_RETENTION_HOURS=24` sets `log.retention.hours=24`.
public enum KafkaOverrides {
    public static let prefix = "KAFKA_OVERRIDE_"

    /// Properties the scheduler writes itself for every broker, with the reason an override cannot work.
    public static let reservedProperties: [String: String] = [
        "broker.id":
            "the scheduler sets broker.id to the broker's index, which names its task, its plan block and its "
            + "registration under /brokers/ids",
        "log.dirs":
            "the scheduler puts log.dirs on the broker's persistent volume; anywhere else the broker's data "
            + "would be lost when its task is relaunched",
        "listeners":
            "the scheduler sets listeners from the port it reserved for the broker (use BROKER_PORT to choose it)",
        "advertised.listeners":
            "the scheduler advertises the agent's host and the broker's reserved port, so that clients reach "
            + "the broker wherever it runs",
        "zookeeper.connect":
            "the scheduler sets zookeeper.connect to KAFKA_ZOOKEEPER_URI/dcos-service-<FRAMEWORK_NAME>, where "
            + "the service keeps its state; set KAFKA_ZOOKEEPER_URI instead",
    ]

    /// The property a variable sets (`KAFKA_OVERRIDE_LOG_RETENTION_HOURS` → `log.retention.hours`), or nil
    /// when the variable does not start with the prefix or its name has an empty part.
    public static func propertyName(forVariable variable: String) -> String? {
        guard variable.hasPrefix(prefix) else { return nil }
        let suffix = variable.dropFirst(prefix.count)
        let parts = suffix.split(separator: "_", omittingEmptySubsequences: false)
        guard !suffix.isEmpty,
            parts.allSatisfy({ part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { s in
                    ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                }
            })
        else { return nil }
        return parts.map { $0.lowercased() }.joined(separator: ".")
    }

    /// The overrides in `reader`'s environment, each invalid one recorded as an error.
    static func read(_ reader: inout EnvironmentReader) -> [String: String] {
        var overrides: [String: String] = [:]
        var setBy: [String: String] = [:]
        for variable in reader.environment.keys.filter({ $0.hasPrefix(prefix) }).sorted() {
            let value = reader.environment[variable] ?? ""
            guard let property = propertyName(forVariable: variable) else {
                reader.fail(
                    variable, value,
                    "the name after \(prefix) must be words of letters and digits joined by single underscores, "
                        + "e.g. \(prefix)LOG_RETENTION_HOURS for log.retention.hours")
                continue
            }
            if let reason = reservedProperties[property] {
                reader.fail(variable, value, "\(property) cannot be overridden: \(reason)")
                continue
            }
            guard !value.contains("\n"), !value.contains("\r") else {
                reader.fail(variable, value, "the value of \(property) must be a single line")
                continue
            }
            if let earlier = setBy[property] {
                reader.fail(variable, value, "\(earlier) already sets \(property); set it once")
                continue
            }
            setBy[property] = variable
            overrides[property] = value
        }
        return overrides
    }
}

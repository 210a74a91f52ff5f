import Foundation

/// Kafka's `meta.properties` in a log directory, ZooKeeper mode (`version=0`): which broker and which cluster
/// the directory's data belongs to.
public struct MetaProperties: Sendable, Equatable {
    public var version: Int
    public var brokerId: Int32
    /// Absent in files written by old Kafka versions.
    public var clusterId: String?

    public init(version: Int = 0, brokerId: Int32, clusterId: String?) {
        self.version = version
        self.brokerId = brokerId
        self.clusterId = clusterId
    }

    public static let fileName = "meta.properties"

    /// Java properties text, as Kafka writes it (a comment with the date, then the keys).
    public func rendered(at date: Date = Date()) -> String {
        var lines = ["#", "#\(date)"]
        if let clusterId { lines.append("cluster.id=\(clusterId)") }
        lines.append("version=\(version)")
        lines.append("broker.id=\(brokerId)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses the file's text; the error says what is missing or malformed.
    public init(parsing text: String) throws(MetaPropertiesError) {
        let properties = Self.properties(text)
        guard let rawVersion = properties["version"] else { throw MetaPropertiesError("no version") }
        guard let version = Int(rawVersion) else {
            throw MetaPropertiesError("version '\(rawVersion)' is not a number")
        }
        guard let rawId = properties["broker.id"] else { throw MetaPropertiesError("no broker.id") }
        guard let brokerId = Int32(rawId) else { throw MetaPropertiesError("broker.id '\(rawId)' is not a number") }
        self.init(version: version, brokerId: brokerId, clusterId: properties["cluster.id"])
    }

    /// The key-value pairs of Java properties text: `key=value` or `key:value`, `#`/`!` comments.
    static func properties(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                result[line] = ""
                continue
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            result[key] = value
        }
        return result
    }

    /// Checks that a directory holding these properties may be used by `brokerId` of cluster `clusterId`, as
    /// Kafka does at startup; returns what to write back (the cluster id added when it was missing), or nil
    /// when the file is fine as it is.
    public func verify(brokerId: Int32, clusterId: String) throws(MetaPropertiesError) -> MetaProperties? {
        guard version == 0 else {
            throw MetaPropertiesError(
                "version=\(version) is not a ZooKeeper-mode log directory (version=0); it was written by a KRaft "
                    + "broker")
        }
        guard self.brokerId == brokerId else {
            throw MetaPropertiesError(
                "configured broker.id \(brokerId) doesn't match stored broker.id \(self.brokerId) in meta.properties; "
                    + "if you moved your data, make sure your configured broker.id matches")
        }
        guard let stored = self.clusterId else {
            return MetaProperties(version: version, brokerId: brokerId, clusterId: clusterId)
        }
        guard stored == clusterId else {
            throw MetaPropertiesError(
                "the cluster id \(clusterId) doesn't match stored cluster.id \(stored) in meta.properties; the broker "
                    + "is trying to join the wrong cluster (is KAFKA_ZOOKEEPER_CONNECT right?)")
        }
        return nil
    }
}

/// What is wrong with a `meta.properties`.
public struct MetaPropertiesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

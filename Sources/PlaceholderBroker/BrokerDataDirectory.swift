import Foundation

/// The broker's directory on its persistent volume (`BROKER_DATA_DIR`, Kafka's `log.dirs`): `meta.properties`
/// as Kafka keeps it, and `placeholder.log`, one line per start and stop, which shows that the volume's data
/// survives restarts.
public struct BrokerDataDirectory: Sendable {
    public let path: String

    public static let logFileName = "placeholder.log"

    public init(path: String) {
        self.path = path
    }

    public var metaPropertiesPath: String { path + "/" + MetaProperties.fileName }
    public var logPath: String { path + "/" + Self.logFileName }

    /// Creates the directory if needed, then checks `meta.properties` against the broker and cluster ids (as
    /// Kafka does: another broker's or another cluster's data is an error), or writes it the first time.
    @discardableResult
    public func prepare(brokerId: Int32, clusterId: String) throws(PlaceholderBrokerError) -> MetaProperties {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .dataDirectory(path: path, problem: "cannot create it: \(Self.reason(error))")
        }
        guard FileManager.default.fileExists(atPath: metaPropertiesPath) else {
            let meta = MetaProperties(brokerId: brokerId, clusterId: clusterId)
            try store(meta)
            return meta
        }
        let text: String
        do {
            text = try String(contentsOfFile: metaPropertiesPath, encoding: .utf8)
        } catch {
            throw .dataDirectory(path: path, problem: "cannot read \(MetaProperties.fileName): \(Self.reason(error))")
        }
        let stored: MetaProperties
        let updated: MetaProperties?
        do throws(MetaPropertiesError) {
            stored = try MetaProperties(parsing: text)
            updated = try stored.verify(brokerId: brokerId, clusterId: clusterId)
        } catch {
            throw .dataDirectory(path: path, problem: "\(MetaProperties.fileName): \(error.message)")
        }
        guard let updated else { return stored }
        try store(updated)
        return updated
    }

    /// Appends one line to `placeholder.log`.
    public func appendLog(_ line: String) throws(PlaceholderBrokerError) {
        let data = Data((line + "\n").utf8)
        let descriptor = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            throw .dataDirectory(
                path: path, problem: "cannot open \(Self.logFileName): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else {
            throw .dataDirectory(
                path: path, problem: "cannot write \(Self.logFileName): \(String(cString: strerror(errno)))")
        }
    }

    private func store(_ meta: MetaProperties) throws(PlaceholderBrokerError) {
        do {
            try meta.rendered().write(toFile: metaPropertiesPath, atomically: true, encoding: .utf8)
        } catch {
            throw .dataDirectory(path: path, problem: "cannot write \(MetaProperties.fileName): \(Self.reason(error))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

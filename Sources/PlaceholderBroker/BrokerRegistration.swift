import Foundation

/// The znode a ZooKeeper-mode Kafka 3.x broker registers as `/brokers/ids/<id>` (ephemeral), byte for byte in
/// Kafka's field order, so that tools reading it (the scheduler's readiness check, Kafka's own) see a broker.
public struct BrokerRegistration: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Milliseconds since the epoch, when the broker registered.
    public var timestamp: Int64

    public init(host: String, port: Int, timestamp: Int64) {
        self.host = host
        self.port = port
        self.timestamp = timestamp
    }

    /// `/brokers/ids/<id>` (without the chroot).
    public static func path(brokerId: Int32) -> String { "/brokers/ids/\(brokerId)" }

    /// The JSON Kafka 3.x writes (registration version 5).
    public var json: String {
        let host = Self.quoted(host)
        let endpoint = Self.quoted("PLAINTEXT://\(self.host):\(port)")
        return "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
            + "\"endpoints\":[\(endpoint)],\"jmx_port\":-1,\"port\":\(port),\"host\":\(host),\"version\":5,"
            + "\"timestamp\":\"\(timestamp)\"}"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

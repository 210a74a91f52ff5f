import Foundation

/// Who a scheduler instance is, as written into its leader lock node: enough for a person (or a 503 answer)
/// to find the instance holding the lock.
public struct LeaderIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The host the instance runs on.
    public var host: String
    /// Its process id on that host.
    public var pid: Int32
    /// Where its REST API listens, `host:port`.
    public var apiAddress: String

    public init(host: String, pid: Int32, apiAddress: String) {
        self.host = host
        self.pid = pid
        self.apiAddress = apiAddress
    }

    /// This process: the machine's host name, its pid, and the given API address.
    public static func current(apiAddress: String) -> LeaderIdentity {
        LeaderIdentity(host: ProcessInfo.processInfo.hostName, pid: getpid(), apiAddress: apiAddress)
    }

    enum CodingKeys: String, CodingKey {
        case host
        case pid
        case apiAddress = "api_address"
    }

    /// The node's content: JSON with sorted keys.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three plain fields cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    static func decode(_ data: Data) throws -> LeaderIdentity {
        try JSONDecoder().decode(LeaderIdentity.self, from: data)
    }

    public var description: String { "\(apiAddress) (host \(host), pid \(pid))" }
}

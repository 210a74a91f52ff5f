#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reading the leading master from the Mesos group in ZooKeeper, as Mesos writes it.
///
/// Each master holds an ephemeral sequential node `json.info_<10-digit sequence>` whose data is its
/// `MasterInfo` as JSON; the lowest sequence is the leader. Other children (`log_replicas`, the old
/// protobuf `info_*`) are not masters.
enum ZooKeeperLeader {
    static let prefix = "json.info_"

    /// The leader's node name among a group's children, or nil when no master is present.
    static func leaderNode(in children: [String]) -> String? {
        var best: (name: String, sequence: Int)?
        for name in children where name.hasPrefix(prefix) {
            guard let sequence = Int(name.dropFirst(prefix.count)), sequence >= 0 else { continue }
            if best == nil || sequence < best!.sequence {
                best = (name, sequence)
            }
        }
        return best?.name
    }

    /// The scheduler endpoint described by a `json.info_*` node's data: `address.hostname` or `address.ip`
    /// with `address.port`, else the top-level `hostname` (or packed `ip`) with `port`.
    static func endpoint(masterInfo data: [UInt8], scheme: String) throws(MasterInfoProblem) -> String {
        let info: AnyMasterInfo
        do {
            info = try MesosJSON.decode(AnyMasterInfo.self, from: data)
        } catch {
            throw MasterInfoProblem("not MasterInfo JSON: \(error)")
        }
        let host =
            nonEmpty(info.address?.hostname) ?? nonEmpty(info.address?.ip) ?? nonEmpty(info.hostname)
            ?? info.ip.map(dottedIPv4)
        guard let host else { throw MasterInfoProblem("no hostname or ip in MasterInfo") }
        guard let port = info.address?.port ?? info.port, (1...65535).contains(port) else {
            throw MasterInfoProblem("no valid port in MasterInfo")
        }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)\(SchedulerEndpoint.path)"
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// `MasterInfo.ip` holds the IPv4 address in network byte order, read as a little-endian integer.
    static func dottedIPv4(_ packed: UInt32) -> String {
        (0..<4).map { String((packed >> (8 * UInt32($0))) & 0xFF) }.joined(separator: ".")
    }

    /// The parts of MasterInfo that locate the master, each one optional.
    private struct AnyMasterInfo: Decodable {
        struct AnyAddress: Decodable {
            var hostname: String?
            var ip: String?
            var port: Int?

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                hostname = try? container.decodeIfPresent(String.self, forKey: .hostname)
                ip = try? container.decodeIfPresent(String.self, forKey: .ip)
                port = readInteger(container, .port)
            }

            enum CodingKeys: String, CodingKey {
                case hostname, ip, port
            }
        }

        var address: AnyAddress?
        var hostname: String?
        var ip: UInt32?
        var port: Int?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            address = try? container.decodeIfPresent(AnyAddress.self, forKey: .address)
            hostname = try? container.decodeIfPresent(String.self, forKey: .hostname)
            ip = readInteger(container, .ip).flatMap { UInt32(exactly: $0) }
            port = readInteger(container, .port)
        }

        enum CodingKeys: String, CodingKey {
            case address, hostname, ip, port
        }
    }

    /// An integer written as a number or a numeric string (the proto JSON mapping allows both).
    private static func readInteger<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Int? {
        if let value = try? container.decodeIfPresent(Int.self, forKey: key) { return value }
        if let text = try? container.decodeIfPresent(String.self, forKey: key) { return Int(text) }
        return nil
    }
}

/// Why a `json.info_*` node's data does not locate a master.
struct MasterInfoProblem: Error, Hashable {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

import Foundation
import ZooKeeper

/// The cluster id Kafka keeps in `/cluster/id` (`{"version":"1","id":"<id>"}`): read it, or create it with a
/// new id when this is the cluster's first broker, as Kafka does.
enum ClusterIdentity {
    static let path = "/cluster/id"

    static func getOrCreate(client: ZooKeeperClient, connect: ZooKeeperConnect) async throws -> String {
        let path = connect.path(Self.path)
        for _ in 0..<3 {
            do {
                let node = try await client.get(path)
                return try parse(node.data, path: path)
            } catch let error as ZooKeeperError where error.code == .noNode {
                let id = generate()
                do {
                    try await client.create(path, data: Data(json(id: id).utf8), createParents: true)
                    return id
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    // Another broker created it first: read theirs.
                    continue
                }
            }
        }
        throw PlaceholderBrokerError.zooKeeper("\(path) keeps appearing and disappearing")
    }

    static func json(id: String) -> String {
        "{\"version\":\"1\",\"id\":\(BrokerRegistration.quoted(id))}"
    }

    static func parse(_ data: Data, path: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let id = object["id"] as? String, !id.isEmpty
        else {
            throw PlaceholderBrokerError.zooKeeper(
                "\(path) does not hold a cluster id: \(String(decoding: data, as: UTF8.self))")
        }
        return id
    }

    /// A random UUID in URL-safe base64 without padding (22 characters), the form of Kafka's cluster ids.
    static func generate() -> String {
        let uuid = UUID().uuid
        let bytes = withUnsafeBytes(of: uuid) { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

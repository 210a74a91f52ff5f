import Foundation
import KafkaAdmin
import TestSupport
import ZooKeeper

/// Kafka's znodes, byte for byte as ZooKeeper-mode Kafka writes them (Jackson over Scala maps, so the key
/// order is Kafka's, not sorted), under a chroot of the test's own.
enum KafkaZNodeJSON {
    /// `/brokers/topics/<t>/partitions/<p>/state` (Kafka's `TopicPartitionStateZNode`, all versions).
    static func partitionState(leader: Int32, leaderEpoch: Int32 = 0, controllerEpoch: Int32 = 1, isr: [Int32])
        -> String
    {
        "{\"controller_epoch\":\(controllerEpoch),\"leader\":\(leader),\"version\":1,\"leader_epoch\":\(leaderEpoch),"
            + "\"isr\":\(list(isr))}"
    }

    /// `/brokers/topics/<t>` as Kafka 0.10 to 2.3 writes it (version 1).
    static func topicV1(_ assignment: [Int32: [Int32]]) -> String {
        "{\"version\":1,\"partitions\":\(partitions(assignment))}"
    }

    /// `/brokers/topics/<t>` as Kafka 2.4 to 2.7 writes it (version 2).
    static func topicV2(_ assignment: [Int32: [Int32]]) -> String {
        "{\"version\":2,\"partitions\":\(partitions(assignment)),\"adding_replicas\":{},\"removing_replicas\":{}}"
    }

    /// `/brokers/topics/<t>` as Kafka 2.8 and 3.x write it (version 3, with the topic id); `adding` is the
    /// `adding_replicas` map of a reassignment in progress.
    static func topicV3(
        _ assignment: [Int32: [Int32]], adding: [Int32: [Int32]] = [:], topicId: String = "pbOwLJp6Sh2Fb1ML8Cd2bA"
    ) -> String {
        "{\"removing_replicas\":{},\"partitions\":\(partitions(assignment)),\"topic_id\":\"\(topicId)\","
            + "\"adding_replicas\":\(partitions(adding)),\"version\":3}"
    }

    /// `/brokers/ids/<id>` of Kafka 2.7+ (registration version 5), one PLAINTEXT listener.
    static func brokerV5(host: String, port: Int) -> String {
        "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
            + "\"endpoints\":[\"PLAINTEXT://\(host):\(port)\"],\"jmx_port\":-1,\"port\":\(port),\"host\":\"\(host)\","
            + "\"version\":5,\"timestamp\":\"1700000000000\"}"
    }

    /// `/brokers/ids/<id>` of Kafka 0.10.1 to 2.6 (registration version 4).
    static func brokerV4(host: String, port: Int) -> String {
        "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
            + "\"endpoints\":[\"PLAINTEXT://\(host):\(port)\"],\"jmx_port\":-1,\"host\":\"\(host)\","
            + "\"timestamp\":\"1478912345678\",\"port\":\(port),\"version\":4}"
    }

    /// `/brokers/ids/<id>` of Kafka 0.9 (registration version 2).
    static func brokerV2(host: String, port: Int) -> String {
        "{\"jmx_port\":-1,\"timestamp\":\"1450000000000\",\"endpoints\":[\"PLAINTEXT://\(host):\(port)\"],"
            + "\"host\":\"\(host)\",\"version\":2,\"port\":\(port)}"
    }

    /// `/brokers/ids/<id>` of Kafka 0.8 (registration version 1).
    static func brokerV1(host: String, port: Int) -> String {
        "{\"jmx_port\":-1,\"timestamp\":\"1400000000000\",\"host\":\"\(host)\",\"version\":1,\"port\":\(port)}"
    }

    /// Version 4 with named listeners: a SASL_SSL one for replication first, then a PLAINTEXT one for clients
    /// (`host`/`port` are the first PLAINTEXT endpoint, as Kafka writes them).
    static func brokerNamedListeners(host: String, plaintextPort: Int, saslPort: Int) -> String {
        "{\"listener_security_protocol_map\":{\"REPLICATION\":\"SASL_SSL\",\"CLIENT\":\"PLAINTEXT\"},"
            + "\"endpoints\":[\"REPLICATION://\(host):\(saslPort)\",\"CLIENT://\(host):\(plaintextPort)\"],"
            + "\"jmx_port\":9999,\"host\":\"\(host)\",\"timestamp\":\"1600000000000\",\"port\":\(plaintextPort),"
            + "\"version\":4}"
    }

    /// Version 4 of a broker with only an SSL listener: Kafka writes host null and port -1.
    static func brokerSSLOnly(host: String, port: Int) -> String {
        "{\"listener_security_protocol_map\":{\"SSL\":\"SSL\"},\"endpoints\":[\"SSL://\(host):\(port)\"],"
            + "\"jmx_port\":-1,\"host\":null,\"timestamp\":\"1600000000000\",\"port\":-1,\"version\":4}"
    }

    private static func list(_ ids: [Int32]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Kafka's map order is a hash order; descending ids are what small maps show in practice.
    private static func partitions(_ assignment: [Int32: [Int32]]) -> String {
        "{" + assignment.keys.sorted(by: >).map { "\"\($0)\":\(list(assignment[$0]!))" }.joined(separator: ",") + "}"
    }
}

/// Writes a ZooKeeper-mode Kafka cluster's znodes below `root` on a real ZooKeeper server.
struct KafkaZNodeWriter {
    let client: ZooKeeperClient
    let znodes: KafkaZNodes

    init(client: ZooKeeperClient, root: String) {
        self.client = client
        self.znodes = KafkaZNodes(root: root)
    }

    /// Registers a broker the way Kafka does: an ephemeral node, gone when `client`'s session ends.
    func registerBroker(_ id: Int32, json: String) async throws {
        try await ensure(znodes.brokerIds)
        try await client.create(znodes.broker(id), data: Data(json.utf8), mode: .ephemeral)
    }

    func unregisterBroker(_ id: Int32) async throws {
        try await client.delete(znodes.broker(id))
    }

    /// The topic znode, then each partition's state znode (the controller's order). A partition without a
    /// state in `states` gets no state znode.
    func createTopic(_ name: String, json: String, states: [Int32: String]) async throws {
        try await ensure(znodes.topics)
        try await client.create(znodes.topic(name), data: Data(json.utf8))
        for (partition, state) in states.sorted(by: { $0.key < $1.key }) {
            try await client.create(
                znodes.partitionState(topic: name, partition: partition), data: Data(state.utf8), createParents: true)
        }
    }

    func setState(topic: String, partition: Int32, json: String) async throws {
        try await client.set(znodes.partitionState(topic: topic, partition: partition), data: Data(json.utf8))
    }

    /// `/admin/delete_topics/<t>`, empty, as kafka-topics --delete and the DeleteTopics request write it.
    func markForDeletion(_ topic: String) async throws {
        try await client.create(znodes.topicsMarkedForDeletion + "/" + topic, createParents: true)
    }

    private func ensure(_ path: String) async throws {
        if try await client.exists(path) == nil {
            do {
                try await client.create(path, createParents: true)
            } catch let error as ZooKeeperError where error.code == .nodeExists {}
        }
    }
}

/// The seed's `topic1`: three partitions over brokers 0, 1 and 2, every replica in sync, the states of the
/// seed's describe example.
enum SeedTopic {
    static let assignment: [Int32: [Int32]] = [0: [0, 1, 2], 1: [1, 2, 0], 2: [2, 0, 1]]
    static let states: [Int32: String] = [
        0: KafkaZNodeJSON.partitionState(leader: 0, isr: [0, 1, 2]),
        1: KafkaZNodeJSON.partitionState(leader: 1, isr: [1, 2, 0]),
        2: KafkaZNodeJSON.partitionState(leader: 2, isr: [2, 0, 1]),
    ]
}

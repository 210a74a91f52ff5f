import Foundation

/// A topic's replica assignment in ZooKeeper mode, `/brokers/topics/<topic>`, as Kafka writes it (Kafka's
/// `TopicZNode`): `{"version":1,"partitions":{"1":[1,0],"0":[0,1]}}` up to Kafka 2.3; since 2.4 also
/// `"adding_replicas":{}` and `"removing_replicas":{}` (version 2), and since 2.8 `"topic_id":"…"`
/// (version 3). Only the assignment is read; the other keys are tolerated.
public struct TopicAssignment: Sendable, Equatable {
    /// The topic's name (the znode's name).
    public var topic: String
    /// The replicas of each partition, in assignment order (the first is the preferred leader).
    public var replicas: [Int32: [Int32]]

    public init(topic: String, replicas: [Int32: [Int32]]) {
        self.topic = topic
        self.replicas = replicas
    }

    /// The partition ids, ascending.
    public var partitions: [Int32] { replicas.keys.sorted() }

    private struct JSON: Decodable {
        var partitions: [String: [Int32]]?
    }

    /// Decodes the assignment of `topic` read from `path`; `malformedZNode` when it is not Kafka's format.
    /// A znode without `partitions` is a topic without partitions, as Kafka reads it.
    public static func decode(topic: String, data: Data, path: String) throws(KafkaAdminError) -> TopicAssignment {
        let json: JSON
        do {
            json = try JSONDecoder().decode(JSON.self, from: data)
        } catch {
            throw .malformedZNode(path: path, data: data, reason: "not a topic assignment: \(error)")
        }
        var replicas: [Int32: [Int32]] = [:]
        for (key, assigned) in json.partitions ?? [:] {
            guard let partition = Int32(key), partition >= 0 else {
                throw .malformedZNode(path: path, data: data, reason: "partition '\(key)' is not a partition id")
            }
            replicas[partition] = assigned
        }
        return TopicAssignment(topic: topic, replicas: replicas)
    }
}

extension PartitionState {
    private struct ZNodeJSON: Decodable {
        var version: Int32?
        var leader: Int32
        var leaderEpoch: Int32
        var controllerEpoch: Int32
        var isr: [Int32]
        var leaderRecoveryState: Int32?

        enum CodingKeys: String, CodingKey {
            case version, leader, isr
            case leaderEpoch = "leader_epoch"
            case controllerEpoch = "controller_epoch"
            case leaderRecoveryState = "leader_recovery_state"
        }
    }

    /// Decodes a partition-state znode, `/brokers/topics/<t>/partitions/<p>/state`, as Kafka's controller
    /// writes it (Kafka's `TopicPartitionStateZNode`):
    /// `{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1,2]}`, since Kafka 3.2 with
    /// `"leader_recovery_state":1` while the leader recovers. Leader -1 (none) and -2 (the topic is being
    /// deleted) become a nil leader. The replicas come from the topic's assignment.
    public static func decodeZNode(partition: Int32, replicas: [Int32], data: Data, path: String)
        throws(KafkaAdminError) -> PartitionState
    {
        let json: ZNodeJSON
        do {
            json = try JSONDecoder().decode(ZNodeJSON.self, from: data)
        } catch {
            throw .malformedZNode(path: path, data: data, reason: "not a partition state: \(error)")
        }
        return PartitionState(
            partition: partition, leader: json.leader >= 0 ? json.leader : nil, replicas: replicas, isr: json.isr,
            leaderEpoch: json.leaderEpoch, controllerEpoch: json.controllerEpoch, version: json.version,
            leaderRecoveryState: json.leaderRecoveryState)
    }
}

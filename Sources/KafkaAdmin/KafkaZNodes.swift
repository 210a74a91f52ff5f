/// Where Kafka in ZooKeeper mode keeps its cluster state, below its chroot (`zookeeper.connect`'s path;
/// for this service `/dcos-service-<FRAMEWORK_NAME>`, shared with the scheduler's own state).
///
/// - `/brokers/ids/<id>`: a live broker's registration (ephemeral), see `RegisteredBroker`;
/// - `/brokers/topics/<topic>`: the topic's replica assignment, see `TopicAssignment`;
/// - `/brokers/topics/<topic>/partitions/<p>/state`: the partition's leader, ISR and epochs, written by the
///   controller (see `PartitionState.decodeZNode`);
/// - `/admin/delete_topics/<topic>`: a topic marked for deletion, until the controller has removed it.
public struct KafkaZNodes: Sendable, Equatable {
    /// The prefix of every path: "" when the ZooKeeper client is connected to Kafka's chroot itself,
    /// otherwise the chroot as seen by the client (`/dcos-service-kafka`).
    public let root: String

    /// Paths below `root` ("" or `/a/b`; a trailing `/` is dropped and a leading one added).
    public init(root: String = "") {
        var trimmed = Substring(root)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if !trimmed.isEmpty && !trimmed.hasPrefix("/") {
            self.root = "/" + trimmed
        } else {
            self.root = String(trimmed)
        }
    }

    /// `/brokers/ids`: one child per live broker, named by its id.
    public var brokerIds: String { root + "/brokers/ids" }

    /// `/brokers/ids/<id>`.
    public func broker(_ id: Int32) -> String { brokerIds + "/\(id)" }

    /// `/brokers/topics`: one child per topic.
    public var topics: String { root + "/brokers/topics" }

    /// `/brokers/topics/<topic>`.
    public func topic(_ name: String) -> String { topics + "/" + name }

    /// `/brokers/topics/<topic>/partitions/<partition>/state`.
    public func partitionState(topic: String, partition: Int32) -> String {
        self.topic(topic) + "/partitions/\(partition)/state"
    }

    /// `/admin/delete_topics`: one child per topic marked for deletion.
    public var topicsMarkedForDeletion: String { root + "/admin/delete_topics" }
}

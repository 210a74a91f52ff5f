import KafkaAdmin
import KafkaFramework
import Synchronization

/// The topic operations the REST API uses: over the Kafka protocol from the start, and also over Kafka's
/// znodes once the daemon has a session with Kafka's ZooKeeper.
final class DaemonTopics: TopicOperations {
    private let current: Mutex<KafkaTopicOperations>

    init(_ operations: KafkaTopicOperations) {
        current = Mutex(operations)
    }

    func replace(with operations: KafkaTopicOperations) {
        current.withLock { $0 = operations }
    }

    private var operations: KafkaTopicOperations { current.withLock { $0 } }

    func list() async throws(TopicOperationError) -> [String] { try await operations.list() }

    func describe(topic: String) async throws(TopicOperationError) -> TopicDescription {
        try await operations.describe(topic: topic)
    }

    func create(topic: String, partitions: Int?, replication: Int?) async throws(TopicOperationError) -> String {
        try await operations.create(topic: topic, partitions: partitions, replication: replication)
    }

    func delete(topic: String) async throws(TopicOperationError) -> String {
        try await operations.delete(topic: topic)
    }

    func changePartitions(topic: String, count: Int) async throws(TopicOperationError) -> String {
        try await operations.changePartitions(topic: topic, count: count)
    }

    func offsets(topic: String, time: OffsetTime) async throws(TopicOperationError) -> [PartitionOffset] {
        try await operations.offsets(topic: topic, time: time)
    }

    func producerTest(topic: String, messages: Int) async throws(TopicOperationError) -> String {
        try await operations.producerTest(topic: topic, messages: messages)
    }

    func underReplicatedPartitions() async throws(TopicOperationError) -> String {
        try await operations.underReplicatedPartitions()
    }

    func unavailablePartitions() async throws(TopicOperationError) -> String {
        try await operations.unavailablePartitions()
    }
}

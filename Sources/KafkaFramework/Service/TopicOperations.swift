import KafkaAdmin

/// The topic operations of the REST API (`/v1/topics…`), the equivalents of `kafka-topics.sh`,
/// `GetOffsetShell` and `kafka-producer-perf-test.sh`. Implemented over Kafka (librdkafka and Kafka's
/// znodes); the REST API only maps parameters and answers.
///
/// Messages are what the answer's `message` field shows, e.g. `Output: Created topic "topic1".\n`. The
/// values are KafkaAdmin's (`TopicDescription`, `PartitionOffset`, `OffsetTime`), so an implementation over
/// `KafkaAdminClient` passes them through; its errors convert with `TopicOperationError(_:topic:)`.
public protocol TopicOperations: Sendable {
    /// The topic names.
    func list() async throws(TopicOperationError) -> [String]

    /// Each partition's leader, replicas, in-sync replicas and (when known) epochs.
    func describe(topic: String) async throws(TopicOperationError) -> TopicDescription

    /// Creates `topic`; nil counts take the service defaults (`KAFKA_DEFAULT_PARTITION_COUNT`,
    /// `KAFKA_DEFAULT_REPLICATION_FACTOR`).
    func create(topic: String, partitions: Int?, replication: Int?) async throws(TopicOperationError) -> String

    /// Deletes `topic`.
    func delete(topic: String) async throws(TopicOperationError) -> String

    /// Raises the partition count of `topic` to `count` (Kafka cannot lower it).
    func changePartitions(topic: String, count: Int) async throws(TopicOperationError) -> String

    /// The offset of each partition at `time`; a nil offset (no record at or after a timestamp) is left
    /// out of the answer.
    func offsets(topic: String, time: OffsetTime) async throws(TopicOperationError) -> [PartitionOffset]

    /// Produces `messages` records of 1 KiB to `topic` and reports the throughput and latencies.
    func producerTest(topic: String, messages: Int) async throws(TopicOperationError) -> String

    /// The partitions whose in-sync replicas are fewer than their replicas, one per line; empty when none.
    func underReplicatedPartitions() async throws(TopicOperationError) -> String

    /// The partitions without a leader, one per line; empty when none.
    func unavailablePartitions() async throws(TopicOperationError) -> String
}

/// Why a topic operation failed. `code` is the HTTP status the REST API answers with.
public enum TopicOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Creating a topic that exists (409).
    case topicExists(topic: String)
    /// No topic with this name (404).
    case unknownTopic(topic: String)
    /// The replication factor cannot be met, e.g. larger than the number of live brokers (400).
    case invalidReplication(message: String)
    /// The partition count is not valid (400).
    case invalidPartitions(message: String)
    /// Lowering a topic's partition count, which Kafka cannot do (400).
    case partitionDecrease(topic: String, current: Int, requested: Int)
    /// Any other request Kafka refuses as invalid, e.g. an illegal topic name (400).
    case invalidRequest(message: String)
    /// Kafka or its ZooKeeper cannot be reached, or did not answer in time (503).
    case unavailable(reason: String)
    /// Kafka failed the request for another reason, e.g. an authorization error (500, with Kafka's message).
    case failed(message: String)

    /// The HTTP status for this error: 400, 404, 409, 503 or 500.
    public var code: Int {
        switch self {
        case .topicExists: return 409
        case .unknownTopic: return 404
        case .invalidReplication, .invalidPartitions, .partitionDecrease, .invalidRequest: return 400
        case .unavailable: return 503
        case .failed: return 500
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .topicExists(let topic):
            return "topic '\(topic)' already exists"
        case .unknownTopic(let topic):
            return "no topic named '\(topic)' (see GET /v1/topics)"
        case .invalidReplication(let message), .invalidPartitions(let message), .invalidRequest(let message):
            return message
        case .partitionDecrease(let topic, let current, let requested):
            return "topic '\(topic)' has \(current) partitions; Kafka cannot lower that to \(requested)"
        case .unavailable(let reason):
            return "Kafka is unavailable: \(reason); retry later"
        case .failed(let message):
            return "Kafka failed the request: \(message)"
        }
    }

    public var description: String { message }
}

extension TopicOperationError {
    /// The error for a failed `KafkaAdminClient` call on `topic` (nil for calls on no one topic), by the
    /// error's category: conflict → `topicExists`, not found → `unknownTopic`, bad request →
    /// `invalidReplication` / `invalidPartitions` / `invalidRequest` with Kafka's message, unavailable →
    /// `unavailable`, anything else → `failed`.
    public init(_ error: KafkaAdminError, topic: String?) {
        switch error.category {
        case .conflict:
            self = topic.map { .topicExists(topic: $0) } ?? .failed(message: error.description)
        case .notFound:
            self = topic.map { .unknownTopic(topic: $0) } ?? .failed(message: error.description)
        case .badRequest:
            switch error.name {
            case "INVALID_REPLICATION_FACTOR": self = .invalidReplication(message: error.message)
            case "INVALID_PARTITIONS": self = .invalidPartitions(message: error.message)
            default: self = .invalidRequest(message: error.message)
            }
        case .unavailable:
            self = .unavailable(reason: error.message)
        case .failed:
            self = .failed(message: error.description)
        }
    }
}

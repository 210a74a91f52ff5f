/// The topic operations of the REST API (`/v1/topics…`), the equivalents of `kafka-topics.sh`,
/// `GetOffsetShell` and `kafka-producer-perf-test.sh`. Implemented over Kafka (librdkafka and Kafka's
/// znodes); the REST API only maps parameters and answers.
///
/// Messages are what the answer's `message` field shows, e.g. `Output: Created topic "topic1".\n`.
public protocol TopicOperations: Sendable {
    /// The topic names.
    func list() async throws(TopicOperationError) -> [String]

    /// Each partition's state, as Kafka keeps it in `/brokers/topics/<topic>/partitions/<p>/state`.
    func describe(topic: String) async throws(TopicOperationError) -> TopicDescription

    /// Creates `topic`; nil counts take the service defaults (`KAFKA_DEFAULT_PARTITION_COUNT`,
    /// `KAFKA_DEFAULT_REPLICATION_FACTOR`).
    func create(topic: String, partitions: Int?, replication: Int?) async throws(TopicOperationError) -> String

    /// Deletes `topic`.
    func delete(topic: String) async throws(TopicOperationError) -> String

    /// Raises the partition count of `topic` to `count` (Kafka cannot lower it).
    func changePartitions(topic: String, count: Int) async throws(TopicOperationError) -> String

    /// The offset of each partition at `time`.
    func offsets(topic: String, time: OffsetTime) async throws(TopicOperationError) -> [PartitionOffset]

    /// Produces `messages` records of 1 KiB to `topic` and reports the throughput and latencies.
    func producerTest(topic: String, messages: Int) async throws(TopicOperationError) -> String

    /// The partitions whose in-sync replicas are fewer than their replicas, one per line; empty when none.
    func underReplicatedPartitions() async throws(TopicOperationError) -> String

    /// The partitions without a leader, one per line; empty when none.
    func unavailablePartitions() async throws(TopicOperationError) -> String
}

/// A topic's partitions (`GET /v1/topics/<topic>`).
public struct TopicDescription: Sendable, Equatable {
    /// In the order the answer lists them.
    public var partitions: [PartitionState]

    public init(partitions: [PartitionState]) {
        self.partitions = partitions
    }
}

/// One partition's state, the fields of Kafka's partition state znode.
public struct PartitionState: Sendable, Equatable {
    public var partition: Int
    public var controllerEpoch: Int
    /// The in-sync replicas, in Kafka's order.
    public var isr: [Int]
    /// The leader's broker id; -1 when the partition has no leader.
    public var leader: Int
    public var leaderEpoch: Int
    public var version: Int

    public init(partition: Int, controllerEpoch: Int, isr: [Int], leader: Int, leaderEpoch: Int, version: Int) {
        self.partition = partition
        self.controllerEpoch = controllerEpoch
        self.isr = isr
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.version = version
    }
}

/// A partition's offset at some time (`GET /v1/topics/<topic>/offsets`).
public struct PartitionOffset: Sendable, Equatable {
    public var partition: Int
    public var offset: Int64

    public init(partition: Int, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}

/// The `time` of an offsets query.
public enum OffsetTime: Sendable, Equatable, CustomStringConvertible {
    /// The earliest offset still available.
    case first
    /// The offset the next record will get (the end of the log).
    case last
    /// The earliest offset whose record's timestamp is at or after this time, in ms since the epoch.
    case timestamp(Int64)

    /// `first`, `last` or the milliseconds.
    public var description: String {
        switch self {
        case .first: return "first"
        case .last: return "last"
        case .timestamp(let ms): return String(ms)
        }
    }
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

    /// The HTTP status for this error: 400, 404, 409 or 503.
    public var code: Int {
        switch self {
        case .topicExists: return 409
        case .unknownTopic: return 404
        case .invalidReplication, .invalidPartitions, .partitionDecrease, .invalidRequest: return 400
        case .unavailable: return 503
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
        }
    }

    public var description: String { message }
}

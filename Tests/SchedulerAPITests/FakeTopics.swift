import KafkaAdmin
import KafkaFramework

/// In-memory `TopicOperations` with Kafka's rules (no duplicate topics, replication at most the broker
/// count, partitions only grow) and the messages of the seed's examples.
actor FakeTopics: TopicOperations {
    struct Topic {
        var name: String
        var partitions: [PartitionState]
        var endOffsets: [Int64]
        var firstOffsets: [Int64]
        /// What a timestamp query answers; nil answers the first offsets.
        var timestampOffsets: [Int64?]? = nil
    }

    private var topics: [Topic]
    private let brokerCount: Int
    private var unavailable: TopicOperationError?
    private(set) var producerTests: [(topic: String, messages: Int)] = []

    init(brokerCount: Int = 3, topics: [Topic] = []) {
        self.brokerCount = brokerCount
        self.topics = topics
    }

    /// Makes every operation fail as if Kafka could not be reached.
    func makeUnavailable(_ reason: String?) {
        unavailable = reason.map { .unavailable(reason: $0) }
    }

    /// Makes every operation fail with `error` (nil: succeed again).
    func fail(with error: TopicOperationError?) {
        unavailable = error
    }

    func list() async throws(TopicOperationError) -> [String] {
        try checkAvailable()
        return topics.map(\.name)
    }

    func describe(topic: String) async throws(TopicOperationError) -> TopicDescription {
        TopicDescription(name: topic, partitions: try find(topic).partitions)
    }

    func create(topic: String, partitions: Int?, replication: Int?) async throws(TopicOperationError) -> String {
        try checkAvailable()
        guard !topics.contains(where: { $0.name == topic }) else { throw .topicExists(topic: topic) }
        let replication = replication ?? min(3, brokerCount)
        guard replication <= brokerCount else {
            throw .invalidReplication(
                message: "replication factor: \(replication) larger than available brokers: \(brokerCount)")
        }
        let count = partitions ?? 1
        topics.insert(
            Topic(
                name: topic,
                partitions: (0..<count).map {
                    Self.state(partition: Int32($0), brokers: brokerCount, replication: replication)
                },
                endOffsets: Array(repeating: 0, count: count), firstOffsets: Array(repeating: 0, count: count)),
            at: 0)
        return "Output: Created topic \"\(topic)\".\n"
    }

    func delete(topic: String) async throws(TopicOperationError) -> String {
        _ = try find(topic)
        topics.removeAll { $0.name == topic }
        return "Topic \(topic) is marked for deletion.\n"
            + "Note: This will have no impact if delete.topic.enable is not set to true.\n"
    }

    func changePartitions(topic: String, count: Int) async throws(TopicOperationError) -> String {
        let current = try find(topic)
        guard count > current.partitions.count else {
            throw .partitionDecrease(topic: topic, current: current.partitions.count, requested: count)
        }
        let index = topics.firstIndex { $0.name == topic }!
        for partition in current.partitions.count..<count {
            topics[index].partitions.append(
                Self.state(partition: Int32(partition), brokers: brokerCount, replication: 1))
            topics[index].endOffsets.append(0)
            topics[index].firstOffsets.append(0)
        }
        return "Output: WARNING: If partitions are increased for a topic that has a key, the partition logic or "
            + "ordering of the messages will be affected\nAdding partitions succeeded!\n"
    }

    func offsets(topic: String, time: OffsetTime) async throws(TopicOperationError) -> [PartitionOffset] {
        let found = try find(topic)
        let offsets: [Int64?]
        switch time {
        case .first: offsets = found.firstOffsets
        case .last: offsets = found.endOffsets
        case .timestamp: offsets = found.timestampOffsets ?? found.firstOffsets
        }
        return offsets.indices.reversed().map { PartitionOffset(partition: Int32($0), offset: offsets[$0]) }
    }

    func producerTest(topic: String, messages: Int) async throws(TopicOperationError) -> String {
        _ = try find(topic)
        producerTests.append((topic, messages))
        return "\(messages) records sent, 70.422535 records/sec (0.07 MB/sec), 24.20 ms avg latency, "
            + "133.00 ms max latency, 13 ms 50th, 133 ms 95th, 133 ms 99th, 133 ms 99.9th.\n"
    }

    func underReplicatedPartitions() async throws(TopicOperationError) -> String {
        try checkAvailable()
        return ""
    }

    func unavailablePartitions() async throws(TopicOperationError) -> String {
        try checkAvailable()
        return ""
    }

    private func checkAvailable() throws(TopicOperationError) {
        if let unavailable { throw unavailable }
    }

    private func find(_ topic: String) throws(TopicOperationError) -> Topic {
        try checkAvailable()
        guard let found = topics.first(where: { $0.name == topic }) else { throw .unknownTopic(topic: topic) }
        return found
    }

    /// Leader `partition % brokers`, ISR starting at the leader, as in the seed's describe example.
    static func state(partition: Int32, brokers: Int, replication: Int) -> PartitionState {
        let leader = Int32(Int(partition) % brokers)
        let replicas = (0..<replication).map { Int32((Int(leader) + $0) % brokers) }
        return PartitionState(
            partition: partition, leader: leader, replicas: replicas, isr: replicas, leaderEpoch: 0,
            controllerEpoch: 1)
    }
}

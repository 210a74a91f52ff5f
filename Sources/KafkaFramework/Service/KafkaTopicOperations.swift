import KafkaAdmin

/// `TopicOperations` over Kafka itself, through a `KafkaAdminClient`: what the daemon gives the REST API.
public struct KafkaTopicOperations: TopicOperations {
    public let client: KafkaAdminClient
    /// Partitions of a topic created without a count (`KAFKA_DEFAULT_PARTITION_COUNT`).
    public let defaultPartitions: Int
    /// Replication factor of a topic created without one (`KAFKA_DEFAULT_REPLICATION_FACTOR`).
    public let defaultReplication: Int

    public init(client: KafkaAdminClient, defaultPartitions: Int, defaultReplication: Int) {
        self.client = client
        self.defaultPartitions = defaultPartitions
        self.defaultReplication = defaultReplication
    }

    /// The operations with the defaults of the daemon's settings.
    public init(client: KafkaAdminClient, settings: SchedulerSettings) {
        self.init(
            client: client, defaultPartitions: settings.defaultPartitionCount,
            defaultReplication: settings.defaultReplicationFactor)
    }

    public func list() async throws(TopicOperationError) -> [String] {
        try await call(nil) { () async throws(KafkaAdminError) in try await client.listTopics() }
    }

    public func describe(topic: String) async throws(TopicOperationError) -> TopicDescription {
        try await call(topic) { () async throws(KafkaAdminError) in try await client.describeTopic(topic) }
    }

    public func create(topic: String, partitions: Int?, replication: Int?) async throws(TopicOperationError)
        -> String
    {
        try await call(topic) { () async throws(KafkaAdminError) in
            try await client.createTopic(
                topic, partitions: partitions ?? defaultPartitions, replicationFactor: replication ?? defaultReplication
            )
        }
    }

    public func delete(topic: String) async throws(TopicOperationError) -> String {
        try await call(topic) { () async throws(KafkaAdminError) in try await client.deleteTopic(topic) }
    }

    public func changePartitions(topic: String, count: Int) async throws(TopicOperationError) -> String {
        try await call(topic) { () async throws(KafkaAdminError) in
            try await client.addPartitions(to: topic, totalCount: count)
        }
    }

    public func offsets(topic: String, time: OffsetTime) async throws(TopicOperationError) -> [PartitionOffset] {
        try await call(topic) { () async throws(KafkaAdminError) in try await client.offsets(of: topic, at: time) }
    }

    public func producerTest(topic: String, messages: Int) async throws(TopicOperationError) -> String {
        try await call(topic) { () async throws(KafkaAdminError) in
            try await client.producerTest(topic: topic, records: messages).message
        }
    }

    public func underReplicatedPartitions() async throws(TopicOperationError) -> String {
        try await call(nil) { () async throws(KafkaAdminError) in try await client.underReplicatedPartitions() }
    }

    public func unavailablePartitions() async throws(TopicOperationError) -> String {
        try await call(nil) { () async throws(KafkaAdminError) in try await client.unavailablePartitions() }
    }

    private func call<T>(_ topic: String?, _ body: () async throws(KafkaAdminError) -> T)
        async throws(TopicOperationError) -> T
    {
        do {
            return try await body()
        } catch {
            throw TopicOperationError(error, topic: topic)
        }
    }
}

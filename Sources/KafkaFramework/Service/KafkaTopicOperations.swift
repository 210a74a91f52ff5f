import KafkaAdmin

/// `TopicOperations` over Kafka itself: what the daemon gives the REST API.
///
/// Changes (create, delete, partitions), offsets and the producer test always go through the Kafka
/// protocol (`KafkaAdminClient`; ZooKeeper-mode brokers serve them since Kafka 0.10.1). Reads — list,
/// describe, under-replicated and unavailable partitions — go to Kafka's own znodes when a ZooKeeper
/// source is given and Kafka runs in ZooKeeper mode under it (decided on every call, see
/// `ModeSelectingMetadataSource`); describe then answers each partition-state znode as Kafka wrote it.
/// Otherwise they go through the Kafka protocol too.
public struct KafkaTopicOperations: TopicOperations {
    public let client: KafkaAdminClient
    /// Kafka's znodes, when the daemon can read Kafka's ZooKeeper chroot
    /// (`<KAFKA_ZOOKEEPER_URI>/dcos-service-<FRAMEWORK_NAME>`).
    public let zooKeeper: ZooKeeperMetadataSource?
    /// Partitions of a topic created without a count (`KAFKA_DEFAULT_PARTITION_COUNT`).
    public let defaultPartitions: Int
    /// Replication factor of a topic created without one (`KAFKA_DEFAULT_REPLICATION_FACTOR`).
    public let defaultReplication: Int

    public init(
        client: KafkaAdminClient, zooKeeper: ZooKeeperMetadataSource? = nil, defaultPartitions: Int,
        defaultReplication: Int
    ) {
        self.client = client
        self.zooKeeper = zooKeeper
        self.defaultPartitions = defaultPartitions
        self.defaultReplication = defaultReplication
    }

    /// The operations with the defaults of the daemon's settings.
    public init(client: KafkaAdminClient, zooKeeper: ZooKeeperMetadataSource? = nil, settings: SchedulerSettings) {
        self.init(
            client: client, zooKeeper: zooKeeper, defaultPartitions: settings.defaultPartitionCount,
            defaultReplication: settings.defaultReplicationFactor)
    }

    /// The source the reads use: the znodes in ZooKeeper mode, the Kafka protocol otherwise.
    public var metadata: ModeSelectingMetadataSource {
        ModeSelectingMetadataSource(kafka: client, zooKeeper: zooKeeper)
    }

    public func list() async throws(TopicOperationError) -> [String] {
        try await call(nil) { () async throws(KafkaAdminError) in
            try await metadata.listTopics(includeInternal: false)
        }
    }

    public func describe(topic: String) async throws(TopicOperationError) -> TopicDescription {
        try await call(topic) { () async throws(KafkaAdminError) in try await metadata.describeTopic(topic) }
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
        try await call(nil) { () async throws(KafkaAdminError) in try await metadata.underReplicatedPartitions() }
    }

    public func unavailablePartitions() async throws(TopicOperationError) -> String {
        try await call(nil) { () async throws(KafkaAdminError) in try await metadata.unavailablePartitions() }
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

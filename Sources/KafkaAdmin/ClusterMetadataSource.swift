/// A source of truth about a Kafka cluster's brokers and partitions.
///
/// `KafkaAdminClient` answers from the Kafka protocol's Metadata through librdkafka. Kafka in ZooKeeper
/// mode also keeps this state in its znodes (`/brokers/ids`, `/brokers/topics/<t>/partitions/<p>/state`),
/// which another implementation can read. Listings and readiness checks are written once, on top of
/// `clusterMetadata()`; an implementation may answer the narrower requirements more cheaply.
public protocol ClusterMetadataSource: Sendable {
    /// The current brokers and topics.
    func clusterMetadata() async throws(KafkaAdminError) -> ClusterMetadata

    /// Topic names, sorted; internal topics (`__consumer_offsets`, …) only when asked for.
    func listTopics(includeInternal: Bool) async throws(KafkaAdminError) -> [String]

    /// One topic's partitions; `notFound` when the cluster has no such topic.
    func describeTopic(_ name: String) async throws(KafkaAdminError) -> TopicDescription

    /// Whether the broker id appears among the cluster's registered brokers.
    func isBrokerRegistered(_ brokerId: Int32) async throws(KafkaAdminError) -> Bool

    /// Whether the broker is registered and no partition with a replica on it is under-replicated.
    func replicaSyncStatus(ofBroker brokerId: Int32) async throws(KafkaAdminError) -> ReplicaSyncStatus
}

extension ClusterMetadataSource {
    public func listTopics(includeInternal: Bool = false) async throws(KafkaAdminError) -> [String] {
        try await clusterMetadata().topics.filter { includeInternal || !$0.isInternal }.map(\.name)
    }

    public func describeTopic(_ name: String) async throws(KafkaAdminError) -> TopicDescription {
        try TopicName.validate(name)
        guard let topic = try await clusterMetadata().topic(named: name) else {
            throw .unknownTopic(name)
        }
        return topic
    }

    public func isBrokerRegistered(_ brokerId: Int32) async throws(KafkaAdminError) -> Bool {
        try await clusterMetadata().isBrokerRegistered(brokerId)
    }

    public func replicaSyncStatus(ofBroker brokerId: Int32) async throws(KafkaAdminError) -> ReplicaSyncStatus {
        try await clusterMetadata().replicaSyncStatus(ofBroker: brokerId)
    }

    /// Under-replicated partitions in kafka-topics' `--describe` format, one line each; "" when none.
    public func underReplicatedPartitions() async throws(KafkaAdminError) -> String {
        try await clusterMetadata().underReplicatedPartitions.kafkaTopicsListing
    }

    /// Unavailable partitions (no leader, or a leader that is not registered) in kafka-topics'
    /// `--describe` format, one line each; "" when none.
    public func unavailablePartitions() async throws(KafkaAdminError) -> String {
        try await clusterMetadata().unavailablePartitions.kafkaTopicsListing
    }
}

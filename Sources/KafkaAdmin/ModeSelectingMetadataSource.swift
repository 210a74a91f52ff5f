/// Where cluster metadata comes from for one call.
public enum MetadataMode: String, Sendable, Equatable {
    /// Kafka runs in ZooKeeper mode: its znodes are read (`ZooKeeperMetadataSource`).
    case zooKeeper
    /// KRaft, or brokers that do not register in ZooKeeper: the Kafka protocol's Metadata
    /// (`KafkaAdminClient`).
    case kafkaProtocol
}

/// Cluster metadata from the best source for the cluster as it is now: Kafka's znodes when Kafka runs in
/// ZooKeeper mode (broker registrations or topic znodes under its chroot), the Kafka protocol otherwise.
/// The choice is made on every call — two cheap `exists` requests — so that a cluster moving between
/// modes, or brokers registering after the scheduler started, is followed without a restart.
///
/// Without a ZooKeeper source every call goes to the Kafka protocol.
public struct ModeSelectingMetadataSource: ClusterMetadataSource {
    /// The Kafka protocol client; also the source of every change (create, delete, partitions).
    public let kafka: KafkaAdminClient
    /// Kafka's znodes, when the scheduler can read Kafka's ZooKeeper chroot.
    public let zooKeeper: ZooKeeperMetadataSource?

    public init(kafka: KafkaAdminClient, zooKeeper: ZooKeeperMetadataSource?) {
        self.kafka = kafka
        self.zooKeeper = zooKeeper
    }

    /// The mode the next call would use. Errors: `unavailable` when Kafka's ZooKeeper cannot be reached
    /// within its request timeout (the cluster's mode cannot be known then).
    public func mode() async throws(KafkaAdminError) -> MetadataMode {
        guard let zooKeeper else { return .kafkaProtocol }
        return try await zooKeeper.isZooKeeperMode() ? .zooKeeper : .kafkaProtocol
    }

    /// The source for the cluster as it is now.
    public func selectedSource() async throws(KafkaAdminError) -> any ClusterMetadataSource {
        if let zooKeeper, try await zooKeeper.isZooKeeperMode() { return zooKeeper }
        return kafka
    }

    public func clusterMetadata() async throws(KafkaAdminError) -> ClusterMetadata {
        try await selectedSource().clusterMetadata()
    }

    public func listTopics(includeInternal: Bool) async throws(KafkaAdminError) -> [String] {
        try await selectedSource().listTopics(includeInternal: includeInternal)
    }

    public func describeTopic(_ name: String) async throws(KafkaAdminError) -> TopicDescription {
        try await selectedSource().describeTopic(name)
    }

    public func isBrokerRegistered(_ brokerId: Int32) async throws(KafkaAdminError) -> Bool {
        try await selectedSource().isBrokerRegistered(brokerId)
    }

    public func replicaSyncStatus(ofBroker brokerId: Int32) async throws(KafkaAdminError) -> ReplicaSyncStatus {
        try await selectedSource().replicaSyncStatus(ofBroker: brokerId)
    }
}

import KafkaAdmin

/// A broker's registration with Kafka: the node `/brokers/ids/<id>` in Kafka's ZooKeeper chroot.
public struct BrokerRegistration: Sendable, Hashable {
    /// The node's creation id (ZooKeeper's czxid): a broker process that registers again makes a new one, so
    /// a registration left by an earlier process can be told from the current one.
    public var creationID: Int64
    /// The advertised host and port, when the registration names them.
    public var host: String?
    public var port: Int?

    public init(creationID: Int64, host: String? = nil, port: Int? = nil) {
        self.creationID = creationID
        self.host = host
        self.port = port
    }
}

/// What the readiness gates (`BROKER_READY_CHECK`) need from Kafka.
public protocol BrokerReadinessProbe: Sendable {
    /// The registered brokers by id: the current registrations first, then the new set after every change.
    /// The sequence ends when the consumer stops iterating or the probe closes.
    func registrations() -> AsyncStream<[Int: BrokerRegistration]>

    /// Whether broker `id` is registered and none of the partitions it hosts is under-replicated.
    /// `endpoints` are the `host:port` of the brokers the scheduler runs, to reach the cluster through.
    func replicaSyncStatus(ofBroker id: Int, endpoints: [String]) async throws -> ReplicaSyncStatus
}

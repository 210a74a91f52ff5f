import Foundation
import Logging
import ZooKeeper

/// Cluster metadata read from Kafka's own znodes, for Kafka in ZooKeeper mode (`zookeeper.connect` =
/// `<KAFKA_ZOOKEEPER_URI>/dcos-service-<FRAMEWORK_NAME>`): brokers from their registrations
/// (`/brokers/ids/<id>`), topics from `/brokers/topics`, partitions from their state znodes
/// (`/brokers/topics/<t>/partitions/<p>/state`). This is what Kafka's controller itself decided, with the
/// epochs the Kafka protocol does not show, and it answers while no broker does.
///
/// Topics marked for deletion (`/admin/delete_topics/<t>`) are left out of `clusterMetadata()` and
/// `listTopics`, as Kafka's metadata leaves them out; `describeTopic` still shows their state until the
/// controller has removed them. Every call answers within `Configuration.requestTimeout`: a ZooKeeper that
/// cannot be reached is an `unavailable` error (HTTP 503).
///
/// Only reads: topics are created, changed and deleted over the Kafka protocol (`KafkaAdminClient`), which
/// ZooKeeper-mode brokers serve since Kafka 0.10.1.
public struct ZooKeeperMetadataSource: ClusterMetadataSource {
    /// Settings of the source.
    public struct Configuration: Sendable, Equatable {
        /// How long one call may wait for ZooKeeper before it fails as `unavailable`.
        public var requestTimeout: Duration
        /// How many znode reads one call keeps in flight at most.
        public var maximumConcurrentReads: Int

        public init(requestTimeout: Duration = .seconds(10), maximumConcurrentReads: Int = 64) {
            self.requestTimeout = requestTimeout
            self.maximumConcurrentReads = max(1, maximumConcurrentReads)
        }
    }

    /// The client, connected to the ZooKeeper ensemble Kafka uses (normally with Kafka's chroot).
    public let client: ZooKeeperClient
    /// Kafka's paths as the client sees them.
    public let znodes: KafkaZNodes
    /// The source's settings.
    public let configuration: Configuration
    let logger: Logger

    /// A source over `client`. `root` is Kafka's chroot as the client sees it: "" when the client is
    /// connected with Kafka's chroot (`host:2181/dcos-service-kafka`), the chroot otherwise.
    public init(
        client: ZooKeeperClient, root: String = "", configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kafka-scheduler.kafka-admin")
    ) {
        self.client = client
        self.znodes = KafkaZNodes(root: root)
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: Mode

    /// Whether Kafka runs in ZooKeeper mode here: at least one broker is registered under `/brokers/ids`
    /// or one topic znode exists under `/brokers/topics`. A KRaft cluster, or a broker that does not
    /// register in ZooKeeper, leaves both empty.
    public func isZooKeeperMode() async throws(KafkaAdminError) -> Bool {
        try await bounded("/brokers/ids and /brokers/topics") { reader throws(KafkaAdminError) in
            if try await reader.childCount(reader.znodes.brokerIds) > 0 { return true }
            return try await reader.childCount(reader.znodes.topics) > 0
        }
    }

    // MARK: ClusterMetadataSource

    /// The registered brokers and every topic not marked for deletion, with each partition's state.
    public func clusterMetadata() async throws(KafkaAdminError) -> ClusterMetadata {
        try await bounded("the cluster's znodes") { reader throws(KafkaAdminError) in
            async let brokers = reader.registeredBrokers()
            async let topics = reader.topicDescriptions()
            do {
                return ClusterMetadata(brokers: try await brokers.map(\.kafkaBroker), topics: try await topics)
            } catch let error as KafkaAdminError {
                throw error
            } catch {
                throw .zooKeeper(error, hosts: reader.hosts)
            }
        }
    }

    /// The topics under `/brokers/topics` not marked for deletion, sorted; internal ones when asked for.
    /// Reads two lists of children, no topic data.
    public func listTopics(includeInternal: Bool) async throws(KafkaAdminError) -> [String] {
        try await bounded("the topic list") { reader throws(KafkaAdminError) in
            try await reader.liveTopicNames().filter {
                includeInternal || !TopicDescription.internalTopicNames.contains($0)
            }
        }
    }

    /// One topic's partitions with their state znodes' content; `notFound` when `/brokers/topics/<name>`
    /// does not exist. A partition whose state znode is not written yet has no leader, no ISR and no epochs.
    public func describeTopic(_ name: String) async throws(KafkaAdminError) -> TopicDescription {
        try TopicName.validate(name)
        return try await bounded("topic \(name)'s znodes") { reader throws(KafkaAdminError) in
            guard let description = try await reader.topicDescription(name) else { throw .unknownTopic(name) }
            return description
        }
    }

    /// Whether `/brokers/ids/<id>` exists.
    public func isBrokerRegistered(_ brokerId: Int32) async throws(KafkaAdminError) -> Bool {
        try await bounded("broker \(brokerId)'s registration") { reader throws(KafkaAdminError) in
            try await reader.exists(reader.znodes.broker(brokerId))
        }
    }

    // MARK: Registrations

    /// The registered brokers, sorted by id. A registration that vanishes while it is read (the broker
    /// stopped) is left out.
    public func registeredBrokers() async throws(KafkaAdminError) -> [RegisteredBroker] {
        try await bounded("the broker registrations") { reader throws(KafkaAdminError) in
            try await reader.registeredBrokers()
        }
    }

    /// The PLAINTEXT `host:port` of every registered broker, in broker id order: bootstrap endpoints for
    /// `KafkaAdminClient.updateBootstrapServers`. Brokers without a PLAINTEXT listener are left out.
    public func registeredEndpoints() async throws(KafkaAdminError) -> [String] {
        try await registeredBrokers().compactMap { $0.plaintextEndpoint?.hostPort }
    }

    /// Runs `body` with a reader, within the request timeout.
    func bounded<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (ZNodeReader) async throws(KafkaAdminError) -> T
    ) async throws(KafkaAdminError) -> T {
        let reader = ZNodeReader(
            client: client, znodes: znodes, concurrency: configuration.maximumConcurrentReads, logger: logger)
        let timeout = configuration.requestTimeout
        let hosts = client.connectString
        return try await Deadline.run(
            within: timeout, timeoutError: { .zooKeeperTimedOut(what, hosts: hosts, after: timeout) }
        ) { () async throws(KafkaAdminError) -> T in
            try await body(reader)
        }
    }
}

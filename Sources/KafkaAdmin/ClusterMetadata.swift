/// A snapshot of a Kafka cluster: its live (registered) brokers and its topics with their partitions'
/// leaders, replicas and in-sync replicas. Every source of truth (the Kafka protocol's Metadata, Kafka's
/// znodes in ZooKeeper mode) produces this same value, and every listing and readiness decision is a pure
/// function of it.
public struct ClusterMetadata: Sendable, Equatable {
    /// The brokers that are registered with the cluster, sorted by id.
    public var brokers: [KafkaBroker]
    /// Every topic, internal ones included, sorted by name.
    public var topics: [TopicDescription]

    public init(brokers: [KafkaBroker], topics: [TopicDescription]) {
        self.brokers = brokers.sorted { $0.id < $1.id }
        self.topics = topics.sorted { $0.name < $1.name }
    }

    /// The topic with this name, if the cluster has it.
    public func topic(named name: String) -> TopicDescription? {
        topics.first { $0.name == name }
    }

    /// Whether a broker with this id is registered.
    public func isBrokerRegistered(_ id: Int32) -> Bool {
        brokers.contains { $0.id == id }
    }

    /// Partitions with fewer in-sync replicas than replicas, in topic then partition order
    /// (kafka-topics' `--under-replicated-partitions`).
    public var underReplicatedPartitions: [TopicPartitionState] {
        allPartitions.filter(\.state.isUnderReplicated)
    }

    /// Partitions without a leader, or whose leader is not a registered broker
    /// (kafka-topics' `--unavailable-partitions`).
    public var unavailablePartitions: [TopicPartitionState] {
        let live = Set(brokers.map(\.id))
        return allPartitions.filter { partition in
            guard let leader = partition.state.leader else { return true }
            return !live.contains(leader)
        }
    }

    /// Whether a broker has caught up: it is registered and no partition with a replica on it is
    /// under-replicated.
    public func replicaSyncStatus(ofBroker id: Int32) -> ReplicaSyncStatus {
        let lagging = allPartitions.filter { $0.state.replicas.contains(id) && $0.state.isUnderReplicated }
        return ReplicaSyncStatus(brokerId: id, isRegistered: isBrokerRegistered(id), laggingPartitions: lagging)
    }

    /// Every partition of every topic, in topic then partition order.
    public var allPartitions: [TopicPartitionState] {
        topics.flatMap { topic in
            topic.partitions.map { TopicPartitionState(topic: topic.name, state: $0) }
        }
    }
}

/// A broker registered with the cluster.
public struct KafkaBroker: Sendable, Equatable, Hashable {
    /// The broker id (`broker.id`).
    public var id: Int32
    /// The host the broker advertises.
    public var host: String
    /// The port the broker advertises.
    public var port: Int

    public init(id: Int32, host: String, port: Int) {
        self.id = id
        self.host = host
        self.port = port
    }

    /// `host:port`, as a bootstrap endpoint.
    public var endpoint: String { "\(host):\(port)" }
}

/// A topic and its partitions.
public struct TopicDescription: Sendable, Equatable {
    /// The topic name.
    public var name: String
    /// The partitions, sorted by id.
    public var partitions: [PartitionState]

    public init(name: String, partitions: [PartitionState]) {
        self.name = name
        self.partitions = partitions.sorted { $0.partition < $1.partition }
    }

    /// Whether Kafka treats this topic as internal (`__consumer_offsets`, `__transaction_state`).
    public var isInternal: Bool { Self.internalTopicNames.contains(name) }

    /// Kafka's internal topics (Kafka's `Topic.isInternal`).
    public static let internalTopicNames: Set<String> = ["__consumer_offsets", "__transaction_state"]
}

/// One partition's leadership and replication state.
public struct PartitionState: Sendable, Equatable {
    /// The partition id.
    public var partition: Int32
    /// The leader's broker id; nil when the partition has no leader.
    public var leader: Int32?
    /// The assigned replicas, in assignment order (the first one is the preferred leader).
    public var replicas: [Int32]
    /// The in-sync replicas, in the order Kafka reports them.
    public var isr: [Int32]
    /// The leader epoch, when the source knows it (Kafka's partition-state znode does; librdkafka 2.0.2's
    /// metadata API does not expose it).
    public var leaderEpoch: Int32?
    /// The controller epoch that wrote the partition state, when the source knows it (ZooKeeper mode).
    public var controllerEpoch: Int32?
    /// The format version of the partition-state znode this state was read from (ZooKeeper mode); nil for
    /// other sources.
    public var version: Int32?
    /// Kafka's `leader_recovery_state` (1 while the leader recovers after an unclean election), present in
    /// the partition-state znode only while it is not 0 (recovered); nil otherwise and for other sources.
    public var leaderRecoveryState: Int32?

    public init(
        partition: Int32, leader: Int32?, replicas: [Int32], isr: [Int32], leaderEpoch: Int32? = nil,
        controllerEpoch: Int32? = nil, version: Int32? = nil, leaderRecoveryState: Int32? = nil
    ) {
        self.partition = partition
        self.leader = leader
        self.replicas = replicas
        self.isr = isr
        self.leaderEpoch = leaderEpoch
        self.controllerEpoch = controllerEpoch
        self.version = version
        self.leaderRecoveryState = leaderRecoveryState
    }

    /// Fewer in-sync replicas than assigned replicas (kafka-topics' definition).
    public var isUnderReplicated: Bool { isr.count < replicas.count }
}

/// A partition together with its topic's name.
public struct TopicPartitionState: Sendable, Equatable {
    /// The topic's name.
    public var topic: String
    /// The partition's state.
    public var state: PartitionState

    public init(topic: String, state: PartitionState) {
        self.topic = topic
        self.state = state
    }

    /// `topic-partition`, as Kafka names a partition in logs.
    public var name: String { "\(topic)-\(state.partition)" }

    /// The partition's line in kafka-topics' `--describe` format (Kafka 2.x and 3.x), without the
    /// trailing newline: `\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2`.
    public var describeLine: String {
        let leader = state.leader.map(String.init) ?? "none"
        let replicas = state.replicas.map(String.init).joined(separator: ",")
        let isr = state.isr.map(String.init).joined(separator: ",")
        return "\tTopic: \(topic)\tPartition: \(state.partition)\tLeader: \(leader)\tReplicas: \(replicas)\tIsr: \(isr)"
    }
}

extension [TopicPartitionState] {
    /// The partitions as kafka-topics prints them, one line each ending in a newline; empty when there
    /// are none.
    public var kafkaTopicsListing: String {
        map { $0.describeLine + "\n" }.joined()
    }
}

/// Whether a broker has caught up with its replicas, and if not, what it is waiting for.
public struct ReplicaSyncStatus: Sendable, Equatable {
    /// The broker checked.
    public var brokerId: Int32
    /// Whether the broker is registered with the cluster.
    public var isRegistered: Bool
    /// Under-replicated partitions that have a replica on this broker.
    public var laggingPartitions: [TopicPartitionState]

    public init(brokerId: Int32, isRegistered: Bool, laggingPartitions: [TopicPartitionState]) {
        self.brokerId = brokerId
        self.isRegistered = isRegistered
        self.laggingPartitions = laggingPartitions
    }

    /// Registered and no partition with a replica on it is under-replicated.
    public var isInSync: Bool { isRegistered && laggingPartitions.isEmpty }

    /// What the broker is waiting for, for a plan block's message; "in sync" when it waits for nothing.
    public var summary: String {
        if !isRegistered {
            return "broker \(brokerId) is not registered with the cluster"
        }
        if laggingPartitions.isEmpty {
            return "broker \(brokerId) is in sync"
        }
        let shown = laggingPartitions.prefix(5).map { partition in
            let replicas = partition.state.replicas.map(String.init).joined(separator: ",")
            let isr = partition.state.isr.map(String.init).joined(separator: ",")
            return "\(partition.name) (replicas \(replicas), isr \(isr))"
        }
        let more = laggingPartitions.count > shown.count ? " and \(laggingPartitions.count - shown.count) more" : ""
        let noun = laggingPartitions.count == 1 ? "partition" : "partitions"
        return "waiting for \(laggingPartitions.count) under-replicated \(noun) with a replica on broker "
            + "\(brokerId): \(shown.joined(separator: ", "))\(more)"
    }
}

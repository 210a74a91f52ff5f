/// The cluster a Kafka-protocol responder describes in its Metadata answers.
public struct KafkaClusterDescription: Sendable, Equatable {
    /// A registered broker and the endpoint it advertises.
    public struct Broker: Sendable, Equatable {
        public var id: Int32
        public var host: String
        public var port: Int

        public init(id: Int32, host: String, port: Int) {
            self.id = id
            self.host = host
            self.port = port
        }
    }

    /// A topic as Metadata describes it.
    public struct Topic: Sendable, Equatable {
        public var name: String
        /// Metadata v1's `is_internal` flag.
        public var isInternal: Bool
        public var partitions: [Partition]

        public init(name: String, isInternal: Bool = false, partitions: [Partition]) {
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
        }
    }

    /// A partition as Metadata describes it.
    public struct Partition: Sendable, Equatable {
        public var id: Int32
        /// -1 for no leader.
        public var leader: Int32
        public var replicas: [Int32]
        public var isr: [Int32]

        public init(id: Int32, leader: Int32, replicas: [Int32], isr: [Int32]) {
            self.id = id
            self.leader = leader
            self.replicas = replicas
            self.isr = isr
        }
    }

    /// The registered brokers.
    public var brokers: [Broker]
    /// The controller's id (Metadata v1); -1 for none.
    public var controllerId: Int32
    /// The topics, in the order Metadata lists them.
    public var topics: [Topic]

    public init(brokers: [Broker], controllerId: Int32? = nil, topics: [Topic] = []) {
        self.brokers = brokers
        self.controllerId = controllerId ?? brokers.first?.id ?? -1
        self.topics = topics
    }
}

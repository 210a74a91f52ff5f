import Plan

/// The stored configuration — the target the brokers are rolled onto. It holds everything that shapes the
/// brokers and the service, and nothing secret; the daemon's own settings are in `SchedulerSettings`.
///
/// Stored under `configurations/<uuid>` as `canonicalJSON()` and shown by `GET /v1/configurations/…` in the
/// seed's shape: `brokerConfiguration`, `kafkaConfiguration`, `serviceConfiguration`.
public struct ServiceConfiguration: Sendable, Equatable, Codable {
    public var broker: BrokerConfiguration
    public var kafka: KafkaConfiguration
    public var service: ServiceDefinition

    enum CodingKeys: String, CodingKey {
        case broker = "brokerConfiguration"
        case kafka = "kafkaConfiguration"
        case service = "serviceConfiguration"
    }

    public init(broker: BrokerConfiguration, kafka: KafkaConfiguration, service: ServiceDefinition) {
        self.broker = broker
        self.kafka = kafka
        self.service = service
    }
}

/// What each broker task gets (`brokerConfiguration`).
public struct BrokerConfiguration: Sendable, Equatable {
    /// `BROKER_CPUS`.
    public var cpus: Double
    /// `BROKER_MEM`, MB: the task's memory.
    public var memMB: Int
    /// `BROKER_HEAP_MB`: the JVM heap (`KAFKA_HEAP_OPTS`), at most `memMB`.
    public var heapMB: Int
    /// `BROKER_DISK`, MB: the persistent volume's size.
    public var diskMB: Int
    /// `DISK_TYPE`.
    public var diskType: DiskType
    /// `BROKER_PORT`; 0 takes a port from the first offer and keeps it.
    public var port: Int
    /// `BROKER_READY_CHECK`: when a started broker counts as done in the plan.
    public var readyCheck: ReadinessCheck
    /// `KAFKA_URI`: the Kafka distribution the task fetches.
    public var kafkaURI: String
    /// `JAVA_URI`: the Java runtime the task fetches; empty to use the `java` on the agent.
    public var javaURI: String
    /// `BROKER_COMMAND` (development only): replaces the broker's command.
    public var command: String?

    public init(
        cpus: Double, memMB: Int, heapMB: Int, diskMB: Int, diskType: DiskType, port: Int,
        readyCheck: ReadinessCheck, kafkaURI: String, javaURI: String, command: String? = nil
    ) {
        self.cpus = cpus
        self.memMB = memMB
        self.heapMB = heapMB
        self.diskMB = diskMB
        self.diskType = diskType
        self.port = port
        self.readyCheck = readyCheck
        self.kafkaURI = kafkaURI
        self.javaURI = javaURI
        self.command = command
    }
}

/// What Kafka itself is configured with (`kafkaConfiguration`).
public struct KafkaConfiguration: Sendable, Equatable {
    /// `KAFKA_VER_NAME`: the directory the Kafka distribution unpacks to, e.g. `kafka_2.13-3.7.0`.
    public var kafkaVerName: String
    /// `KAFKA_ZOOKEEPER_URI`: the ZooKeeper ensemble Kafka uses (`host:port,…`); brokers connect to
    /// `<kafkaZkURI>/dcos-service-<name>`.
    public var kafkaZkURI: String
    /// `KAFKA_OVERRIDE_*`: server.properties entries, keyed by property name (`log.retention.hours`).
    public var overrides: [String: String]

    public init(kafkaVerName: String, kafkaZkURI: String, overrides: [String: String] = [:]) {
        self.kafkaVerName = kafkaVerName
        self.kafkaZkURI = kafkaZkURI
        self.overrides = overrides
    }
}

/// The service as a whole (`serviceConfiguration`).
public struct ServiceDefinition: Sendable, Equatable {
    /// `BROKER_COUNT`.
    public var brokerCount: Int
    /// `FRAMEWORK_NAME`.
    public var name: String
    /// `PHASE_STRATEGY`.
    public var phaseStrategy: PhaseStrategy
    /// `PLACEMENT_STRATEGY`.
    public var placementStrategy: PlacementStrategy
    /// `FRAMEWORK_PRINCIPAL`.
    public var principal: String
    /// `FRAMEWORK_ROLE`.
    public var role: String
    /// `FRAMEWORK_USER`; empty for Mesos's default.
    public var user: String

    public init(
        brokerCount: Int, name: String, phaseStrategy: PhaseStrategy, placementStrategy: PlacementStrategy,
        principal: String, role: String, user: String
    ) {
        self.brokerCount = brokerCount
        self.name = name
        self.phaseStrategy = phaseStrategy
        self.placementStrategy = placementStrategy
        self.principal = principal
        self.role = role
        self.user = user
    }
}

/// `DISK_TYPE`: where the broker's persistent volume lives.
public enum DiskType: String, Codable, Sendable, CaseIterable {
    /// A slice of the agent's root disk.
    case root = "ROOT"
    /// A whole mount disk of at least the requested size.
    case mount = "MOUNT"
}

/// `PLACEMENT_STRATEGY`: where new brokers may go.
public enum PlacementStrategy: String, Codable, Sendable, CaseIterable {
    /// At most one broker per agent.
    case node = "NODE"
    /// Any agent with the resources.
    case any = "ANY"
}

/// `BROKER_READY_CHECK`: what a broker must pass before its plan block completes.
public enum ReadinessCheck: String, Codable, Sendable, CaseIterable {
    /// The task is `TASK_RUNNING`.
    case taskRunning = "task-running"
    /// The broker has registered under `/brokers/ids/<id>` in Kafka's ZooKeeper.
    case brokerRegistered = "broker-registered"
    /// Registered, and no partition it hosts is under-replicated.
    case replicasInSync = "replicas-in-sync"
}

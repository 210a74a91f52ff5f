import Plan

/// The default of every environment variable that has one.
public enum ConfigurationDefaults {
    public static let frameworkName = "kafka"
    public static let frameworkPrincipal = "kafka-principal"
    /// `FRAMEWORK_ROLE` defaults to `<FRAMEWORK_NAME>-role`.
    public static func frameworkRole(name: String) -> String { "\(name)-role" }
    public static let frameworkUser = ""
    public static let mesosMaster = "http://leader.mesos:5050"
    /// Two weeks, as the old system had it.
    public static let failoverTimeoutSeconds = 1_209_600
    public static let zookeeper = "master.mesos:2181"
    public static let brokerCount = 3
    public static let brokerCPUs = 1.0
    public static let brokerMemMB = 2304
    public static let brokerHeapMB = 2048
    public static let brokerDiskMB = 5000
    public static let diskType = DiskType.root
    public static let brokerPort = 0
    public static let placementStrategy = PlacementStrategy.node
    public static let phaseStrategy = PhaseStrategy.install
    public static let readyCheck = ReadinessCheck.brokerRegistered
    public static let kafkaURI = "https://archive.apache.org/dist/kafka/3.7.0/kafka_2.13-3.7.0.tgz"
    /// Eclipse Temurin 17 JRE for Linux x64 (Kafka 3.7 supports Java 11 and 17).
    public static let javaURI =
        "https://github.com/adoptium/temurin17-binaries/releases/download/jdk-17.0.11%2B9/"
        + "OpenJDK17U-jre_x64_linux_hotspot_17.0.11_9.tar.gz"
    public static let kafkaVerName = "kafka_2.13-3.7.0"
    public static let enableAutoReplace = false
    public static let replaceDelaySeconds = 600
    public static let apiHost = "0.0.0.0"
    public static let apiPort = 8080
    public static let defaultPartitionCount = 1
    /// `KAFKA_DEFAULT_REPLICATION_FACTOR` defaults to min(3, BROKER_COUNT).
    public static func defaultReplicationFactor(brokerCount: Int) -> Int { max(1, min(3, brokerCount)) }
    /// The largest `BROKER_COUNT` accepted.
    public static let maximumBrokerCount = 1000
}

import Foundation
import Plan

/// The scheduler's configuration from its environment: the daemon's settings and the configuration to
/// store as the target.
public struct SchedulerEnvironment: Sendable, Equatable {
    public var settings: SchedulerSettings
    public var configuration: ServiceConfiguration

    public init(settings: SchedulerSettings, configuration: ServiceConfiguration) {
        self.settings = settings
        self.configuration = configuration
    }

    /// Reads every variable of docs/configuration.md from `environment`. Unset and empty variables take
    /// their defaults; values are trimmed of surrounding whitespace (secrets and override values are
    /// taken as they are). `readFile` reads the files named by `MESOS_SECRET_FILE` and `API_AUTH_TOKEN_FILE`.
    ///
    /// - Throws: every invalid variable at once.
    public static func parse(
        _ environment: [String: String],
        readFile: (String) throws -> String = SchedulerEnvironment.readFile
    ) throws(EnvironmentErrors) -> SchedulerEnvironment {
        var r = EnvironmentReader(environment)
        let dnsLabel = "must be 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit"

        // The service.
        let name = r.string("FRAMEWORK_NAME", default: ConfigurationDefaults.frameworkName, allowed: dnsLabel,
                            isValid: EnvironmentFormats.isServiceName)
        let principal = r.string(
            "FRAMEWORK_PRINCIPAL", default: ConfigurationDefaults.frameworkPrincipal,
            allowed: "must be a non-empty name without whitespace", isValid: EnvironmentFormats.isToken)
        let role = r.string(
            "FRAMEWORK_ROLE", default: ConfigurationDefaults.frameworkRole(name: name),
            allowed: "must be a Mesos role other than '*': no whitespace or '\\', '/'-separated parts that are "
                + "not empty, '.' or '..' and do not start with '-'",
            isValid: EnvironmentFormats.isRole)
        let user = r.string(
            "FRAMEWORK_USER", default: ConfigurationDefaults.frameworkUser,
            allowed: "must be a user name without whitespace, or empty for Mesos's default",
            isValid: EnvironmentFormats.isToken)

        // Mesos.
        var mesosMaster = MesosMasterAddress.urls([ConfigurationDefaults.mesosMaster])
        if let value = r.value("MESOS_MASTER") {
            if let parsed = EnvironmentFormats.mesosMaster(value) {
                mesosMaster = parsed
            } else {
                r.fail(
                    "MESOS_MASTER", value,
                    "must be an http(s)://host[:port] URL, a comma-separated list of them, or "
                        + "zk://host:port[,host:port…]/path")
            }
        }
        let mesosSecret = secret(
            &r, variable: "MESOS_SECRET", fileVariable: "MESOS_SECRET_FILE", readFile: readFile,
            isValid: { !$0.isEmpty }, allowed: "must not be empty")
        let failoverTimeout = r.integer(
            "FAILOVER_TIMEOUT_SECONDS", default: ConfigurationDefaults.failoverTimeoutSeconds,
            range: 1...Int(Int32.max),
            allowed: "must be a whole number of seconds, at least 1")

        // ZooKeeper.
        let zkAllowed = "must be host:port[,host:port…] with an optional /chroot path"
        let zookeeper = r.string(
            "ZOOKEEPER", default: ConfigurationDefaults.zookeeper, allowed: zkAllowed,
            isValid: EnvironmentFormats.isZooKeeperConnect)
        var zookeeperAuth: ZooKeeperCredentials?
        if let value = r.rawValue("ZOOKEEPER_AUTH") {
            zookeeperAuth = EnvironmentFormats.zooKeeperCredentials(value)
            if zookeeperAuth == nil {
                r.fail("ZOOKEEPER_AUTH", nil, "must have the form user:password, both non-empty (value not shown)")
            }
        }
        let kafkaZkURI = r.string(
            "KAFKA_ZOOKEEPER_URI", default: zookeeper, allowed: zkAllowed,
            isValid: EnvironmentFormats.isZooKeeperConnect)

        // Brokers.
        let count = r.integer(
            "BROKER_COUNT", default: ConfigurationDefaults.brokerCount,
            range: 1...ConfigurationDefaults.maximumBrokerCount,
            allowed: "must be a whole number from 1 to \(ConfigurationDefaults.maximumBrokerCount)")
        let cpus = r.decimal(
            "BROKER_CPUS", default: ConfigurationDefaults.brokerCPUs, range: 0.001...1_000_000,
            allowed: "must be a decimal number of CPUs greater than 0, e.g. 0.5 or 2")
        let mem = r.integer(
            "BROKER_MEM", default: ConfigurationDefaults.brokerMemMB, range: 1...Int(Int32.max),
            allowed: "must be a whole number of megabytes, at least 1")
        let heap = r.integer(
            "BROKER_HEAP_MB", default: ConfigurationDefaults.brokerHeapMB, range: 1...Int(Int32.max),
            allowed: "must be a whole number of megabytes, at least 1 (and at most BROKER_MEM)")
        let disk = r.integer(
            "BROKER_DISK", default: ConfigurationDefaults.brokerDiskMB, range: 1...Int(Int32.max),
            allowed: "must be a whole number of megabytes, at least 1")
        let diskType: DiskType = r.choice("DISK_TYPE", default: ConfigurationDefaults.diskType)
        let port = r.integer(
            "BROKER_PORT", default: ConfigurationDefaults.brokerPort, range: 0...65535,
            allowed: "must be a port from 1 to 65535, or 0 to take one from the offer")
        let placement: PlacementStrategy = r.choice(
            "PLACEMENT_STRATEGY", default: ConfigurationDefaults.placementStrategy)
        let phaseStrategy: PhaseStrategy = r.choice("PHASE_STRATEGY", default: ConfigurationDefaults.phaseStrategy)
        let readyCheck: ReadinessCheck = r.choice("BROKER_READY_CHECK", default: ConfigurationDefaults.readyCheck)
        let fetchAllowed =
            "must be an absolute path on the agent or a URL the Mesos fetcher knows ("
            + EnvironmentFormats.fetchSchemes.map { String($0.dropLast(3)) }.joined(separator: ", ") + ")"
        let kafkaURI = r.string(
            "KAFKA_URI", default: ConfigurationDefaults.kafkaURI, allowed: fetchAllowed,
            isValid: EnvironmentFormats.isFetchURI)
        // An empty JAVA_URI is meaningful: use the agent's own java.
        var javaURI = ConfigurationDefaults.javaURI
        if let raw = environment["JAVA_URI"] {
            let value = raw.trimmingWhitespace
            if value.isEmpty || EnvironmentFormats.isFetchURI(value) {
                javaURI = value
            } else {
                r.fail("JAVA_URI", value, fetchAllowed + ", or empty to use the java on the agent")
            }
        }
        let kafkaVerName = r.string(
            "KAFKA_VER_NAME", default: ConfigurationDefaults.kafkaVerName,
            allowed: "must be the directory name the Kafka archive unpacks to: letters, digits, '.', '_' and '-'",
            isValid: EnvironmentFormats.isDirectoryName)
        let overrides = KafkaOverrides.read(&r)
        let command = r.value("BROKER_COMMAND")

        // Recovery.
        let autoReplace = r.boolean("ENABLE_AUTO_REPLACE", default: ConfigurationDefaults.enableAutoReplace)
        let replaceDelay = r.integer(
            "REPLACE_DELAY_SECONDS", default: ConfigurationDefaults.replaceDelaySeconds, range: 1...Int(Int32.max),
            allowed: "must be a whole number of seconds, at least 1")

        // REST API.
        let apiHost = r.string(
            "API_HOST", default: ConfigurationDefaults.apiHost,
            allowed: "must be a host name or an IP address to listen on", isValid: EnvironmentFormats.isListenHost)
        let portAllowed = "must be a port from 1 to 65535"
        let apiPort: Int
        if r.value("API_PORT") != nil {
            apiPort = r.integer(
                "API_PORT", default: ConfigurationDefaults.apiPort, range: 1...65535, allowed: portAllowed)
        } else {
            apiPort = r.integer(
                "PORT0", default: ConfigurationDefaults.apiPort, range: 1...65535, allowed: portAllowed)
        }
        let apiToken = secret(
            &r, variable: "API_AUTH_TOKEN", fileVariable: "API_AUTH_TOKEN_FILE", readFile: readFile,
            isValid: EnvironmentFormats.isToken, allowed: "must be non-empty without whitespace")

        // Topic operations.
        let partitions = r.integer(
            "KAFKA_DEFAULT_PARTITION_COUNT", default: ConfigurationDefaults.defaultPartitionCount,
            range: 1...1_000_000, allowed: "must be a whole number of partitions, at least 1")
        let replication = r.integer(
            "KAFKA_DEFAULT_REPLICATION_FACTOR",
            default: ConfigurationDefaults.defaultReplicationFactor(brokerCount: count), range: 1...count,
            allowed: "must be a whole number from 1 to BROKER_COUNT (\(count))")

        // The daemon.
        let logLevel = r.choice("LOG_LEVEL", default: SchedulerLogLevel.info)

        guard r.errors.isEmpty else { throw EnvironmentErrors(r.errors) }

        let settings = SchedulerSettings(
            mesosMaster: mesosMaster, mesosSecret: mesosSecret, failoverTimeoutSeconds: failoverTimeout,
            zookeeper: zookeeper, zookeeperAuth: zookeeperAuth, apiHost: apiHost, apiPort: apiPort,
            apiAuthToken: apiToken, enableAutoReplace: autoReplace, replaceDelaySeconds: replaceDelay,
            defaultPartitionCount: partitions, defaultReplicationFactor: replication, logLevel: logLevel)
        let configuration = ServiceConfiguration(
            broker: BrokerConfiguration(
                cpus: cpus, memMB: mem, heapMB: heap, diskMB: disk, diskType: diskType, port: port,
                readyCheck: readyCheck, kafkaURI: kafkaURI, javaURI: javaURI, command: command),
            kafka: KafkaConfiguration(kafkaVerName: kafkaVerName, kafkaZkURI: kafkaZkURI, overrides: overrides),
            service: ServiceDefinition(
                brokerCount: count, name: name, phaseStrategy: phaseStrategy, placementStrategy: placement,
                principal: principal, role: role, user: user))
        return SchedulerEnvironment(settings: settings, configuration: configuration)
    }

    /// Reads a secret file as UTF-8.
    public static func readFile(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// A secret given directly or in a file, not both. A file's content is trimmed of surrounding
    /// whitespace (files usually end with a newline); a secret's value is never repeated in errors.
    private static func secret(
        _ r: inout EnvironmentReader, variable: String, fileVariable: String, readFile: (String) throws -> String,
        isValid: (String) -> Bool, allowed: String
    ) -> Secret? {
        let direct = r.rawValue(variable)
        let path = r.value(fileVariable)
        switch (direct, path) {
        case (nil, nil):
            return nil
        case (_?, let path?):
            r.fail(fileVariable, path, "set either \(variable) or \(fileVariable), not both")
            return nil
        case (let value?, nil):
            guard isValid(value) else {
                r.fail(variable, nil, "\(allowed) (value not shown)")
                return nil
            }
            return Secret(value)
        case (nil, let path?):
            let content: String
            do {
                content = try readFile(path)
            } catch {
                let reason = (error as? CocoaError)?.localizedDescription ?? String(describing: error)
                r.fail(fileVariable, path, "the file cannot be read: \(reason)")
                return nil
            }
            let value = content.trimmingWhitespace
            guard isValid(value) else {
                r.fail(fileVariable, path, "the file's content \(allowed) (content not shown)")
                return nil
            }
            return Secret(value)
        }
    }
}

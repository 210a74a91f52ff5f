import Foundation
import KafkaFramework
import Plan
import Testing

/// A file reader for tests: no file system.
struct FakeFiles: Error, CustomStringConvertible {
    var files: [String: String] = [:]
    var description: String { "no such file" }

    func read(_ path: String) throws -> String {
        guard let content = files[path] else { throw FakeFiles() }
        return content
    }
}

func parse(_ environment: [String: String], files: [String: String] = [:]) throws(EnvironmentErrors)
    -> SchedulerEnvironment
{
    try SchedulerEnvironment.parse(environment, readFile: FakeFiles(files: files).read)
}

func parseErrors(_ environment: [String: String], files: [String: String] = [:]) -> [EnvironmentError] {
    do {
        _ = try parse(environment, files: files)
        return []
    } catch {
        return error.errors
    }
}

@Suite struct EnvironmentParsingTests {
    @Test func emptyEnvironmentGivesTheDefaults() throws {
        let parsed = try parse([:])
        let expected = ServiceConfiguration(
            broker: BrokerConfiguration(
                cpus: 1.0, memMB: 2304, heapMB: 2048, diskMB: 5000, diskType: .root, port: 0,
                readyCheck: .brokerRegistered,
                kafkaURI: "https://archive.apache.org/dist/kafka/3.7.0/kafka_2.13-3.7.0.tgz",
                javaURI: ConfigurationDefaults.javaURI, command: nil),
            kafka: KafkaConfiguration(kafkaVerName: "kafka_2.13-3.7.0", kafkaZkURI: "master.mesos:2181", overrides: [:]),
            service: ServiceDefinition(
                brokerCount: 3, name: "kafka", phaseStrategy: .install, placementStrategy: .node,
                principal: "kafka-principal", role: "kafka-role", user: ""))
        #expect(parsed.configuration == expected)
        #expect(parsed.settings == SchedulerSettings(
            mesosMaster: .urls(["http://leader.mesos:5050"]), mesosSecret: nil, failoverTimeoutSeconds: 1_209_600,
            zookeeper: "master.mesos:2181", zookeeperAuth: nil, apiHost: "0.0.0.0", apiPort: 8080,
            apiAuthToken: nil, enableAutoReplace: false, replaceDelaySeconds: 600, defaultPartitionCount: 1,
            defaultReplicationFactor: 3))
    }

    @Test func everyVariableIsRead() throws {
        let parsed = try parse([
            "FRAMEWORK_NAME": "events", "FRAMEWORK_PRINCIPAL": "events-principal", "FRAMEWORK_USER": "nobody",
            "MESOS_MASTER": "http://m1:5050, https://m2:5050/", "FAILOVER_TIMEOUT_SECONDS": "600",
            "ZOOKEEPER": "zk1:2181,zk2:2181", "ZOOKEEPER_AUTH": "kafka:s3cret:x",
            "KAFKA_ZOOKEEPER_URI": "kzk:2181/kafka", "BROKER_COUNT": "5", "BROKER_CPUS": "0.5",
            "BROKER_MEM": "4096", "BROKER_HEAP_MB": "3072", "BROKER_DISK": "10000", "DISK_TYPE": "MOUNT",
            "BROKER_PORT": "9092", "PLACEMENT_STRATEGY": "ANY", "PHASE_STRATEGY": "STAGE",
            "BROKER_READY_CHECK": "replicas-in-sync", "KAFKA_URI": "/opt/kafka_2.13-3.6.1.tgz", "JAVA_URI": "",
            "KAFKA_VER_NAME": "kafka_2.13-3.6.1", "BROKER_COMMAND": "  ./placeholder-broker  ",
            "ENABLE_AUTO_REPLACE": "TRUE", "REPLACE_DELAY_SECONDS": "120", "API_HOST": "127.0.0.1",
            "API_PORT": "18080", "PORT0": "not used", "KAFKA_DEFAULT_PARTITION_COUNT": "6",
            "KAFKA_DEFAULT_REPLICATION_FACTOR": "2",
        ])
        let c = parsed.configuration
        #expect(c.service == ServiceDefinition(
            brokerCount: 5, name: "events", phaseStrategy: .stage, placementStrategy: .any,
            principal: "events-principal", role: "events-role", user: "nobody"))
        #expect(c.broker == BrokerConfiguration(
            cpus: 0.5, memMB: 4096, heapMB: 3072, diskMB: 10000, diskType: .mount, port: 9092,
            readyCheck: .replicasInSync, kafkaURI: "/opt/kafka_2.13-3.6.1.tgz", javaURI: "",
            command: "./placeholder-broker"))
        #expect(c.kafka == KafkaConfiguration(kafkaVerName: "kafka_2.13-3.6.1", kafkaZkURI: "kzk:2181/kafka"))
        let s = parsed.settings
        #expect(s.mesosMaster == .urls(["http://m1:5050", "https://m2:5050"]))
        #expect(s.failoverTimeoutSeconds == 600)
        #expect(s.zookeeper == "zk1:2181,zk2:2181")
        #expect(s.zookeeperAuth == ZooKeeperCredentials(user: "kafka", password: Secret("s3cret:x")))
        #expect(s.enableAutoReplace)
        #expect(s.replaceDelaySeconds == 120)
        #expect(s.apiHost == "127.0.0.1")
        #expect(s.apiPort == 18080)
        #expect(s.defaultPartitionCount == 6)
        #expect(s.defaultReplicationFactor == 2)
    }

    @Test func derivedDefaults() throws {
        let parsed = try parse(["FRAMEWORK_NAME": "kafka-2", "ZOOKEEPER": "10.0.0.1:2181", "BROKER_COUNT": "2",
                                "PORT0": "31000", "FRAMEWORK_ROLE": "ops/kafka"])
        #expect(parsed.configuration.service.role == "ops/kafka")
        #expect(parsed.configuration.kafka.kafkaZkURI == "10.0.0.1:2181", "KAFKA_ZOOKEEPER_URI defaults to ZOOKEEPER")
        #expect(parsed.settings.defaultReplicationFactor == 2, "min(3, BROKER_COUNT)")
        #expect(parsed.settings.apiPort == 31000, "PORT0 when API_PORT is unset")
        #expect(try parse(["FRAMEWORK_NAME": "kafka-2"]).configuration.service.role == "kafka-2-role")
    }

    @Test func emptyValuesCountAsUnset() throws {
        let parsed = try parse(["BROKER_COUNT": "", "FRAMEWORK_NAME": "  ", "MESOS_SECRET": ""])
        #expect(parsed.configuration.service.brokerCount == 3)
        #expect(parsed.configuration.service.name == "kafka")
        #expect(parsed.settings.mesosSecret == nil)
    }

    @Test(arguments: [
        "http://leader.mesos:5050",
        "https://10.0.0.1:5050,https://10.0.0.2:5050",
        "http://[::1]:5050",
        "http://master",
    ])
    func mesosMasterURLs(_ value: String) throws {
        guard case .urls(let urls) = try parse(["MESOS_MASTER": value]).settings.mesosMaster else {
            Issue.record("expected URLs")
            return
        }
        #expect(urls == value.split(separator: ",").map(String.init))
    }

    @Test func mesosMasterInZooKeeper() throws {
        #expect(try parse(["MESOS_MASTER": "zk://master.mesos:2181/mesos"]).settings.mesosMaster
            == .zookeeper(servers: "master.mesos:2181", path: "/mesos", credentials: nil))
        let withAuth = try parse(["MESOS_MASTER": "zk://u:p@z1:2181,z2:2181/mesos/prod"]).settings.mesosMaster
        #expect(withAuth == .zookeeper(
            servers: "z1:2181,z2:2181", path: "/mesos/prod",
            credentials: ZooKeeperCredentials(user: "u", password: Secret("p"))))
        #expect(withAuth.description == "zk://u:******@z1:2181,z2:2181/mesos/prod")
    }

    /// One invalid value per case: exactly one error, naming the variable and the value.
    @Test(arguments: [
        ("FRAMEWORK_NAME", "Kafka", "lowercase letters"), ("FRAMEWORK_NAME", "-kafka", "starting and ending"),
        ("FRAMEWORK_NAME", "a/b", "lowercase"), ("FRAMEWORK_NAME", String(repeating: "k", count: 64), "1 to 63"),
        ("FRAMEWORK_PRINCIPAL", "kafka principal", "without whitespace"),
        ("FRAMEWORK_ROLE", "*", "other than '*'"), ("FRAMEWORK_ROLE", "a//b", "Mesos role"),
        ("FRAMEWORK_ROLE", "-x", "Mesos role"), ("FRAMEWORK_ROLE", "..", "Mesos role"),
        ("FRAMEWORK_USER", "no body", "without whitespace"),
        ("MESOS_MASTER", "leader.mesos:5050", "http(s)://"), ("MESOS_MASTER", "http://", "http(s)://"),
        ("MESOS_MASTER", "zk://master.mesos:2181", "zk://"), ("MESOS_MASTER", "http://a:5050,ftp://b", "list"),
        ("MESOS_MASTER", "http://user:pw@a:5050", "http(s)://"), ("MESOS_MASTER", "http://a:99999", "http(s)://"),
        ("FAILOVER_TIMEOUT_SECONDS", "0", "at least 1"), ("FAILOVER_TIMEOUT_SECONDS", "two weeks", "seconds"),
        ("FAILOVER_TIMEOUT_SECONDS", "1.5", "whole number"),
        ("ZOOKEEPER", "zk://a:2181", "host:port"), ("ZOOKEEPER", "host", "host:port"),
        ("ZOOKEEPER", "a:2181,", "host:port"), ("ZOOKEEPER", "a:99999", "host:port"),
        ("ZOOKEEPER", "a:2181/", "chroot"),
        ("KAFKA_ZOOKEEPER_URI", "a:2181/x/", "host:port"),
        ("BROKER_COUNT", "0", "from 1 to 1000"), ("BROKER_COUNT", "1001", "from 1 to 1000"),
        ("BROKER_COUNT", "three", "whole number"), ("BROKER_COUNT", "-3", "whole number"),
        ("BROKER_CPUS", "0", "greater than 0"), ("BROKER_CPUS", "-1", "greater than 0"),
        ("BROKER_CPUS", "1e3", "decimal"), ("BROKER_CPUS", "nan", "decimal"), ("BROKER_CPUS", "1.", "decimal"),
        ("BROKER_MEM", "0", "megabytes"), ("BROKER_MEM", "2304.5", "whole number"), ("BROKER_MEM", "2G", "megabytes"),
        ("BROKER_HEAP_MB", "0", "megabytes"), ("BROKER_DISK", "lots", "megabytes"),
        ("DISK_TYPE", "root", "ROOT, MOUNT"), ("DISK_TYPE", "SSD", "ROOT, MOUNT"),
        ("BROKER_PORT", "65536", "or 0"), ("BROKER_PORT", "-1", "or 0"),
        ("PLACEMENT_STRATEGY", "EVERYWHERE", "NODE, ANY"), ("PHASE_STRATEGY", "install", "INSTALL, STAGE"),
        ("BROKER_READY_CHECK", "registered", "task-running, broker-registered, replicas-in-sync"),
        ("KAFKA_URI", "kafka.tgz", "absolute path"), ("KAFKA_URI", "gopher://x/k.tgz", "Mesos fetcher"),
        ("JAVA_URI", "jre.tgz", "or empty"), ("KAFKA_VER_NAME", "../kafka", "directory name"),
        ("KAFKA_VER_NAME", "kafka 3", "directory name"),
        ("ENABLE_AUTO_REPLACE", "yes", "true or false"), ("REPLACE_DELAY_SECONDS", "0", "at least 1"),
        ("API_HOST", "a b", "host name"), ("API_HOST", "http://x", "host name"),
        ("API_PORT", "0", "from 1 to 65535"), ("API_PORT", "70000", "from 1 to 65535"),
        ("PORT0", "x", "from 1 to 65535"),
        ("KAFKA_DEFAULT_PARTITION_COUNT", "0", "at least 1"),
        ("KAFKA_DEFAULT_REPLICATION_FACTOR", "4", "from 1 to BROKER_COUNT (3)"),
        ("KAFKA_DEFAULT_REPLICATION_FACTOR", "0", "from 1 to BROKER_COUNT (3)"),
    ])
    func invalidValue(_ variable: String, _ value: String, _ allowed: String) {
        let errors = parseErrors([variable: value])
        #expect(errors.count == 1)
        let error = errors.first
        #expect(error?.variable == variable)
        #expect(error?.value == value)
        #expect(error?.problem.contains(allowed) == true, "\(error?.problem ?? "")")
        #expect(error?.description.hasPrefix("\(variable)=\"") == true)
    }

    @Test func everyInvalidVariableIsReportedAtOnce() throws {
        let environment = [
            "FRAMEWORK_NAME": "Bad Name", "BROKER_COUNT": "zero", "BROKER_MEM": "-1", "DISK_TYPE": "NVME",
            "MESOS_MASTER": "leader:5050", "API_PORT": "http", "ZOOKEEPER_AUTH": "nocolon",
            "KAFKA_OVERRIDE_BROKER_ID": "7", "KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "24",
            "BROKER_HEAP_MB": "9999",  // above BROKER_MEM's default: a validation error, not a parse error
        ]
        let errors = parseErrors(environment)
        #expect(errors.map(\.variable) == [
            "FRAMEWORK_NAME", "MESOS_MASTER", "ZOOKEEPER_AUTH", "BROKER_COUNT", "BROKER_MEM", "DISK_TYPE",
            "KAFKA_OVERRIDE_BROKER_ID", "API_PORT",
        ])
        let rendered = EnvironmentErrors(errors).rendered()
        #expect(rendered == """
            kafka-scheduler: 8 invalid environment variables:
              FRAMEWORK_NAME="Bad Name": must be 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit
              MESOS_MASTER="leader:5050": must be an http(s)://host[:port] URL, a comma-separated list of them, or zk://host:port[,host:port…]/path
              ZOOKEEPER_AUTH: must have the form user:password, both non-empty (value not shown)
              BROKER_COUNT="zero": must be a whole number from 1 to 1000
              BROKER_MEM="-1": must be a whole number of megabytes, at least 1
              DISK_TYPE="NVME": must be one of ROOT, MOUNT
              KAFKA_OVERRIDE_BROKER_ID="7": broker.id cannot be overridden: the scheduler sets broker.id to the broker's index, which names its task, its plan block and its registration under /brokers/ids
              API_PORT="http": must be a port from 1 to 65535
            Every variable, its default and its allowed values are described in docs/configuration.md.
            """)
        #expect(EnvironmentErrors([errors[0]]).rendered().hasPrefix("kafka-scheduler: 1 invalid environment variable:\n"))
    }

    @Test func errorValuesAreQuotedSafely() {
        let error = EnvironmentError(variable: "X", value: "a\"b\n\u{1}", problem: "p")
        #expect(error.description == #"X="a\"b\n\u{1}": p"#)
    }
}

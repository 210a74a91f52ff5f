import KafkaFramework
import Testing

@Suite struct ConfigurationValidationTests {
    func configuration(_ environment: [String: String] = [:]) throws -> ServiceConfiguration {
        try parse(environment).configuration
    }

    @Test func unchangedAndValidChangesPass() throws {
        let base = try configuration()
        #expect(base.validationErrors(replacing: nil).isEmpty)
        #expect(base.validationErrors(replacing: base).isEmpty)
        let bigger = try configuration([
            "BROKER_COUNT": "5", "BROKER_MEM": "4096", "BROKER_HEAP_MB": "4096", "BROKER_CPUS": "2",
            "KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "1", "PHASE_STRATEGY": "STAGE", "PLACEMENT_STRATEGY": "ANY",
        ])
        #expect(bigger.validationErrors(replacing: base).isEmpty)
    }

    @Test func heapAboveMemIsRefusedEvenOnFirstInstall() throws {
        let candidate = try configuration(["BROKER_MEM": "1024", "BROKER_HEAP_MB": "2048"])
        #expect(candidate.validationErrors(replacing: nil) == [.heapExceedsMemory(heapMB: 2048, memMB: 1024)])
        #expect(candidate.validationErrors(replacing: nil).map(\.description) == [
            "BROKER_HEAP_MB (2048) is above BROKER_MEM (1024): the broker's heap must fit in its task's memory"
        ])
    }

    @Test(arguments: [
        (["BROKER_COUNT": "2"], ConfigurationValidationError.brokerCountDecreased(from: 3, to: 2)),
        (["BROKER_DISK": "6000"], .diskSizeChanged(from: 5000, to: 6000)),
        (["DISK_TYPE": "MOUNT"], .diskTypeChanged(from: .root, to: .mount)),
        (["FRAMEWORK_NAME": "kafka2", "FRAMEWORK_ROLE": "kafka-role"], .nameChanged(from: "kafka", to: "kafka2")),
        (["FRAMEWORK_PRINCIPAL": "other"], .principalChanged(from: "kafka-principal", to: "other")),
        (["FRAMEWORK_ROLE": "other-role"], .roleChanged(from: "kafka-role", to: "other-role")),
        (["KAFKA_ZOOKEEPER_URI": "zk2:2181"], .kafkaZooKeeperChanged(from: "master.mesos:2181", to: "zk2:2181")),
        (["BROKER_HEAP_MB": "4096"], .heapExceedsMemory(heapMB: 4096, memMB: 2304)),
    ])
    func invalidChange(_ environment: [String: String], _ expected: ConfigurationValidationError) throws {
        let previous = try configuration()
        let candidate = try configuration(environment)
        #expect(candidate.validationErrors(replacing: previous) == [expected])
        #expect(expected.description.contains(" "))
    }

    @Test func everyProblemIsReportedTogether() throws {
        let previous = try configuration(["BROKER_COUNT": "5"])
        let candidate = try configuration([
            "BROKER_COUNT": "3", "BROKER_DISK": "1", "DISK_TYPE": "MOUNT", "FRAMEWORK_NAME": "other",
            "BROKER_MEM": "100",
        ])
        let errors = candidate.validationErrors(replacing: previous)
        #expect(errors == [
            .heapExceedsMemory(heapMB: 2048, memMB: 100), .brokerCountDecreased(from: 5, to: 3),
            .diskSizeChanged(from: 5000, to: 1), .diskTypeChanged(from: .root, to: .mount),
            .nameChanged(from: "kafka", to: "other"), .roleChanged(from: "kafka-role", to: "other-role"),
        ])
        #expect(errors[1].description
            == "BROKER_COUNT cannot decrease (from 5 to 3): removing brokers would lose the partitions they hold; "
            + "move partitions off a broker and replace it instead")
    }

    @Test(arguments: [
        ["BROKER_COUNT": "4"], ["PLACEMENT_STRATEGY": "ANY"], ["PHASE_STRATEGY": "STAGE"],
        ["BROKER_READY_CHECK": "replicas-in-sync"], ["KAFKA_DEFAULT_PARTITION_COUNT": "3"],
        ["ENABLE_AUTO_REPLACE": "true"], ["API_PORT": "9999"], ["MESOS_SECRET": "x"],
    ])
    func changesThatLeaveRunningBrokersAlone(_ environment: [String: String]) throws {
        let running = try configuration()
        let target = try configuration(environment)
        #expect(target.relaunchReasons(forBrokerRunning: running).isEmpty)
        #expect(!target.requiresRelaunch(ofBrokerRunning: running))
    }

    @Test(arguments: [
        (["BROKER_MEM": "4096"], "BROKER_MEM: 2304 → 4096"),
        (["BROKER_CPUS": "2.5"], "BROKER_CPUS: 1.0 → 2.5"),
        (["BROKER_HEAP_MB": "1024"], "BROKER_HEAP_MB: 2048 → 1024"),
        (["BROKER_PORT": "9092"], "BROKER_PORT: 0 → 9092"),
        (["KAFKA_URI": "/opt/k.tgz"], "KAFKA_URI: https://archive.apache.org/dist/kafka/3.7.0/kafka_2.13-3.7.0.tgz → /opt/k.tgz"),
        (["JAVA_URI": ""], "JAVA_URI: \(ConfigurationDefaults.javaURI) → (empty)"),
        (["KAFKA_VER_NAME": "kafka_2.13-3.8.0"], "KAFKA_VER_NAME: kafka_2.13-3.7.0 → kafka_2.13-3.8.0"),
        (["BROKER_COMMAND": "./b.sh"], "BROKER_COMMAND: (empty) → ./b.sh"),
        (["FRAMEWORK_USER": "kafka"], "FRAMEWORK_USER: (empty) → kafka"),
        (["KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "24"], "KAFKA_OVERRIDE_LOG_RETENTION_HOURS: (unset) → log.retention.hours=24"),
    ])
    func changesThatRelaunchBrokers(_ environment: [String: String], _ reason: String) throws {
        let running = try configuration()
        let target = try configuration(environment)
        #expect(target.relaunchReasons(forBrokerRunning: running) == [reason])
        #expect(target.requiresRelaunch(ofBrokerRunning: running))
    }

    @Test func overrideChangesAndRemovalsAreReasons() throws {
        let running = try configuration(["KAFKA_OVERRIDE_NUM_IO_THREADS": "8", "KAFKA_OVERRIDE_A_B": "1"])
        let target = try configuration(["KAFKA_OVERRIDE_NUM_IO_THREADS": "16", "BROKER_COUNT": "9"])
        #expect(target.relaunchReasons(forBrokerRunning: running) == [
            "KAFKA_OVERRIDE_A_B: a.b=1 → (unset)",
            "KAFKA_OVERRIDE_NUM_IO_THREADS: num.io.threads=8 → num.io.threads=16",
        ])
    }

    @Test func eachBrokerIsJudgedByTheConfigurationItRuns() throws {
        // Mid-rollout: broker-0 already runs the new target, broker-1 the old one, broker-3 is new.
        let old = try configuration()
        let target = try configuration(["BROKER_MEM": "3000", "BROKER_COUNT": "4"])
        let running: [Int: ServiceConfiguration] = [0: target, 1: old, 2: old]
        let relaunch = (0..<4).map { broker in running[broker].map { target.requiresRelaunch(ofBrokerRunning: $0) } }
        #expect(relaunch == [false, true, true, nil])
    }
}

import KafkaFramework
import Plan

/// Data shaped like the seed API reference's examples: service `kafka`, three brokers, two stored
/// configurations (the target with 4096 MB per broker), topics `topic1` and `topic0`.
enum Seed {
    static let frameworkName = "kafka"
    static let token = "uSeR_t0k3n"
    static let olderConfigurationID = "319ebe89-42e2-40e2-9169-8568e2421023"
    static let targetConfigurationID = "294235f2-8504-4194-b43d-664443f2132b"
    static let planTargetID = "d5c33781-a2b8-4426-86d7-3c6e23d89633"
    static let hosts = [("10.0.0.211", 9843), ("10.0.0.217", 10056), ("10.0.0.214", 9689)]
    static let taskIDs = [
        "broker-0__9c426c50-1087-475c-aa36-cd00d24ccebb",
        "broker-1__3b0b8a3e-4b8f-4e43-9f39-3c1f5b1e2d01",
        "broker-2__7d3f0a52-8c1e-4f5e-a0a4-1c2b3d4e5f60",
    ]

    static func configuration(memMB: Int, overrides: [String: String] = [:]) -> ServiceConfiguration {
        ServiceConfiguration(
            broker: BrokerConfiguration(
                cpus: 1, memMB: memMB, heapMB: 2048, diskMB: 5000, diskType: .root, port: 0,
                readyCheck: .brokerRegistered,
                kafkaURI: "https://downloads.example.org/kafka/kafka_2.13-3.7.0.tgz", javaURI: ""),
            kafka: KafkaConfiguration(
                kafkaVerName: "kafka_2.13-3.7.0", kafkaZkURI: "master.mesos:2181", overrides: overrides),
            service: ServiceDefinition(
                brokerCount: 3, name: frameworkName, phaseStrategy: .install, placementStrategy: .node,
                principal: "kafka-principal", role: "kafka-role", user: ""))
    }

    static var configurations: ConfigurationsSnapshot {
        ConfigurationsSnapshot(
            ids: [olderConfigurationID, targetConfigurationID], targetID: targetConfigurationID,
            byID: [
                olderConfigurationID: configuration(memMB: 2048),
                targetConfigurationID: configuration(
                    memMB: 4096,
                    overrides: ["log.retention.hours": "24", "ssl.keystore.password": "hunter2-keystore"]),
            ])
    }

    static func brokers(count: Int = 3) -> [BrokerSnapshot] {
        (0..<count).map { id in
            let (host, port) = id < hosts.count ? hosts[id] : ("10.0.1.\(id % 250)", 9000 + id)
            return BrokerSnapshot(
                id: id, taskID: id < taskIDs.count ? taskIDs[id] : "broker-\(id)__task", taskState: .running,
                agentID: "agent-\(id)", hostname: host, port: port, configurationID: targetConfigurationID,
                registeredWithKafka: true, statusMessage: nil)
        }
    }

    /// A plan whose every block is complete (`complete`), or one rolling with `strategy`.
    static func plan(brokerCount: Int = 3, strategy: PhaseStrategy = .install, complete: Bool = true) -> PlanEngine {
        var engine = PlanEngine(targetID: planTargetID, brokerCount: brokerCount, strategy: strategy)
        engine.observeReconciliation(.complete)
        if complete {
            for broker in 0..<brokerCount { engine.observe(broker: broker, .ready) }
        }
        return engine
    }

    static func scheduler(
        brokerCount: Int = 3, strategy: PhaseStrategy = .install, planComplete: Bool = true
    ) -> FakeScheduler {
        FakeScheduler(
            frameworkName: frameworkName,
            engine: plan(brokerCount: brokerCount, strategy: strategy, complete: planComplete),
            brokers: brokers(count: brokerCount), configurations: configurations)
    }

    static func topics() -> FakeTopics {
        let topic1 = FakeTopics.Topic(
            name: "topic1",
            partitions: (0..<3).map { FakeTopics.state(partition: Int32($0), brokers: 3, replication: 3) },
            endOffsets: [333, 333, 334], firstOffsets: [0, 0, 0])
        let topic0 = FakeTopics.Topic(
            name: "topic0", partitions: [FakeTopics.state(partition: 0, brokers: 3, replication: 3)],
            endOffsets: [10], firstOffsets: [0])
        return FakeTopics(brokerCount: 3, topics: [topic1, topic0])
    }
}

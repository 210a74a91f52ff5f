import Foundation
import KafkaFramework
import Plan

/// An in-memory `SchedulerControl`: a real `PlanEngine`, brokers and configurations held in an actor that
/// publishes a new snapshot after each change, as the scheduler does.
actor FakeScheduler: SchedulerControl {
    nonisolated let publisher: SnapshotPublisher
    private var engine: PlanEngine
    private var brokers: [BrokerSnapshot]
    private var configurations: ConfigurationsSnapshot
    private var health: HealthSnapshot
    private let frameworkName: String
    private let kafkaZookeeper: String
    /// When set, every command fails with it (not the leader, not subscribed, …).
    private var failure: SchedulerControlError?
    private(set) var restarted: [Int] = []
    private(set) var replaced: [Int] = []
    private(set) var planCommands: [PlanCommand] = []

    init(
        frameworkName: String = "kafka", kafkaZookeeper: String = "master.mesos:2181", engine: PlanEngine,
        brokers: [BrokerSnapshot], configurations: ConfigurationsSnapshot,
        health: HealthSnapshot = HealthSnapshot(isLeader: true, isSubscribed: true, isZooKeeperConnected: true)
    ) {
        self.frameworkName = frameworkName
        self.kafkaZookeeper = kafkaZookeeper
        self.engine = engine
        self.brokers = brokers
        self.configurations = configurations
        self.health = health
        self.publisher = SnapshotPublisher(
            Self.makeSnapshot(
                frameworkName: frameworkName, kafkaZookeeper: kafkaZookeeper, engine: engine, brokers: brokers,
                configurations: configurations, health: health))
    }

    nonisolated var snapshot: SchedulerSnapshot { publisher.current }

    func restartBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        let index = try brokerIndex(id)
        restarted.append(id)
        return relaunch(index)
    }

    func replaceBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        let index = try brokerIndex(id)
        replaced.append(id)
        return relaunch(index)
    }

    func applyPlanCommand(_ command: PlanCommand) async throws(SchedulerControlError) -> PlanCommandResult {
        if let failure { throw failure }
        planCommands.append(command)
        let result: PlanCommandResult
        do {
            result = try engine.apply(command)
        } catch {
            throw .plan(error)
        }
        publish()
        return result
    }

    // MARK: Driving the fake

    func fail(with error: SchedulerControlError?) {
        failure = error
    }

    func setHealth(_ health: HealthSnapshot) {
        self.health = health
        publish()
    }

    func updateBroker(_ id: Int, _ change: (inout BrokerSnapshot) -> Void) {
        guard let index = brokers.firstIndex(where: { $0.id == id }) else { return }
        change(&brokers[index])
        publish()
    }

    func updatePlan(_ change: (inout PlanEngine) -> Void) {
        change(&engine)
        publish()
    }

    private func brokerIndex(_ id: Int) throws(SchedulerControlError) -> Int {
        if let failure { throw failure }
        guard let index = brokers.firstIndex(where: { $0.id == id }) else {
            throw .unknownBroker(id: id, brokerCount: brokers.count)
        }
        return index
    }

    /// Kills the broker's task (answering its id) and stages a new one.
    private func relaunch(_ index: Int) -> [String] {
        let old = brokers[index].taskID
        brokers[index].taskID = "broker-\(brokers[index].id)__\(UUID().uuidString.lowercased())"
        brokers[index].taskState = .staging
        brokers[index].registeredWithKafka = false
        publish()
        return [old ?? brokers[index].taskID!]
    }

    private func publish() {
        publisher.publish(
            Self.makeSnapshot(
                frameworkName: frameworkName, kafkaZookeeper: kafkaZookeeper, engine: engine, brokers: brokers,
                configurations: configurations, health: health))
    }

    private static func makeSnapshot(
        frameworkName: String, kafkaZookeeper: String, engine: PlanEngine, brokers: [BrokerSnapshot],
        configurations: ConfigurationsSnapshot, health: HealthSnapshot
    ) -> SchedulerSnapshot {
        SchedulerSnapshot(
            frameworkName: frameworkName, frameworkID: "4a5b6c7d-0000-4000-8000-000000000001-0000",
            plan: engine.snapshot(), planStatus: engine.statusSnapshot(), brokers: brokers,
            configurations: configurations,
            connection: ConnectionSnapshot(
                frameworkName: frameworkName, kafkaZookeeper: kafkaZookeeper, brokers: brokers),
            health: health)
    }
}

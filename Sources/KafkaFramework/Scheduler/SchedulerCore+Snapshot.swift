import Foundation
import Mesos
import Plan

extension SchedulerCore {
    /// Publishes what the REST API shows after this input.
    func publishSnapshot() {
        publisher.publish(makeSnapshot())
    }

    func makeSnapshot() -> SchedulerSnapshot {
        let configuration = configurations.target ?? environmentConfiguration
        let name = configuration.service.name
        let kafkaZooKeeper = configuration.kafka.kafkaZkURI
        let health = HealthSnapshot(
            isLeader: isLeader, isSubscribed: isLeader && isSubscribed, isZooKeeperConnected: zooKeeperConnected,
            reasons: healthProblems())
        guard isLeader, isReady else {
            return .starting(frameworkName: name, kafkaZookeeper: kafkaZooKeeper, health: health)
        }
        let planSnapshot: PlanSnapshot
        let planStatus: PlanStatusSnapshot
        if let plan {
            planSnapshot = plan.snapshot()
            planStatus = plan.statusSnapshot()
        } else {
            planSnapshot = PlanSnapshot(errors: configurationErrors, phases: [], status: .error)
            planStatus = PlanStatusSnapshot(
                block: nil, phase: nil,
                stage: PlanStatusSnapshot.Stage(errors: configurationErrors, phaseCount: 0, status: .error))
        }
        let count = max(brokerCount, (records.keys.max() ?? -1) + 1)
        let brokers = (0..<count).map(brokerSnapshot)
        return SchedulerSnapshot(
            frameworkName: name, frameworkID: frameworkID?.value, plan: planSnapshot, planStatus: planStatus,
            brokers: brokers, configurations: configurations.snapshot,
            connection: ConnectionSnapshot(frameworkName: name, kafkaZookeeper: kafkaZooKeeper, brokers: brokers),
            health: health)
    }

    private func brokerSnapshot(_ broker: Int) -> BrokerSnapshot {
        guard let record = records[broker], let taskID = record.taskID else {
            return BrokerSnapshot(
                id: broker, taskID: nil, taskState: .notLaunched, agentID: nil, hostname: nil, port: nil,
                configurationID: records[broker]?.configID, registeredWithKafka: registrations[broker] != nil,
                statusMessage: records[broker]?.goal == .replacing ? "replaced: waiting for fresh resources" : nil)
        }
        let state = record.lastStatus.flatMap { BrokerTaskState(rawValue: $0.state) } ?? .staging
        return BrokerSnapshot(
            id: broker, taskID: taskID, taskState: state, agentID: record.agentID, hostname: record.hostname,
            port: record.port, configurationID: record.configID, registeredWithKafka: registrations[broker] != nil,
            statusMessage: record.lastStatus?.message)
    }

    private func healthProblems() -> [String] {
        var problems: [String] = []
        if let fatal { problems.append(fatal.description) }
        if !isLeader {
            problems.append(
                "this instance does not hold the leader lock" + (leaderHint.map { "; the leader is \($0)" } ?? ""))
            return problems
        }
        if let stateProblem { problems.append(stateProblem) }
        if !isSubscribed {
            problems.append("not subscribed to the Mesos master" + (subscriptionProblem.map { ": \($0)" } ?? ""))
        }
        if !zooKeeperConnected { problems.append("not connected to ZooKeeper") }
        return problems
    }
}

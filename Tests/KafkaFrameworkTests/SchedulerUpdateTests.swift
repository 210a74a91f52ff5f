import Foundation
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

@Suite struct SchedulerUpdateTests {
    /// Deploys `configuration` to completion on `cluster` and `store`.
    static func deployed(
        _ configuration: ServiceConfiguration, store: any StateStore, cluster: SimulatedCluster
    ) async -> SchedulerHarness {
        let harness = SchedulerHarness(configuration: configuration, store: store, cluster: cluster)
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete, "\(describe(harness.plan))")
        return harness
    }

    @Test func aConfigurationChangeRollsTheBrokersOneAtATimeOnTheirOwnReservationsAndVolumes() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster()
        let first = await Self.deployed(testConfiguration(count: 3, memMB: 2048), store: store, cluster: cluster)
        let before = (0..<3).map { broker in
            (cluster.runningBrokerTasks[broker]!, cluster.task(cluster.runningBrokerTasks[broker]!)!)
        }
        let oldTarget = first.snapshot.configurations.targetID!

        // The scheduler restarts with BROKER_MEM raised and an override added.
        let updated = testConfiguration(count: 3, memMB: 3072, overrides: ["log.retention.hours": "24"])
        let harness = SchedulerHarness(configuration: updated, store: store, cluster: cluster)
        await harness.start()
        let newTarget = harness.snapshot.configurations.targetID!
        #expect(newTarget != oldTarget)
        #expect(harness.snapshot.configurations.ids == [oldTarget, newTarget])
        #expect(harness.plan.phases.last?.name == "Update to: \(newTarget)")

        var minimumRunning = 3
        var calls: [Call] = []
        for _ in 0..<60 where !harness.planComplete {
            calls += await harness.round()
            minimumRunning = min(minimumRunning, cluster.runningBrokerTasks.count)
        }
        #expect(harness.planComplete, "\(describe(harness.plan))")
        // Never more than one broker down at a time.
        #expect(minimumRunning == 2)

        // Kills and relaunches alternate, broker by broker.
        let order = calls.compactMap { call -> String? in
            if let kill = call.kill { return "kill \(BrokerTaskID.brokerID(of: kill.taskID.value)!)" }
            if let task = call.accept?.operations.compactMap(\.launch).first?.taskInfos.first {
                return "launch \(BrokerTaskID.brokerID(of: task.taskID.value)!)"
            }
            return nil
        }
        #expect(order == ["kill 0", "launch 0", "kill 1", "launch 1", "kill 2", "launch 2"])

        // Each relaunch stays on its agent, reserves only the extra 1024 MB of mem, creates no volume and
        // uses the same volume.
        for (broker, (oldTaskID, oldTask)) in before.enumerated() {
            let newTaskID = cluster.runningBrokerTasks[broker]!
            #expect(newTaskID != oldTaskID)
            let task = cluster.task(newTaskID)!
            #expect(task.agentID == oldTask.agentID)
            let oldVolume = oldTask.resources.first { $0.persistenceID != nil }!
            let newVolume = task.resources.first { $0.persistenceID != nil }!
            #expect(newVolume.persistenceID == oldVolume.persistenceID)
            #expect(Resources(task.resources).mem == 3072)
            #expect(task.labels?["config_id"] == newTarget)
            let accept = calls.first { call in
                call.accept?.operations.contains { $0.launch?.taskInfos.first?.taskID.value == newTaskID } == true
            }!.accept!
            #expect(accept.operations.map(\.type) == [.reserve, .launch])
            let reserved = Resources(accept.operations[0].reserve!.resources)
            #expect(reserved.mem == 1024 && reserved.cpus == 0)
            let port = task.command?.environment?["BROKER_PORT"]
            #expect(port == oldTask.command?.environment?["BROKER_PORT"])
        }
        let brokers = harness.snapshot.brokers
        #expect(brokers.allSatisfy { $0.configurationID == newTarget && $0.taskState == .running })
    }

    @Test func loweringCPUsUnreservesTheExcess() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster()
        _ = await Self.deployed(testConfiguration(count: 1, cpus: 2), store: store, cluster: cluster)
        let harness = SchedulerHarness(
            configuration: testConfiguration(count: 1, cpus: 0.5), store: store, cluster: cluster)
        await harness.start()
        let calls = await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        let accept = calls.ofType(.accept).first { $0.accept!.operations.contains { $0.type == .launch } }!.accept!
        #expect(accept.operations.map(\.type) == [.unreserve, .launch])
        #expect(Resources(accept.operations[0].unreserve!.resources).cpus == 1.5)
        // The given-back cpus are unreserved again on the agent.
        let agent = cluster.agents.first { !$0.tasks.isEmpty }!
        #expect(agent.free.unreserved.cpus == 4 - 0.5)
    }

    @Test func anInvalidChangeKeepsTheTargetAndShowsTheErrors() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster()
        let first = await Self.deployed(testConfiguration(count: 3), store: store, cluster: cluster)
        let target = first.snapshot.configurations.targetID

        let harness = SchedulerHarness(
            configuration: testConfiguration(count: 2, diskMB: 9000), store: store, cluster: cluster)
        await harness.start()
        await harness.run(limit: 6) { _ in false }
        #expect(harness.snapshot.configurations.targetID == target)
        #expect(harness.snapshot.configurations.ids == [target!])
        #expect(harness.plan.status == .error)
        #expect(harness.plan.errors.count == 2)
        #expect(harness.plan.errors.contains { $0.contains("BROKER_COUNT cannot decrease (from 3 to 2)") })
        #expect(harness.plan.errors.contains { $0.contains("BROKER_DISK cannot change") })
        #expect(harness.snapshot.planStatus.stage.status == .error)
        // Nothing was killed or launched; the brokers keep running.
        #expect(harness.sender.all.ofType(.kill).isEmpty)
        #expect(harness.sender.all.launchedTasks.isEmpty)
        #expect(harness.snapshot.brokers.count == 3)
        #expect(harness.blockStatuses == [.complete, .complete, .complete])
    }

    @Test func raisingTheCountAddsBrokersWithoutRestartingTheOthers() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster(agents: 5)
        _ = await Self.deployed(testConfiguration(count: 3), store: store, cluster: cluster)
        let harness = SchedulerHarness(configuration: testConfiguration(count: 5), store: store, cluster: cluster)
        await harness.start()
        let calls = await harness.run { $0.planComplete }
        #expect(harness.planComplete, "\(describe(harness.plan))")
        #expect(calls.ofType(.kill).isEmpty)
        #expect(Set(calls.launchedTasks.map { BrokerTaskID.brokerID(of: $0.taskID.value)! }) == [3, 4])
        #expect(harness.snapshot.brokers.count == 5)
    }

    @Test func aCrashedBrokerThatHasNotRolledYetComesBackOnItsOwnConfiguration() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster()
        let first = await Self.deployed(testConfiguration(count: 2), store: store, cluster: cluster)
        let oldTarget = first.snapshot.configurations.targetID!
        let harness = SchedulerHarness(
            configuration: testConfiguration(count: 2, strategy: .stage, memMB: 3000), store: store, cluster: cluster)
        await harness.start()
        await harness.run(limit: 4) { _ in false }
        // STAGE: nothing rolls before continue. Broker 1 crashes meanwhile.
        #expect(harness.blockStatuses == [.waiting, .pending])
        let crashed = cluster.crash(cluster.runningBrokerTasks[1]!)!
        await harness.event(.update(crashed))
        await harness.run { $0.sender.all.launchedTasks.count == 1 && cluster.runningBrokerTasks.count == 2 }
        let relaunched = cluster.task(cluster.runningBrokerTasks[1]!)!
        #expect(relaunched.labels?["config_id"] == oldTarget)
    }
}

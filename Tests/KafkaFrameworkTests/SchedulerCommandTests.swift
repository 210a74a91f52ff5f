import Foundation
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

@Suite struct SchedulerCommandTests {
    static func deployed(count: Int = 3, agents: Int = 3) async -> SchedulerHarness {
        let harness = SchedulerHarness(
            configuration: testConfiguration(count: count), cluster: SimulatedCluster(agents: agents))
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        _ = harness.sender.take()
        return harness
    }

    @Test func restartRelaunchesTheBrokerInPlaceAndAnswersTheKilledTask() async throws {
        let harness = await Self.deployed()
        let old = harness.cluster.task(harness.cluster.runningBrokerTasks[1]!)!
        let answer = try await harness.command(.restart(broker: 1)).get()
        #expect(answer == .taskIDs([old.taskID.value]))
        #expect(harness.sender.all.killedTaskIDs == [old.taskID.value])

        // A second restart while the first is under way is refused.
        let again = await harness.command(.restart(broker: 1))
        guard case .failure(.conflict(let reason)) = again else {
            Issue.record("expected a conflict, got \(again)")
            return
        }
        #expect(reason.contains("already being restarted"))

        await harness.run {
            $0.cluster.runningBrokerTasks[1] != nil && $0.cluster.runningBrokerTasks[1] != old.taskID.value
        }
        let new = harness.cluster.task(harness.cluster.runningBrokerTasks[1]!)!
        #expect(new.agentID == old.agentID)
        #expect(new.resources.first { $0.persistenceID != nil } == old.resources.first { $0.persistenceID != nil })
        #expect(harness.snapshot.brokers[1].taskState == .running)
        #expect(harness.planComplete)
    }

    @Test func restartOfABrokerThatIsDownAnswersTheTaskItWillLaunch() async throws {
        let harness = await Self.deployed()
        // Two failures in a row: the broker waits out its backoff.
        for _ in 0..<2 {
            await harness.event(.update(harness.cluster.crash(harness.cluster.runningBrokerTasks[0]!)!))
            await harness.run(limit: 3) { _ in false }
        }
        #expect(harness.cluster.runningBrokerTasks[0] == nil)
        let answer = try await harness.command(.restart(broker: 0)).get()
        guard case .taskIDs(let ids) = answer, let next = ids.first else {
            Issue.record("no task id")
            return
        }
        #expect(BrokerTaskID.brokerID(of: next) == 0)
        await harness.run { $0.cluster.runningBrokerTasks[0] != nil }
        #expect(harness.cluster.runningBrokerTasks[0] == next)
    }

    @Test func replaceLaunchesOnFreshResourcesAndDestroysTheOldVolumeWhenOffered() async throws {
        let harness = await Self.deployed(agents: 4)
        let oldTaskID = harness.cluster.runningBrokerTasks[2]!
        let old = harness.cluster.task(oldTaskID)!
        let oldVolume = old.resources.first { $0.persistenceID != nil }!.persistenceID!
        let answer = try await harness.command(.replace(broker: 2)).get()
        #expect(answer == .taskIDs([oldTaskID]))
        #expect(harness.snapshot.brokers[2].taskState == .notLaunched)
        #expect(harness.snapshot.brokers[2].taskID == nil)

        await harness.run { h in
            h.cluster.runningBrokerTasks[2] != nil && h.cluster.runningBrokerTasks[2] != oldTaskID
                && !h.cluster.agents.contains { $0.free.volume(persistenceID: oldVolume) != nil }
        }
        let new = harness.cluster.task(harness.cluster.runningBrokerTasks[2]!)!
        let newVolume = new.resources.first { $0.persistenceID != nil }!.persistenceID!
        #expect(newVolume != oldVolume)
        #expect(
            harness.sender.all.ofType(.accept).contains { call in
                call.accept!.operations.contains {
                    $0.type == .destroy && $0.destroy!.volumes.first?.persistenceID == oldVolume
                }
            })
        // Nothing of the old incarnation stays reserved anywhere.
        let oldResourceID = String(oldVolume.dropFirst("broker-2-".count))
        for agent in harness.cluster.agents {
            #expect(!agent.free.contains { $0.reservations.last?.labels?["resource_id"] == oldResourceID })
        }
        // NODE placement: still one broker per agent.
        #expect(
            Set(harness.cluster.runningBrokerTasks.values.map { harness.cluster.agentIndex(ofTask: $0)! }).count == 3)
        #expect(harness.snapshot.brokers[2].taskState == .running)
    }

    @Test func commandsOnUnknownOrUnlaunchedBrokersAreRefused() async throws {
        let harness = await Self.deployed(count: 2)
        #expect(await harness.command(.restart(broker: 7)) == .failure(.unknownBroker(id: 7, brokerCount: 2)))
        #expect(await harness.command(.replace(broker: -1)) == .failure(.unknownBroker(id: -1, brokerCount: 2)))

        let fresh = SchedulerHarness(configuration: testConfiguration(count: 2))
        fresh.autoRegister = false
        await fresh.start()
        await fresh.run(limit: 3) { _ in false }
        guard case .failure(.conflict(let reason)) = await fresh.command(.restart(broker: 1)) else {
            Issue.record("expected a conflict")
            return
        }
        #expect(reason.contains("has not been launched yet"))

        await harness.send(.disconnected(reason: "stream ended"))
        guard case .failure(.notSubscribed) = await harness.command(.replace(broker: 0)) else {
            Issue.record("expected notSubscribed")
            return
        }
    }

    @Test func planCommandErrorsCarryThePlanEnginesCodes() async throws {
        let harness = await Self.deployed(count: 1)
        let answer = await harness.command(.plan(PlanCommand(.continue)))
        guard case .failure(.plan(let error)) = answer else {
            Issue.record("expected a plan error, got \(answer)")
            return
        }
        #expect(error.code == 409)
        let unknown = await harness.command(.plan(PlanCommand(.forceComplete, blockID: "not-a-uuid")))
        #expect((try? unknown.get()) == nil)
    }

    @Test func planRestartOfACompleteBlockRelaunchesItsBroker() async throws {
        let harness = await Self.deployed(count: 2)
        let blockID = harness.plan.phases.last!.blocks[0].id
        let old = harness.cluster.runningBrokerTasks[0]!
        let result = try await harness.planCommand(PlanCommand(.restart, blockID: blockID))
        #expect(result.outcome == .restarted)
        #expect(harness.blockStatuses.first == .inProgress)
        await harness.run { $0.planComplete && $0.cluster.runningBrokerTasks[0] != old }
        #expect(harness.sender.all.killedTaskIDs == [old])
        #expect(harness.planComplete)
    }

    @Test func planRestartOfReconciliationReconcilesAgain() async throws {
        let harness = await Self.deployed(count: 1)
        let reconciliation = harness.plan.phases.first!.blocks.first!.id
        _ = try await harness.planCommand(PlanCommand(.restart, blockID: reconciliation))
        let explicit = harness.sender.all.ofType(.reconcile)
        #expect(explicit.last?.reconcile?.tasks.count == 1)
        #expect(harness.plan.phases.first?.status == .inProgress)
        await harness.run { $0.plan.phases.first?.status == .complete }
        #expect(harness.planComplete)
    }
}

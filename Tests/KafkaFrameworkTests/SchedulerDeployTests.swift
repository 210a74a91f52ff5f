import Foundation
import KafkaAdmin
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

@Suite struct SchedulerDeployTests {
    @Test func aFreshDeployOfThreeBrokersReachesPlanComplete() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3))
        await harness.start()
        #expect(harness.snapshot.health.isLeader)
        #expect(harness.snapshot.frameworkID == "fw-1")

        let calls = await harness.run { $0.planComplete }
        #expect(harness.planComplete, "\(describe(harness.plan))")
        #expect(harness.plan.status == .complete)
        #expect(harness.blockStatuses == [.complete, .complete, .complete])
        #expect(harness.plan.phases.last?.blocks.first?.message == "Broker-0 is Complete")

        // Three launches, one per broker, each in one ACCEPT with RESERVE + CREATE + LAUNCH.
        let launches = calls.ofType(.accept).filter { $0.accept!.operations.contains { $0.type == .launch } }
        #expect(launches.count == 3)
        for call in launches {
            #expect(call.accept!.operations.map(\.type) == [.reserve, .create, .launch])
        }
        let tasks = calls.launchedTasks
        #expect(Set(tasks.map { BrokerTaskID.brokerID(of: $0.taskID.value)! }) == [0, 1, 2])
        // NODE placement: three different agents.
        #expect(Set(tasks.map(\.agentID)).count == 3)

        let brokers = harness.snapshot.brokers
        #expect(brokers.map(\.taskState) == [.running, .running, .running])
        #expect(brokers.allSatisfy { $0.registeredWithKafka && $0.port != nil && $0.hostname != nil })
        #expect(harness.snapshot.connection.address.count == 3)
        #expect(harness.snapshot.configurations.ids.count == 1)

        // With nothing left to do, offers are suppressed.
        #expect(harness.cluster.suppressed)
    }

    @Test func brokersAreLaunchedOneAtATimeInOrder() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3))
        harness.autoRegister = false
        await harness.start()
        await harness.run(limit: 6) { _ in false }
        // Broker 0 runs but is not registered: the plan waits for it and launches nothing else.
        #expect(harness.sender.all.launchedTasks.count == 1)
        #expect(harness.blockStatuses == [.inProgress, .pending, .pending])
        let message = harness.plan.phases.last!.blocks[0].message
        #expect(message.contains("waiting for broker 0 to register with Kafka"), "\(message)")
        #expect(message.contains("/dcos-service-kafka/brokers/ids/0"))

        await harness.syncRegistrations()
        #expect(harness.blockStatuses == [.complete, .inProgress, .pending])
    }

    @Test func aGateThatWaitsTooLongSaysForHowLongAndWhatToCheck() async throws {
        var options = SchedulerOptions()
        options.timings.readinessWarningAfter = .seconds(120)
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1), options: options)
        harness.autoRegister = false
        await harness.start()
        await harness.run(limit: 4) { _ in false }
        await harness.advance(by: .seconds(200))
        let message = harness.plan.phases.last!.blocks[0].message
        #expect(message.contains("for 3 minutes"), "\(message)")
        #expect(message.contains("check the broker's log"), "\(message)")
        #expect(harness.blockStatuses == [.inProgress])
        await harness.syncRegistrations()
        #expect(harness.blockStatuses == [.complete])
    }

    @Test func stageWaitsAtEachDecisionPointUntilContinue() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 2, strategy: .stage))
        await harness.start()
        await harness.run(limit: 5) { _ in false }
        #expect(harness.sender.all.launchedTasks.isEmpty)
        #expect(harness.blockStatuses == [.waiting, .pending])
        #expect(harness.plan.phases.last!.blocks[0].message.contains("decision point"))

        let result = try await harness.planCommand(PlanCommand(.continue))
        #expect(result.outcome == .decisionPointReleased)
        await harness.run { $0.blockStatuses.first == .complete }
        #expect(harness.blockStatuses == [.complete, .waiting])
        #expect(harness.sender.all.launchedTasks.count == 1)

        _ = try await harness.planCommand(PlanCommand(.continue))
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        #expect(harness.sender.all.launchedTasks.count == 2)
    }

    @Test func interruptHoldsBackTheNextBlockUntilContinue() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3))
        harness.autoRegister = false
        await harness.start()
        await harness.run(limit: 4) { _ in false }
        #expect(harness.blockStatuses == [.inProgress, .pending, .pending])

        _ = try await harness.planCommand(PlanCommand(.interrupt))
        await harness.syncRegistrations()
        await harness.run(limit: 4) { _ in false }
        #expect(harness.blockStatuses == [.complete, .waiting, .pending])
        #expect(harness.sender.all.launchedTasks.count == 1)
        #expect(harness.plan.phases.last!.blocks[1].message.contains("interrupted"))

        _ = try await harness.planCommand(PlanCommand(.continue))
        harness.autoRegister = true
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
    }

    @Test func theTaskRunningGateCompletesOnTaskRunning() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 2, readyCheck: .taskRunning))
        harness.autoRegister = false
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
    }

    @Test func theReplicasInSyncGateWaitsForTheReplicas() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1, readyCheck: .replicasInSync))
        await harness.start()
        let lagging = ReplicaSyncStatus(
            brokerId: 0, isRegistered: true,
            laggingPartitions: [
                .init(topic: "t", state: .init(partition: 0, leader: 1, replicas: [0, 1], isr: [1]))
            ])
        harness.probe.setReplicaStatus(lagging, for: 0)
        await harness.run(limit: 5) { _ in false }
        #expect(harness.blockStatuses == [.inProgress])
        let message = harness.plan.phases.last!.blocks[0].message
        #expect(message.contains("under-replicated partition"), "\(message)")
        #expect(harness.probe.checks.last?.endpoints.count == 1)

        harness.probe.setReplicaStatus(
            ReplicaSyncStatus(brokerId: 0, isRegistered: true, laggingPartitions: []), for: 0)
        await harness.advance(by: .seconds(5))
        #expect(harness.blockStatuses == [.complete])
    }

    @Test func firstInstallWithAnInvalidConfigurationLaunchesNothingAndShowsTheErrors() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(memMB: 1024, heapMB: 2048))
        await harness.start()
        await harness.run(limit: 3) { _ in false }
        #expect(harness.sender.all.ofType(.accept).isEmpty)
        #expect(harness.plan.status == .error)
        #expect(harness.plan.errors.count == 1)
        #expect(harness.plan.errors.first?.contains("BROKER_HEAP_MB") == true)
        #expect(harness.snapshot.planStatus.stage.status == .error)
        #expect(harness.snapshot.configurations.targetID == nil)
        #expect(harness.snapshot.brokers.map(\.taskState) == [.notLaunched, .notLaunched, .notLaunched])
        let stored = try await harness.store.exists("/dcos-service-kafka/configurations/target")
        #expect(stored == nil)
    }

    @Test func offersAreDeclinedUntilReconciliationCompletes() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1))
        await harness.start()
        await harness.run { $0.planComplete }
        // A new subscription (the master failed over): the stored task is reconciled explicitly first.
        await harness.send(.disconnected(reason: "stream ended"))
        await harness.send(.subscribed(frameworkID: "fw-1", masterInfo: nil))
        let calls = harness.sender.take()
        let explicit = calls.ofType(.reconcile)
        #expect(explicit.count == 1)
        #expect(explicit.first?.reconcile?.tasks.count == 1)
        #expect(harness.plan.phases.first?.status == .inProgress)

        await harness.event(.offers(harness.cluster.makeOffers()))
        let declines = harness.sender.take()
        #expect(declines.map(\.type) == [.decline])
        #expect(declines.first?.decline?.filters?.refuseSeconds == 5)

        // The answer completes reconciliation, and an implicit reconciliation follows.
        for update in harness.cluster.process(calls) { await harness.event(.update(update)) }
        #expect(harness.plan.phases.first?.status == .complete)
        #expect(harness.sender.take().contains { $0.type == .reconcile && $0.reconcile?.tasks.isEmpty == true })
    }
}

import Plan
import Testing

@Suite struct PlanInstallTests {
    @Test func installRunsBlocksOneAtATimeInOrder() {
        var engine = reconciledPlan(count: 3)
        var order: [Int] = []
        while let work = engine.work {
            order.append(work.broker)
            #expect(engine.blockStatuses.filter { $0 == .inProgress }.count == 1)
            #expect(engine.observe(broker: work.broker, .ready) == .progressChanged)
        }
        #expect(order == [0, 1, 2])
        #expect(engine.isComplete)
        #expect(engine.status == .complete)
        #expect(engine.snapshot().phases.map(\.status) == [.complete, .complete])
        #expect(engine.snapshot().phases[1].blocks.allSatisfy { !$0.hasDecisionPoint })
    }

    @Test func blockCompletesOnlyWhenRunningTheTargetAndReady() {
        var engine = reconciledPlan(count: 2)
        #expect(engine.observe(broker: 0, .waiting(for: "broker 0 to run configuration \(targetA)"))
            == .progressChanged)
        #expect(engine.block(0).status == .inProgress)
        #expect(engine.block(0).message == "Broker-0 is InProgress: waiting for broker 0 to run configuration \(targetA)")
        engine.observe(broker: 0, .waiting(for: "broker 0 to register with Kafka"))
        #expect(engine.block(0).status == .inProgress)
        #expect(engine.block(0).message == "Broker-0 is InProgress: waiting for broker 0 to register with Kafka")
        #expect(engine.work?.broker == 0)
        #expect(engine.block(1).status == .pending)
        #expect(engine.block(1).message == "Broker-1 is Pending")

        engine.observe(broker: 0, .ready)
        #expect(engine.block(0).status == .complete)
        #expect(engine.block(0).message == "Broker-0 is Complete")
        #expect(engine.work?.broker == 1)
        #expect(engine.block(1).message == "Broker-1 is InProgress")
    }

    @Test func sameObservationTwiceChangesNothing() {
        var engine = reconciledPlan(count: 2)
        #expect(engine.observe(broker: 0, .waiting(for: "x")) == .progressChanged)
        #expect(engine.observe(broker: 0, .waiting(for: "x")) == .unchanged)
        #expect(engine.observe(broker: 7, .ready) == .unchanged)
        #expect(engine.observe(broker: -1, .ready) == .unchanged)
    }

    @Test func completeBlockStaysCompleteForTheTarget() {
        var engine = reconciledPlan(count: 2)
        engine.observe(broker: 0, .ready)
        #expect(engine.observe(broker: 0, .waiting(for: "broker 0 to be launched")) == .unchanged)
        #expect(engine.block(0).status == .complete)
        #expect(engine.work?.broker == 1)
    }

    @Test func pendingBrokerAlreadyReadyCompletesWithoutBeingHandedOut() {
        // A count increase: brokers 0-2 already run a configuration the change does not touch.
        var engine = PlanEngine(targetID: targetA, brokerCount: 5, strategy: .install)
        engine.observeReconciliation(.inProgress(unansweredTasks: 3))
        for broker in 0..<3 { engine.observe(broker: broker, .ready) }
        #expect(engine.blockStatuses == [.complete, .complete, .complete, .pending, .pending])
        #expect(engine.work == nil)
        engine.observeReconciliation(.complete)
        #expect(engine.work?.broker == 3)
        // Waiting observations of a pending block are not shown: it has not started.
        engine.observe(broker: 4, .waiting(for: "broker 4 to be launched"))
        #expect(engine.block(4).message == "Broker-4 is Pending")
    }

    @Test func reconciliationRestartedByTheSchedulerHoldsBackWork() {
        var engine = reconciledPlan(count: 2)
        #expect(engine.work?.broker == 0)
        engine.observeReconciliation(.inProgress(unansweredTasks: 1))
        #expect(engine.work == nil)
        #expect(engine.block(0).status == .inProgress)
        engine.observeReconciliation(.complete)
        #expect(engine.work?.broker == 0)
    }
}

import Plan
import Testing

@Suite struct PlanStatusTests {
    @Test func combinedStatusFollowsTheSeedRules() {
        #expect(PlanStatus.combined([.complete, .complete], hasErrors: true) == .error)
        #expect(PlanStatus.combined([.complete, .error]) == .error)
        #expect(PlanStatus.combined([.waiting, .inProgress]) == .inProgress)
        #expect(PlanStatus.combined([.complete, .waiting, .pending]) == .waiting)
        #expect(PlanStatus.combined([.complete, .complete]) == .complete)
        #expect(PlanStatus.combined([]) == .complete)
        #expect(PlanStatus.combined([.pending, .pending]) == .pending)
        #expect(PlanStatus.combined([.complete, .pending]) == .inProgress)
    }

    @Test func statusStringsAreTheSeeds() {
        #expect(PlanStatus.allCases.map(\.rawValue) == ["Pending", "InProgress", "Complete", "Waiting", "Error"])
        #expect(PhaseStrategy.allCases.map(\.rawValue) == ["INSTALL", "STAGE"])
    }

    @Test func freshPlanIsPendingUntilReconciliationStarts() {
        var engine = PlanEngine(targetID: targetA, brokerCount: 2, strategy: .install)
        #expect(engine.status == .pending)
        #expect(engine.reconciliationPhase.blocks[0].message == "Reconciliation pending")
        #expect(engine.blockStatuses == [.pending, .pending])
        #expect(engine.work == nil)

        engine.observeReconciliation(.inProgress(unansweredTasks: 2))
        #expect(engine.status == .inProgress)
        #expect(engine.reconciliationPhase.status == .inProgress)
        #expect(engine.reconciliationPhase.blocks[0].message
            == "Reconciliation in progress: waiting for the status of 2 tasks")
        #expect(engine.updatePhase.status == .pending)
        #expect(engine.work == nil, "no block before reconciliation is complete")

        engine.observeReconciliation(.complete)
        #expect(engine.reconciliationPhase.blocks[0].message == "Reconciliation complete")
        #expect(engine.work?.broker == 0)
        #expect(engine.status == .inProgress)
    }

    @Test func errorsMakeThePlanStatusError() {
        var engine = reconciledPlan(count: 1)
        engine.observe(broker: 0, .ready)
        #expect(engine.status == .complete)
        engine.setErrors(["BROKER_COUNT decreased from 3 to 1"])
        #expect(engine.status == .error)
        #expect(engine.snapshot().errors == ["BROKER_COUNT decreased from 3 to 1"])
        #expect(engine.statusSnapshot().stage.status == .error)
        #expect(engine.isComplete, "errors describe a rejected configuration, not this plan's blocks")
        engine.setErrors([])
        #expect(engine.status == .complete)
    }

    @Test func emptyPlanCompletesWithReconciliation() {
        let engine = reconciledPlan(count: 0)
        #expect(engine.status == .complete)
        #expect(engine.isComplete)
    }
}

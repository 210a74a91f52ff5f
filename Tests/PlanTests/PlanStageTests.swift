import Plan
import Testing

@Suite struct PlanStageTests {
    @Test func stageWaitsAtEachDecisionPointUntilContinue() throws {
        var engine = reconciledPlan(count: 3, strategy: .stage)
        #expect(engine.work == nil)
        #expect(engine.status == .waiting)
        #expect(engine.updatePhase.status == .waiting)
        #expect(engine.block(0).status == .waiting)
        #expect(engine.block(0).hasDecisionPoint)
        #expect(engine.block(0).message == "Broker-0 is Waiting: decision point, waiting for continue")
        #expect(engine.block(1).status == .pending)
        #expect(engine.block(1).hasDecisionPoint)

        for broker in 0..<3 {
            #expect(engine.work == nil)
            let result = try engine.apply(PlanCommand(.continue))
            #expect(result.outcome == .decisionPointReleased)
            #expect(result.blockName == "broker-\(broker)")
            #expect(result.message == "Released the decision point of broker-\(broker)")
            #expect(engine.work?.broker == broker)
            #expect(engine.block(broker).status == .inProgress)
            #expect(!engine.block(broker).hasDecisionPoint)
            engine.observe(broker: broker, .ready)
            if broker < 2 {
                #expect(engine.block(broker + 1).status == .waiting)
                #expect(engine.status == .waiting)
            }
        }
        #expect(engine.isComplete)
        #expect(engine.status == .complete)
        #expect(throws: PlanCommandError.nothingToContinue(
            detail: "the plan is not interrupted and no block waits at a decision point")) {
            try engine.apply(PlanCommand(.continue))
        }
    }

    @Test func eachContinueReleasesOneDecisionPoint() throws {
        var engine = reconciledPlan(count: 3, strategy: .stage)
        try engine.apply(PlanCommand(.continue))
        // Released ahead of time while broker-0 is in progress.
        let second = try engine.apply(PlanCommand(.continue))
        #expect(second.blockName == "broker-1")
        #expect(engine.block(1).status == .pending)
        #expect(!engine.block(1).hasDecisionPoint)
        #expect(engine.block(2).hasDecisionPoint)
        engine.observe(broker: 0, .ready)
        #expect(engine.work?.broker == 1, "broker-1 starts without another continue")
        engine.observe(broker: 1, .ready)
        #expect(engine.work == nil)
        #expect(engine.block(2).status == .waiting)
    }

    @Test func continueWithIdsReleasesThatBlock() throws {
        var engine = reconciledPlan(count: 3, strategy: .stage)
        let phase = engine.updatePhase
        let result = try engine.apply(PlanCommand(.continue, phaseID: phase.id, blockID: phase.blocks[2].id))
        #expect(result.blockID == phase.blocks[2].id)
        #expect(!engine.block(2).hasDecisionPoint)
        #expect(engine.block(0).hasDecisionPoint)
        #expect(engine.work == nil, "serial: broker-0 still waits for its own decision point")
        #expect(throws: PlanCommandError.nothingToContinue(
            detail: "the plan is not interrupted and broker-2 has no decision point waiting")) {
            try engine.apply(PlanCommand(.continue, blockID: phase.blocks[2].id))
        }
    }

    @Test func continueUnderInstallWithoutInterruptIsRefused() {
        var engine = reconciledPlan(count: 1)
        #expect(throws: PlanCommandError.nothingToContinue(
            detail: "the plan is not interrupted and the INSTALL strategy has no decision points")) {
            try engine.apply(PlanCommand(.continue))
        }
    }

    @Test func alreadyReadyBrokersCompleteWithoutDecisionPoints() {
        var engine = reconciledPlan(count: 3, strategy: .stage)
        engine.observe(broker: 0, .ready)
        engine.observe(broker: 1, .ready)
        #expect(engine.blockStatuses == [.complete, .complete, .waiting])
        #expect(!engine.block(0).hasDecisionPoint)
        #expect(engine.block(2).hasDecisionPoint)
    }
}

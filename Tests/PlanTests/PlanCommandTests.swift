import Plan
import Testing

@Suite struct PlanCommandTests {
    @Test func interruptLetsTheInFlightBlockFinishThenWaits() throws {
        var engine = reconciledPlan(count: 3)
        #expect(engine.work?.broker == 0)
        let result = try engine.apply(PlanCommand(.interrupt))
        #expect(result.outcome == .interrupted)
        #expect(result.blockID == nil)
        #expect(result.phaseName == "Update to: \(targetA)")
        #expect(result.message == "Plan interrupted: no new block starts until continue; broker-0 is in progress and may finish")
        #expect(engine.isInterrupted)
        #expect(engine.work?.broker == 0)
        #expect(engine.updatePhase.status == .inProgress)

        engine.observe(broker: 0, .ready)
        #expect(engine.work == nil)
        #expect(engine.updatePhase.status == .waiting)
        #expect(engine.status == .waiting)
        #expect(engine.block(1).status == .waiting)
        #expect(engine.block(1).message == "Broker-1 is Waiting: the plan is interrupted, waiting for continue")
        #expect(engine.block(2).status == .pending)

        #expect(throws: PlanCommandError.alreadyInterrupted) { try engine.apply(PlanCommand(.interrupt)) }

        let resumed = try engine.apply(PlanCommand(.continue))
        #expect(resumed.outcome == .resumed)
        #expect(!engine.isInterrupted)
        #expect(engine.work?.broker == 1)
    }

    @Test func continueUnderStageLiftsTheInterruptFirst() throws {
        var engine = reconciledPlan(count: 2, strategy: .stage)
        try engine.apply(PlanCommand(.interrupt))
        #expect(try engine.apply(PlanCommand(.continue)).outcome == .resumed)
        #expect(engine.work == nil)
        #expect(engine.block(0).message == "Broker-0 is Waiting: decision point, waiting for continue")
        #expect(try engine.apply(PlanCommand(.continue)).outcome == .decisionPointReleased)
        #expect(engine.work?.broker == 0)
    }

    @Test func interruptBeforeReconciliationCompletesHoldsTheFirstBlock() throws {
        var engine = PlanEngine(targetID: targetA, brokerCount: 2, strategy: .install)
        try engine.apply(PlanCommand(.interrupt))
        engine.observeReconciliation(.complete)
        #expect(engine.work == nil)
        #expect(engine.block(0).status == .waiting)
    }

    @Test func interruptOfCompletePlanOrReconciliationIsRefused() throws {
        var engine = reconciledPlan(count: 1)
        #expect(throws: PlanCommandError.reconciliationCannotBeInterrupted) {
            try engine.apply(PlanCommand(.interrupt, phaseID: engine.reconciliationPhase.id))
        }
        engine.observe(broker: 0, .ready)
        #expect(throws: PlanCommandError.nothingToInterrupt) { try engine.apply(PlanCommand(.interrupt)) }
    }

    @Test func forceCompleteWithoutIdsActsOnTheActiveBlock() throws {
        var engine = reconciledPlan(count: 3)
        let result = try engine.apply(PlanCommand(.forceComplete))
        #expect(result.outcome == .forcedComplete)
        #expect(result.blockName == "broker-0")
        #expect(result.message == "broker-0 marked Complete without its work")
        #expect(engine.block(0).status == .complete)
        #expect(engine.block(0).message == "Broker-0 is Complete (forced)")
        #expect(engine.work?.broker == 1)
    }

    @Test func forceCompleteWithIdsActsOnThatBlock() throws {
        var engine = reconciledPlan(count: 3, strategy: .stage)
        let phase = engine.updatePhase
        try engine.apply(PlanCommand(.forceComplete, phaseID: phase.id, blockID: phase.blocks[1].id))
        #expect(engine.blockStatuses == [.waiting, .complete, .pending])
        #expect(throws: PlanCommandError.blockAlreadyComplete(name: "broker-1")) {
            try engine.apply(PlanCommand(.forceComplete, blockID: phase.blocks[1].id))
        }
        // A phase id alone means that phase's first incomplete block.
        let result = try engine.apply(PlanCommand(.forceComplete, phaseID: phase.id))
        #expect(result.blockName == "broker-0")
        #expect(engine.block(2).status == .waiting)
    }

    @Test func forceCompleteOfReconciliationIsRefused() {
        var engine = PlanEngine(targetID: targetA, brokerCount: 1, strategy: .install)
        engine.observeReconciliation(.inProgress(unansweredTasks: 1))
        #expect(throws: PlanCommandError.reconciliationCannotBeForced) {
            try engine.apply(PlanCommand(.forceComplete))
        }
        #expect(PlanCommandError.reconciliationCannotBeForced.code == 409)
    }

    @Test func commandsWithoutActiveBlockAreRefused() {
        var engine = reconciledPlan(count: 1)
        engine.observe(broker: 0, .ready)
        #expect(throws: PlanCommandError.noActiveBlock(command: .forceComplete, phaseName: nil)) {
            try engine.apply(PlanCommand(.forceComplete))
        }
        #expect(throws: PlanCommandError.noActiveBlock(command: .restart, phaseName: nil)) {
            try engine.apply(PlanCommand(.restart))
        }
        let phaseID = engine.updatePhase.id
        #expect(throws: PlanCommandError.noActiveBlock(command: .restart, phaseName: "Update to: \(targetA)")) {
            try engine.apply(PlanCommand(.restart, phaseID: phaseID))
        }
    }

    @Test func restartRedoesACompleteBlock() throws {
        var engine = reconciledPlan(count: 2)
        engine.observe(broker: 0, .ready)
        engine.observe(broker: 1, .ready)
        let blockID = engine.block(0).id
        let result = try engine.apply(PlanCommand(.restart, phaseID: engine.updatePhase.id, blockID: blockID))
        #expect(result.outcome == .restarted)
        #expect(result.blockName == "broker-0")
        #expect(!result.restartsReconciliation)
        #expect(result.message == "broker-0 set back to Pending: broker 0 will be relaunched")

        let work = try #require(engine.work)
        #expect(work == PlanWork(broker: 0, blockID: blockID, blockName: "broker-0", relaunch: true))
        #expect(engine.block(0).message == "Broker-0 is InProgress: waiting for broker 0 to be relaunched")
        #expect(engine.status == .inProgress)

        // The old task still reports ready: that does not count until the broker was relaunched.
        #expect(engine.observe(broker: 0, .ready) == .unchanged)
        #expect(engine.block(0).status == .inProgress)
        #expect(engine.brokerRelaunched(0) == .progressChanged)
        #expect(engine.work?.relaunch == false)
        engine.observe(broker: 0, .waiting(for: "broker 0 to register with Kafka"))
        #expect(engine.block(0).status == .inProgress)
        engine.observe(broker: 0, .ready)
        #expect(engine.isComplete)
    }

    @Test func restartWithoutIdsActsOnTheInProgressBlock() throws {
        var engine = reconciledPlan(count: 2)
        engine.observe(broker: 0, .waiting(for: "broker 0 to register with Kafka"))
        let result = try engine.apply(PlanCommand(.restart))
        #expect(result.blockName == "broker-0")
        #expect(engine.work?.relaunch == true)
        #expect(engine.block(0).status == .inProgress)
    }

    @Test func restartOfAForcedBlockRelaunchesIt() throws {
        var engine = reconciledPlan(count: 1)
        try engine.apply(PlanCommand(.forceComplete))
        try engine.apply(PlanCommand(.restart, blockID: engine.block(0).id))
        #expect(engine.work?.relaunch == true)
    }

    @Test func restartWhileInterruptedWaitsForContinue() throws {
        var engine = reconciledPlan(count: 2)
        engine.observe(broker: 0, .ready)
        #expect(engine.work?.broker == 1)
        try engine.apply(PlanCommand(.interrupt))
        try engine.apply(PlanCommand(.restart, blockID: engine.block(0).id))
        #expect(engine.block(0).status == .pending)
        #expect(engine.block(0).message == "Broker-0 is Pending: restart requested")
        engine.observe(broker: 1, .ready)
        #expect(engine.work == nil)
        #expect(engine.block(0).status == .waiting)
        try engine.apply(PlanCommand(.continue))
        #expect(engine.work == PlanWork(broker: 0, blockID: engine.block(0).id, blockName: "broker-0", relaunch: true))
    }

    @Test func restartOfAPendingBlockIsRefused() {
        var engine = reconciledPlan(count: 3)
        let id = engine.block(2).id
        #expect(throws: PlanCommandError.blockNotStarted(name: "broker-2")) {
            try engine.apply(PlanCommand(.restart, blockID: id))
        }
    }

    @Test func restartOfReconciliationAsksTheSchedulerToReconcile() throws {
        var engine = reconciledPlan(count: 1)
        let phase = engine.reconciliationPhase
        let result = try engine.apply(PlanCommand(.restart, phaseID: phase.id, blockID: phase.blocks[0].id))
        #expect(result.restartsReconciliation)
        #expect(result.blockName == "Reconciliation")
        #expect(engine.reconciliationPhase.status == .pending)
        #expect(engine.work == nil)
        #expect(throws: PlanCommandError.blockNotStarted(name: "Reconciliation")) {
            try engine.apply(PlanCommand(.restart))
        }
    }

    @Test func unknownAndMalformedIdsAreRefused() {
        var engine = reconciledPlan(count: 2)
        let phase = engine.updatePhase
        let reconciliation = engine.reconciliationPhase
        let stranger = "019eaab4-4082-4e38-ab01-a5d2a825cf8d"
        for kind in PlanCommandKind.allCases {
            #expect(throws: PlanCommandError.unknownPhase(id: stranger)) {
                try engine.apply(PlanCommand(kind, phaseID: stranger))
            }
            #expect(throws: PlanCommandError.unknownBlock(id: stranger, phaseID: nil)) {
                try engine.apply(PlanCommand(kind, blockID: stranger))
            }
            #expect(throws: PlanCommandError.unknownBlock(id: phase.blocks[0].id, phaseID: reconciliation.id)) {
                try engine.apply(PlanCommand(kind, phaseID: reconciliation.id, blockID: phase.blocks[0].id))
            }
            #expect(throws: PlanCommandError.invalidID(parameter: "phase", value: "nope")) {
                try engine.apply(PlanCommand(kind, phaseID: "nope"))
            }
            #expect(throws: PlanCommandError.invalidID(parameter: "block", value: "broker-0")) {
                try engine.apply(PlanCommand(kind, blockID: "broker-0"))
            }
        }
        #expect(PlanCommandError.unknownPhase(id: stranger).code == 404)
        #expect(PlanCommandError.invalidID(parameter: "phase", value: "x").code == 400)
        #expect(PlanCommandError.unknownBlock(id: stranger, phaseID: nil).message
            == "no block with id \(stranger) in the current plan (see GET /v1/plan)")
    }

    @Test func idsAreMatchedCaseInsensitively() throws {
        var engine = reconciledPlan(count: 2)
        let result = try engine.apply(PlanCommand(.forceComplete, blockID: engine.block(1).id.uppercased()))
        #expect(result.blockID == engine.block(1).id)
    }

    @Test func refusedCommandsChangeNothing() {
        var engine = reconciledPlan(count: 2, strategy: .stage)
        let before = engine.progress
        _ = try? engine.apply(PlanCommand(.restart))
        _ = try? engine.apply(PlanCommand(.forceComplete, blockID: "bad"))
        #expect(engine.progress == before)
    }
}

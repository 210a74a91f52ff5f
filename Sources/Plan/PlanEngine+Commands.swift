import Foundation

extension PlanEngine {
    /// Applies a user's plan command. On success the progress has changed: persist it.
    ///
    /// - `continue` lifts an interrupt if there is one; otherwise it releases the decision point of the
    ///   named block, or of the first block still behind one.
    /// - `interrupt` stops new blocks from starting (the block in progress may finish) until `continue`.
    /// - `forceComplete` marks the named or active block complete without its work.
    /// - `restart` sets the named or active block back to pending so that its work is redone; for a broker
    ///   block the scheduler relaunches the broker (`PlanWork.relaunch`).
    @discardableResult
    public mutating func apply(_ command: PlanCommand) throws(PlanCommandError) -> PlanCommandResult {
        let target = try resolve(command)
        let result: PlanCommandResult
        switch command.kind {
        case .continue: result = try applyContinue(target)
        case .interrupt: result = try applyInterrupt(target)
        case .forceComplete: result = try applyForceComplete(target)
        case .restart: result = try applyRestart(target)
        }
        advance()
        return result
    }

    // MARK: Targets

    enum PhaseRef: Equatable { case reconciliation, update }
    enum BlockRef: Equatable { case reconciliation, broker(Int) }

    struct Target {
        /// The phase named by the command's ids, if any.
        var phase: PhaseRef?
        /// The block named by the command's ids, if any.
        var block: BlockRef?
    }

    func resolve(_ command: PlanCommand) throws(PlanCommandError) -> Target {
        var target = Target()
        if let phaseID = command.phaseID {
            guard let uuid = UUID(uuidString: phaseID) else { throw .invalidID(parameter: "phase", value: phaseID) }
            if uuid == UUID(uuidString: reconciliationPhaseID) {
                target.phase = .reconciliation
            } else if uuid == UUID(uuidString: updatePhaseID) {
                target.phase = .update
            } else {
                throw .unknownPhase(id: phaseID)
            }
        }
        if let blockID = command.blockID {
            guard let uuid = UUID(uuidString: blockID) else { throw .invalidID(parameter: "block", value: blockID) }
            let found: (PhaseRef, BlockRef)?
            if uuid == UUID(uuidString: reconciliationBlockID) {
                found = (.reconciliation, .reconciliation)
            } else if let index = blockIDs.firstIndex(where: { UUID(uuidString: $0) == uuid }) {
                found = (.update, .broker(index))
            } else {
                found = nil
            }
            guard let found, target.phase == nil || target.phase == found.0 else {
                throw .unknownBlock(id: blockID, phaseID: command.phaseID)
            }
            target.phase = found.0
            target.block = found.1
        }
        return target
    }

    /// The block a command acts on: the named one, else the named phase's first incomplete block, else the
    /// active block.
    func blockForCommand(_ target: Target, _ kind: PlanCommandKind) throws(PlanCommandError) -> BlockRef {
        if let block = target.block { return block }
        switch target.phase {
        case .reconciliation:
            guard reconciliation != .complete || kind == .restart else {
                throw .noActiveBlock(command: kind, phaseName: Self.reconciliationName)
            }
            return .reconciliation
        case .update:
            guard let index = activeBrokerBlock else {
                throw .noActiveBlock(command: kind, phaseName: updatePhaseName)
            }
            return .broker(index)
        case nil:
            if reconciliation != .complete { return .reconciliation }
            guard let index = activeBrokerBlock else { throw .noActiveBlock(command: kind, phaseName: nil) }
            return .broker(index)
        }
    }

    // MARK: Commands

    private mutating func applyContinue(_ target: Target) throws(PlanCommandError) -> PlanCommandResult {
        if interrupted {
            interrupted = false
            return result(
                .continue, .resumed, phase: .update, block: nil,
                message: "Plan continued: blocks are started again")
        }
        guard strategy == .stage else {
            throw .nothingToContinue(
                detail: "the plan is not interrupted and the INSTALL strategy has no decision points")
        }
        let broker: Int
        switch target.block {
        case .broker(let index):
            guard hasDecisionPoint(index) else {
                throw .nothingToContinue(
                    detail: "the plan is not interrupted and \(Self.blockName(index)) has no decision point waiting")
            }
            broker = index
        case .reconciliation:
            throw .nothingToContinue(
                detail: "the plan is not interrupted and the Reconciliation block has no decision point")
        case nil:
            guard target.phase != .reconciliation else {
                throw .nothingToContinue(
                    detail: "the plan is not interrupted and the Reconciliation phase has no decision points")
            }
            guard let index = blocks.indices.first(where: hasDecisionPoint) else {
                throw .nothingToContinue(detail: "the plan is not interrupted and no block waits at a decision point")
            }
            broker = index
        }
        guard case .pending(_, let relaunch) = blocks[broker] else {
            throw .nothingToContinue(detail: "\(Self.blockName(broker)) has no decision point waiting")
        }
        blocks[broker] = .pending(decisionPointReleased: true, relaunch: relaunch)
        return result(
            .continue, .decisionPointReleased, phase: .update, block: .broker(broker),
            message: "Released the decision point of \(Self.blockName(broker))")
    }

    private mutating func applyInterrupt(_ target: Target) throws(PlanCommandError) -> PlanCommandResult {
        if target.phase == .reconciliation { throw .reconciliationCannotBeInterrupted }
        if interrupted { throw .alreadyInterrupted }
        guard activeBrokerBlock != nil else { throw .nothingToInterrupt }
        interrupted = true
        var message = "Plan interrupted: no new block starts until continue"
        if let work {
            message += "; \(work.blockName) is in progress and may finish"
        }
        return result(.interrupt, .interrupted, phase: .update, block: nil, message: message)
    }

    private mutating func applyForceComplete(_ target: Target) throws(PlanCommandError) -> PlanCommandResult {
        switch try blockForCommand(target, .forceComplete) {
        case .reconciliation:
            throw .reconciliationCannotBeForced
        case .broker(let index):
            if case .complete = blocks[index] { throw .blockAlreadyComplete(name: Self.blockName(index)) }
            blocks[index] = .complete(forced: true)
            return result(
                .forceComplete, .forcedComplete, phase: .update, block: .broker(index),
                message: "\(Self.blockName(index)) marked Complete without its work")
        }
    }

    private mutating func applyRestart(_ target: Target) throws(PlanCommandError) -> PlanCommandResult {
        switch try blockForCommand(target, .restart) {
        case .reconciliation:
            guard reconciliation != .pending else { throw .blockNotStarted(name: Self.reconciliationName) }
            reconciliation = .pending
            return result(
                .restart, .restarted, phase: .reconciliation, block: .reconciliation,
                message: "Reconciliation set back to Pending: the scheduler reconciles its tasks again")
        case .broker(let index):
            if case .pending = blocks[index] { throw .blockNotStarted(name: Self.blockName(index)) }
            blocks[index] = .pending(decisionPointReleased: true, relaunch: true)
            return result(
                .restart, .restarted, phase: .update, block: .broker(index),
                message: "\(Self.blockName(index)) set back to Pending: broker \(index) will be relaunched")
        }
    }

    private func result(
        _ kind: PlanCommandKind, _ outcome: PlanCommandResult.Outcome, phase: PhaseRef, block: BlockRef?,
        message: String
    ) -> PlanCommandResult {
        let (phaseID, phaseName) =
            phase == .reconciliation
            ? (reconciliationPhaseID, Self.reconciliationName) : (updatePhaseID, updatePhaseName)
        var blockID: String?
        var blockName: String?
        switch block {
        case .reconciliation:
            blockID = reconciliationBlockID
            blockName = Self.reconciliationName
        case .broker(let index):
            blockID = blockIDs[index]
            blockName = Self.blockName(index)
        case nil:
            break
        }
        return PlanCommandResult(
            command: kind, outcome: outcome, phaseID: phaseID, phaseName: phaseName, blockID: blockID,
            blockName: blockName, restartsReconciliation: block == .reconciliation && outcome == .restarted,
            message: message)
    }
}

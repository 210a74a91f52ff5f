extension PlanEngine {
    /// The plan status: the seed's rule over the two phases, `Error` when there are errors.
    public var status: PlanStatus {
        PlanStatus.combined([reconciliationStatus, updatePhaseStatus], hasErrors: !errors.isEmpty)
    }

    /// The body of `GET /v1/plan`.
    public func snapshot() -> PlanSnapshot {
        let reconciliationPhase = PhaseSnapshot(
            blocks: [
                BlockSnapshot(
                    hasDecisionPoint: false, id: reconciliationBlockID, message: reconciliationMessage,
                    name: Self.reconciliationName, status: reconciliationStatus)
            ],
            id: reconciliationPhaseID, name: Self.reconciliationName, status: reconciliationStatus)
        let updatePhase = PhaseSnapshot(
            blocks: blocks.indices.map(blockSnapshot), id: updatePhaseID, name: updatePhaseName,
            status: updatePhaseStatus)
        return PlanSnapshot(errors: errors, phases: [reconciliationPhase, updatePhase], status: status)
    }

    /// The body of `GET /v1/plan/status`: the active block and its phase, omitted when every phase is
    /// complete.
    public func statusSnapshot() -> PlanStatusSnapshot {
        let stage = PlanStatusSnapshot.Stage(errors: errors, phaseCount: 2, status: status)
        if reconciliation != .complete {
            return PlanStatusSnapshot(
                block: PlanStatusSnapshot.Block(
                    hasDecisionPoint: false, id: reconciliationBlockID, message: reconciliationMessage,
                    name: Self.reconciliationName, status: reconciliationStatus),
                phase: PlanStatusSnapshot.Phase(
                    blockCount: 1, id: reconciliationPhaseID, name: Self.reconciliationName,
                    status: reconciliationStatus),
                stage: stage)
        }
        guard let active = activeBrokerBlock else {
            return PlanStatusSnapshot(block: nil, phase: nil, stage: stage)
        }
        let block = blockSnapshot(active)
        return PlanStatusSnapshot(
            block: PlanStatusSnapshot.Block(
                hasDecisionPoint: block.hasDecisionPoint, id: block.id, message: block.message, name: block.name,
                status: block.status),
            phase: PlanStatusSnapshot.Phase(
                blockCount: blocks.count, id: updatePhaseID, name: updatePhaseName, status: updatePhaseStatus),
            stage: stage)
    }

    // MARK: Parts

    var reconciliationStatus: PlanStatus {
        switch reconciliation {
        case .pending: return .pending
        case .inProgress: return .inProgress
        case .complete: return .complete
        }
    }

    var reconciliationMessage: String {
        switch reconciliation {
        case .pending:
            return "Reconciliation pending"
        case .inProgress(let unanswered) where unanswered > 0:
            let tasks = unanswered == 1 ? "1 task" : "\(unanswered) tasks"
            return "Reconciliation in progress: waiting for the status of \(tasks)"
        case .inProgress:
            return "Reconciliation in progress"
        case .complete:
            return "Reconciliation complete"
        }
    }

    var updatePhaseStatus: PlanStatus {
        PlanStatus.combined(blocks.indices.map(displayStatus(of:)))
    }

    /// The first block of the update phase that is not complete.
    var activeBrokerBlock: Int? {
        blocks.firstIndex { if case .complete = $0 { false } else { true } }
    }

    func hasDecisionPoint(_ broker: Int) -> Bool {
        if strategy == .stage, case .pending(decisionPointReleased: false, _) = blocks[broker] { return true }
        return false
    }

    func blockSnapshot(_ broker: Int) -> BlockSnapshot {
        let status = displayStatus(of: broker)
        return BlockSnapshot(
            hasDecisionPoint: hasDecisionPoint(broker), id: blockIDs[broker],
            message: message(broker, status: status), name: Self.blockName(broker), status: status)
    }

    /// `Broker-0 is Complete`, `Broker-1 is InProgress: waiting for broker 1 to register with Kafka`, …
    func message(_ broker: Int, status: PlanStatus) -> String {
        let head = "Broker-\(broker) is \(status.rawValue)"
        switch blocks[broker] {
        case .complete(forced: true):
            return "\(head) (forced)"
        case .complete:
            return head
        case .inProgress(_, let waitingFor?):
            return "\(head): waiting for \(waitingFor)"
        case .inProgress(relaunch: true, nil):
            return "\(head): waiting for broker \(broker) to be relaunched"
        case .inProgress:
            return head
        case .pending(_, let relaunch):
            if status == .waiting {
                return interrupted
                    ? "\(head): the plan is interrupted, waiting for continue"
                    : "\(head): decision point, waiting for continue"
            }
            return relaunch ? "\(head): restart requested" : head
        }
    }
}

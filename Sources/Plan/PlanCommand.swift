/// The plan commands of the REST API (`/v1/plan/continue`, `interrupt`, `forceComplete`, `restart`).
public enum PlanCommandKind: String, Sendable, Equatable, CaseIterable {
    case `continue`
    case interrupt
    case forceComplete
    case restart
}

/// A plan command with its optional `phase` and `block` ids. Without ids a command acts on the active block
/// (the first incomplete block of the first incomplete phase); a block id alone is looked up in every phase;
/// a phase id alone means that phase's first incomplete block.
public struct PlanCommand: Sendable, Equatable {
    public var kind: PlanCommandKind
    public var phaseID: String?
    public var blockID: String?

    public init(_ kind: PlanCommandKind, phaseID: String? = nil, blockID: String? = nil) {
        self.kind = kind
        self.phaseID = phaseID
        self.blockID = blockID
    }
}

/// What a plan command did, for the scheduler and for the REST answer's message.
public struct PlanCommandResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// `continue` lifted an interrupt.
        case resumed
        /// `continue` released a block's decision point.
        case decisionPointReleased
        /// `interrupt` stopped new blocks from starting.
        case interrupted
        /// `forceComplete` marked a block complete without its work.
        case forcedComplete
        /// `restart` set a block back to pending so that its work is redone.
        case restarted
    }

    public let command: PlanCommandKind
    public let outcome: Outcome
    /// The phase acted on.
    public let phaseID: String
    public let phaseName: String
    /// The block acted on; nil for commands on the whole phase (interrupt, continue lifting an interrupt).
    public let blockID: String?
    public let blockName: String?
    /// `restart` of the Reconciliation block: the scheduler must start reconciling its tasks again and
    /// report it with `PlanEngine.observeReconciliation(_:)`.
    public let restartsReconciliation: Bool
    /// One sentence saying what happened, e.g. `Released the decision point of broker-1`.
    public let message: String
}

/// A plan command the engine refused. `code` is the HTTP status the REST API answers with.
public enum PlanCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `phase` or `block` parameter that is not a UUID (400).
    case invalidID(parameter: String, value: String)
    /// No phase of the current plan has this id (404).
    case unknownPhase(id: String)
    /// No block has this id (in the given phase, when one was given) (404).
    case unknownBlock(id: String, phaseID: String?)
    /// The command needs a block and none is active: the plan (or the named phase) is complete (409).
    case noActiveBlock(command: PlanCommandKind, phaseName: String?)
    /// `continue` when the plan is not interrupted and no decision point waits (409).
    case nothingToContinue(detail: String)
    /// `interrupt` when the plan is already interrupted (409).
    case alreadyInterrupted
    /// `interrupt` when every block of the update phase is complete (409).
    case nothingToInterrupt
    /// `interrupt` of the Reconciliation phase (409).
    case reconciliationCannotBeInterrupted
    /// `forceComplete` of the Reconciliation block (409).
    case reconciliationCannotBeForced
    /// `forceComplete` of a block that is already complete (409).
    case blockAlreadyComplete(name: String)
    /// `restart` of a block that has not started (409).
    case blockNotStarted(name: String)

    /// The HTTP status for this error: 400, 404 or 409.
    public var code: Int {
        switch self {
        case .invalidID: return 400
        case .unknownPhase, .unknownBlock: return 404
        default: return 409
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .invalidID(let parameter, let value):
            return "'\(value)' is not a valid \(parameter) id: expected a UUID as shown by GET /v1/plan"
        case .unknownPhase(let id):
            return "no phase with id \(id) in the current plan (see GET /v1/plan)"
        case .unknownBlock(let id, let phaseID):
            if let phaseID {
                return "no block with id \(id) in phase \(phaseID) (see GET /v1/plan)"
            }
            return "no block with id \(id) in the current plan (see GET /v1/plan)"
        case .noActiveBlock(let command, let phaseName):
            let scope = phaseName.map { "phase '\($0)' is complete" } ?? "the plan is complete"
            return "no active block for \(command.rawValue): \(scope); name a block with the phase and block parameters"
        case .nothingToContinue(let detail):
            return "nothing to continue: \(detail)"
        case .alreadyInterrupted:
            return "the plan is already interrupted; use continue to resume it"
        case .nothingToInterrupt:
            return "nothing to interrupt: every block of the plan is complete"
        case .reconciliationCannotBeInterrupted:
            return "the Reconciliation phase cannot be interrupted: the scheduler acts only on reconciled tasks"
        case .reconciliationCannotBeForced:
            return "the Reconciliation block cannot be forced complete: accepting offers before every task is "
                + "reconciled could launch a second copy of a broker; use restart to reconcile again"
        case .blockAlreadyComplete(let name):
            return "\(name) is already complete"
        case .blockNotStarted(let name):
            return "\(name) has not started, so there is nothing to restart"
        }
    }

    public var description: String { message }
}

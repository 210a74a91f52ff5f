/// The deployment plan for one target configuration, as a state machine value.
///
/// Two phases: `Reconciliation` (one block, driven by the scheduler's task reconciliation) and
/// `Update to: <target id>` with one block per broker. The scheduler feeds it what it observes
/// (`observeReconciliation(_:)`, `observe(broker:_:)`, `brokerRelaunched(_:)`) and the user's commands
/// (`apply(_:)`), persists `progress` whenever an input answers `.progressChanged`, and works on `work`.
///
/// Blocks are handed out one at a time, in broker order, once reconciliation is complete: with INSTALL
/// without stopping, with STAGE each after a `continue` releases its decision point. `interrupt` holds back
/// new blocks (the one in progress may finish) until `continue`. A block completes when its broker runs the
/// target configuration and passes the readiness check; it then stays complete for this target (a later
/// crash is recovery's business, not the plan's). A pending block whose broker is already ready (a broker
/// the change does not touch) completes without being handed out.
public struct PlanEngine: Sendable {
    /// The target configuration id this plan rolls the brokers onto.
    public let targetID: String
    public let strategy: PhaseStrategy
    /// Configuration validation errors; any error makes the plan status `Error`.
    public private(set) var errors: [String]

    var reconciliation: ReconciliationProgress = .pending
    var interrupted: Bool
    var blocks: [BlockProgress]

    /// Derived once: name-based ids are stable for a target across restarts.
    let reconciliationPhaseID: String
    let reconciliationBlockID: String
    let updatePhaseID: String
    let blockIDs: [String]

    public static let reconciliationName = "Reconciliation"

    /// A fresh plan for `brokerCount` brokers (blocks `broker-0 … broker-<brokerCount-1>`), nothing done yet.
    public init(targetID: String, brokerCount: Int, strategy: PhaseStrategy, errors: [String] = []) {
        let blocks = Array(
            repeating: BlockProgress.pending(decisionPointReleased: false, relaunch: false),
            count: max(0, brokerCount))
        self.init(targetID: targetID, strategy: strategy, interrupted: false, blocks: blocks, errors: errors)
    }

    /// The plan as `progress` left it; its Reconciliation phase starts pending (see `PlanProgress`).
    public init(restoring progress: PlanProgress, errors: [String] = []) throws(PlanProgressError) {
        guard progress.version <= PlanProgress.currentVersion else {
            throw .unsupportedVersion(progress.version)
        }
        guard !progress.targetID.isEmpty else { throw .missingTargetID }
        self.init(
            targetID: progress.targetID, strategy: progress.strategy, interrupted: progress.interrupted,
            blocks: progress.blocks, errors: errors)
    }

    private init(
        targetID: String, strategy: PhaseStrategy, interrupted: Bool, blocks: [BlockProgress], errors: [String]
    ) {
        self.targetID = targetID
        self.strategy = strategy
        self.errors = errors
        self.interrupted = interrupted
        self.blocks = blocks
        let updateName = Self.updatePhaseName(targetID: targetID)
        self.reconciliationPhaseID = Self.id(targetID, Self.reconciliationName)
        self.reconciliationBlockID = Self.id(targetID, Self.reconciliationName, Self.reconciliationName)
        self.updatePhaseID = Self.id(targetID, updateName)
        self.blockIDs = blocks.indices.map { Self.id(targetID, updateName, Self.blockName($0)) }
        advance()
    }

    // MARK: Naming

    /// `Update to: <target id>`.
    public static func updatePhaseName(targetID: String) -> String { "Update to: \(targetID)" }

    /// `broker-<N>`.
    public static func blockName(_ broker: Int) -> String { "broker-\(broker)" }

    public var updatePhaseName: String { Self.updatePhaseName(targetID: targetID) }

    /// The number of broker blocks.
    public var brokerCount: Int { blocks.count }

    private static func id(_ parts: String...) -> String {
        NameBasedUUID.make(namespace: NameBasedUUID.planNamespace, name: parts.joined(separator: "\n"))
            .lowercasedString
    }

    // MARK: Persistence

    /// What to persist; restoring it with `init(restoring:errors:)` gives back the same plan.
    public var progress: PlanProgress {
        PlanProgress(targetID: targetID, strategy: strategy, interrupted: interrupted, blocks: blocks)
    }

    // MARK: Inputs

    /// Reports the scheduler's reconciliation. No block is handed out before it is complete.
    @discardableResult
    public mutating func observeReconciliation(_ progress: ReconciliationProgress) -> PlanChange {
        recording { $0.reconciliation = progress }
    }

    /// Reports what the scheduler sees of broker `broker`: ready on the target configuration, or what it
    /// waits for. A ready broker completes its block unless a restart of the block is still to be done.
    /// Observations of complete blocks and of brokers outside the plan are ignored.
    @discardableResult
    public mutating func observe(broker: Int, _ observation: BrokerObservation) -> PlanChange {
        guard blocks.indices.contains(broker) else { return .unchanged }
        return recording { engine in
            switch (engine.blocks[broker], observation) {
            case (.complete, _):
                break
            case (.pending(_, relaunch: false), .ready), (.inProgress(relaunch: false, _), .ready):
                engine.blocks[broker] = .complete(forced: false)
            case (.pending, _):
                break
            case (.inProgress(let relaunch, _), .waiting(let reason)):
                engine.blocks[broker] = .inProgress(relaunch: relaunch, waitingFor: reason)
            case (.inProgress(relaunch: true, _), .ready):
                break
            }
        }
    }

    /// The scheduler has relaunched broker `broker` for a restarted block (killed the old task and sent the
    /// launch of the new one): from now on its observations count towards completing the block.
    @discardableResult
    public mutating func brokerRelaunched(_ broker: Int) -> PlanChange {
        guard blocks.indices.contains(broker) else { return .unchanged }
        return recording { engine in
            switch engine.blocks[broker] {
            case .inProgress(relaunch: true, _):
                engine.blocks[broker] = .inProgress(relaunch: false, waitingFor: nil)
            case .pending(let released, relaunch: true):
                engine.blocks[broker] = .pending(decisionPointReleased: released, relaunch: false)
            default:
                break
            }
        }
    }

    /// Replaces the configuration validation errors shown in the plan.
    public mutating func setErrors(_ errors: [String]) {
        self.errors = errors
    }

    // MARK: Outputs

    /// The block to work on now, or nil when there is nothing to do: reconciliation not complete, every
    /// block complete, the next block waiting at a decision point, or the plan interrupted with no block in
    /// progress.
    public var work: PlanWork? {
        guard reconciliation == .complete else { return nil }
        for (index, block) in blocks.enumerated() {
            if case .inProgress(let relaunch, _) = block {
                return PlanWork(
                    broker: index, blockID: blockIDs[index], blockName: Self.blockName(index), relaunch: relaunch)
            }
        }
        return nil
    }

    /// True when reconciliation and every broker block are complete (errors aside).
    public var isComplete: Bool {
        reconciliation == .complete && blocks.allSatisfy { if case .complete = $0 { true } else { false } }
    }

    /// Whether new blocks are held back by an `interrupt`.
    public var isInterrupted: Bool { interrupted }

    /// The status of broker `broker`'s block as shown in the plan.
    public func blockStatus(_ broker: Int) -> PlanStatus? {
        guard blocks.indices.contains(broker) else { return nil }
        return displayStatus(of: broker)
    }

    // MARK: Transitions

    /// Runs `change`, starts the next block if one may start, and tells whether `progress` changed.
    mutating func recording(_ change: (inout PlanEngine) -> Void) -> PlanChange {
        let before = progress
        change(&self)
        advance()
        return progress == before ? .unchanged : .progressChanged
    }

    /// Hands out the next block when nothing is in progress and nothing holds it back.
    mutating func advance() {
        guard reconciliation == .complete, !interrupted else { return }
        if blocks.contains(where: { if case .inProgress = $0 { true } else { false } }) { return }
        guard let next = blocks.firstIndex(where: { if case .pending = $0 { true } else { false } }) else { return }
        guard case .pending(let released, let relaunch) = blocks[next] else { return }
        if strategy == .install || released {
            blocks[next] = .inProgress(relaunch: relaunch, waitingFor: nil)
        }
    }

    /// The block that would start next but is held back: the first pending block when no block is in
    /// progress and reconciliation is complete.
    var blockedIndex: Int? {
        guard reconciliation == .complete else { return nil }
        if blocks.contains(where: { if case .inProgress = $0 { true } else { false } }) { return nil }
        return blocks.firstIndex(where: { if case .pending = $0 { true } else { false } })
    }

    func displayStatus(of broker: Int) -> PlanStatus {
        switch blocks[broker] {
        case .complete: return .complete
        case .inProgress: return .inProgress
        case .pending: return broker == blockedIndex ? .waiting : .pending
        }
    }
}

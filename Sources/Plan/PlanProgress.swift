/// Everything the plan engine must not forget across a scheduler restart, for one target configuration:
/// the state of each block (including forced completions, requested restarts and released decision points)
/// and the interrupt. The scheduler stores it (`CanonicalJSON.encode`) and restores it with
/// `PlanEngine(restoring:errors:)`.
///
/// Reconciliation is deliberately not part of it: every scheduler process must reconcile its tasks again
/// before it acts, so a restored engine starts with its Reconciliation phase pending.
public struct PlanProgress: Codable, Sendable, Equatable {
    /// The layout version this build writes and reads.
    public static let currentVersion = 1

    public internal(set) var version: Int
    /// The target configuration id this progress belongs to.
    public internal(set) var targetID: String
    public internal(set) var strategy: PhaseStrategy
    /// An `interrupt` holds back new blocks until a `continue`.
    public internal(set) var interrupted: Bool
    /// One entry per broker, in broker order.
    public internal(set) var blocks: [BlockProgress]

    init(targetID: String, strategy: PhaseStrategy, interrupted: Bool, blocks: [BlockProgress]) {
        self.version = Self.currentVersion
        self.targetID = targetID
        self.strategy = strategy
        self.interrupted = interrupted
        self.blocks = blocks
    }
}

/// The state of one broker block. Each case carries only what means something in that state.
public enum BlockProgress: Codable, Sendable, Equatable {
    /// Not started. `decisionPointReleased`: a `continue` released its STAGE decision point (or a restart did
    /// not need one). `relaunch`: a `restart` asked for the broker to be relaunched even if it already runs
    /// the target configuration.
    case pending(decisionPointReleased: Bool, relaunch: Bool)
    /// Handed out to the scheduler. `waitingFor` is the last thing the broker was seen waiting for.
    case inProgress(relaunch: Bool, waitingFor: String?)
    /// Done for this target; `forced` when a `forceComplete` command completed it without its work.
    case complete(forced: Bool)
}

/// A stored `PlanProgress` that cannot be restored.
public enum PlanProgressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Written by a newer build whose layout this one does not know.
    case unsupportedVersion(Int)
    /// The target id is empty.
    case missingTargetID

    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            return "plan progress has layout version \(version); this scheduler reads version "
                + "\(PlanProgress.currentVersion)"
        case .missingTargetID:
            return "plan progress has no target configuration id"
        }
    }
}

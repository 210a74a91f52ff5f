import Plan

/// What the REST API asks of the scheduler: the latest snapshot to read, and commands.
///
/// Reads never wait on the scheduler: `snapshot` returns the last published one. Commands are handled by the
/// scheduler in order with its other inputs; each answers once the scheduler has decided (and persisted what
/// must survive a restart), not when the effect is over (a restarted broker may still be starting).
public protocol SchedulerControl: Sendable {
    /// The latest published snapshot. Synchronous and cheap: the scheduler keeps it in a
    /// `SnapshotPublisher`.
    var snapshot: SchedulerSnapshot { get }

    /// Restarts broker `id` in place: kills its task and launches it again on the same reservation and
    /// volume. Answers the ids of the tasks it killed (or, for a broker that was not running, the task it
    /// will launch).
    func restartBroker(_ id: Int) async throws(SchedulerControlError) -> [String]

    /// Replaces broker `id`: kills its task, forgets its reservation and volume (their data is gone) and
    /// launches it on fresh resources wherever placement allows. Answers the affected task ids, like
    /// `restartBroker`.
    func replaceBroker(_ id: Int) async throws(SchedulerControlError) -> [String]

    /// Applies a plan command (`continue`, `interrupt`, `forceComplete`, `restart`) and persists the plan's
    /// progress.
    func applyPlanCommand(_ command: PlanCommand) async throws(SchedulerControlError) -> PlanCommandResult
}

/// Why the scheduler refused a command. `code` is the HTTP status the REST API answers with.
public enum SchedulerControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No broker with this id is managed by the service (404).
    case unknownBroker(id: Int, brokerCount: Int)
    /// This instance does not hold the leader lock (503); `leader` names the instance that does, if known.
    case notLeader(leader: String?)
    /// The scheduler is not subscribed to the Mesos master, so it cannot kill or launch tasks (503).
    case notSubscribed(reason: String)
    /// The scheduler cannot act yet, e.g. reconciliation has not finished (503).
    case notReady(reason: String)
    /// The command conflicts with what the scheduler is doing, e.g. the broker is already being restarted
    /// (409).
    case conflict(reason: String)
    /// The plan engine refused the command; its own code (400, 404 or 409).
    case plan(PlanCommandError)

    /// The HTTP status for this error.
    public var code: Int {
        switch self {
        case .unknownBroker: return 404
        case .notLeader, .notSubscribed, .notReady: return 503
        case .conflict: return 409
        case .plan(let error): return error.code
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .unknownBroker(let id, let brokerCount):
            let known = brokerCount > 0 ? "brokers are 0 to \(brokerCount - 1)" : "the service has no brokers"
            return "no broker with id \(id): \(known) (see GET /v1/brokers)"
        case .notLeader(let leader):
            let who = leader.map { "; the leader is \($0)" } ?? ""
            return "this scheduler instance is not the leader\(who); retry against the leader"
        case .notSubscribed(let reason):
            return "the scheduler is not subscribed to the Mesos master: \(reason); retry later"
        case .notReady(let reason):
            return "the scheduler is not ready: \(reason); retry later"
        case .conflict(let reason):
            return reason
        case .plan(let error):
            return error.message
        }
    }

    public var description: String { message }
}

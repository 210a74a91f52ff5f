import KafkaFramework
import Plan
import Synchronization

/// What the REST API controls: the scheduler once the daemon has built it, and until then a snapshot that
/// says why nothing can be done yet (so `/health` answers 503 with the reason from the first moment).
final class DaemonControl: SchedulerControl {
    private struct State {
        var scheduler: KafkaScheduler?
        var reasons: [String]
    }

    private let state: Mutex<State>
    private let frameworkName: String
    private let kafkaZookeeper: String

    init(frameworkName: String, kafkaZookeeper: String, reason: String) {
        self.frameworkName = frameworkName
        self.kafkaZookeeper = kafkaZookeeper
        self.state = Mutex(State(scheduler: nil, reasons: [reason]))
    }

    /// From now on the scheduler answers.
    func install(_ scheduler: KafkaScheduler) {
        state.withLock { $0.scheduler = scheduler }
    }

    /// Why the daemon is not running the scheduler yet (shown by `/health` until `install`).
    func setStartingReason(_ reason: String) {
        state.withLock { $0.reasons = [reason] }
    }

    private var scheduler: KafkaScheduler? { state.withLock { $0.scheduler } }

    var snapshot: SchedulerSnapshot {
        let (scheduler, reasons) = state.withLock { ($0.scheduler, $0.reasons) }
        if let scheduler { return scheduler.snapshot }
        return .starting(
            frameworkName: frameworkName, kafkaZookeeper: kafkaZookeeper,
            health: HealthSnapshot(isLeader: false, isSubscribed: false, isZooKeeperConnected: false, reasons: reasons))
    }

    private func running() throws(SchedulerControlError) -> KafkaScheduler {
        let (scheduler, reasons) = state.withLock { ($0.scheduler, $0.reasons) }
        guard let scheduler else { throw .notReady(reason: reasons.joined(separator: "; ")) }
        return scheduler
    }

    func restartBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        try await running().restartBroker(id)
    }

    func replaceBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        try await running().replaceBroker(id)
    }

    func applyPlanCommand(_ command: PlanCommand) async throws(SchedulerControlError) -> PlanCommandResult {
        try await running().applyPlanCommand(command)
    }
}

import Foundation

/// The one thread that starts every task process, living as long as the process that runs the agents.
///
/// Task processes are started under `setpriv --pdeathsig KILL`, and Linux sends that signal when the *thread*
/// that forked the child exits, not the process. Spawning from Swift's pool threads (which come and go) would kill
/// tasks at random; spawning from this permanent thread kills them only when the whole process dies, even by a
/// crash that skips every cleanup.
///
/// `@unchecked Sendable` is safe: `pending` is only touched with `condition` locked.
final class AgentProcessLauncher: @unchecked Sendable {
    static let shared = AgentProcessLauncher()

    private let condition = NSCondition()
    private var pending: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "mesos-local-launcher"
        thread.start()
    }

    /// Runs `work` on the launcher thread and returns its result.
    func perform<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            condition.lock()
            pending.append { continuation.resume(returning: work()) }
            condition.signal()
            condition.unlock()
        }
    }

    private func serve() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let work = pending.removeFirst()
            condition.unlock()
            work()
        }
    }
}

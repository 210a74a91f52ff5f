import Foundation
import Synchronization

/// A child process started by `ProcessSpawner`, with every signal unblocked and at its default action.
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and the test runner's threads block
/// SIGTERM and SIGINT: a broker started that way never sees the SIGTERM that should stop it.
final class KafkaBrokerProcess: Sendable {
    let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`, stdin from /dev/null and stdout and stderr appended to `logPath`,
    /// through `ProcessSpawner` (no inherited descriptors). It stays in the test process's group and is not
    /// killed with the spawning thread: the brokers' watchdog outlives a crash of the test process on purpose.
    init(executable: String, arguments: [String], logPath: String) throws {
        let configuration = ManagedProcess.Configuration(executable: executable, arguments: arguments, logFile: logPath)
        do {
            pid = try ProcessSpawner.spawn(configuration, ownProcessGroup: false, killWithParent: false)
        } catch {
            throw KafkaTestBrokerError.didNotStart("\(error)")
        }
    }

    /// Whether the process still runs (reaps it when it has exited).
    var isRunning: Bool {
        exitStatus.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                status = raw
                return false
            }
            return true
        }
    }

    /// The raw wait status once the process has exited.
    var terminationStatus: Int32? {
        _ = isRunning
        return exitStatus.withLock { $0 }
    }

    func signal(_ signal: Int32) {
        guard isRunning else { return }
        kill(pid, signal)
    }
}

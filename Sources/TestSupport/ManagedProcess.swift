import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process for tests: started in its own process group with its output in a log file, stopped with
/// SIGTERM then SIGKILL after a grace period, and never leaked. When the process (the group leader) exits,
/// whatever it left running in its group is killed.
///
/// Leaks are prevented three ways: `deinit` kills a group still running, a process-wide registry kills every
/// group left at exit, and the child is started under `setpriv --pdeathsig KILL` from a permanent thread so that
/// it dies with the test process even on a crash.
public final class ManagedProcess: Sendable {
    /// What to start.
    public struct Configuration: Sendable {
        /// A path, or a name looked up in `PATH`.
        public var executable: String
        public var arguments: [String]
        /// The complete environment; nil inherits the test process's environment.
        public var environment: [String: String]?
        public var workingDirectory: String?
        /// Where stdout goes (appended), and stderr too unless `errorLogFile` is set; nil discards them.
        public var logFile: String?
        /// Where stderr goes (appended) when it is kept apart from stdout.
        public var errorLogFile: String?
        /// How long `terminate` waits after SIGTERM before SIGKILL.
        public var terminationGracePeriod: Duration

        public init(
            executable: String,
            arguments: [String] = [],
            environment: [String: String]? = nil,
            workingDirectory: String? = nil,
            logFile: String? = nil,
            errorLogFile: String? = nil,
            terminationGracePeriod: Duration = .seconds(5)
        ) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.logFile = logFile
            self.errorLogFile = errorLogFile
            self.terminationGracePeriod = terminationGracePeriod
        }
    }

    /// How a process ended.
    public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    private struct State {
        var exitStatus: ExitStatus?
        var waiters: [Int: CheckedContinuation<ExitStatus?, Never>] = [:]
        var nextWaiter = 0
        /// Waits whose timeout passed before they were registered.
        var expiredWaiters: Set<Int> = []
    }

    /// The process id, which is also its process group id.
    public let pid: Int32
    public let configuration: Configuration
    private let state = SharedMutex(State())

    private init(pid: Int32, configuration: Configuration) {
        self.pid = pid
        self.configuration = configuration
    }

    /// Starts the process.
    public static func spawn(_ configuration: Configuration) async throws -> ManagedProcess {
        let spawned = await ProcessLauncher.shared.perform { Result { try ProcessSpawner.spawn(configuration) } }
        let pid = try spawned.get()
        ProcessRegistry.register(processGroup: pid)
        let process = ManagedProcess(pid: pid, configuration: configuration)
        process.startReaper()
        return process
    }

    deinit {
        send(SIGKILL)
    }

    /// True until the process has exited.
    public var isRunning: Bool {
        state.withLock { $0.exitStatus == nil }
    }

    /// How the process ended, once it has.
    public var exitStatus: ExitStatus? {
        state.withLock { $0.exitStatus }
    }

    /// Sends `signal` to the whole process group; does nothing once the process has exited.
    public func send(_ signal: Int32) {
        // Under the lock the process is either running or a zombie not yet reaped (see `startReaper`), so the
        // group id cannot belong to another process.
        state.withLock { state in
            if state.exitStatus == nil { kill(-pid, signal) }
        }
    }

    /// Stops the process group (SIGSTOP), as a hung process would be, and returns once every thread of the
    /// process has stopped (a signal takes effect asynchronously; a running thread could still answer).
    public func pause() async {
        send(SIGSTOP)
        let deadline = ContinuousClock.now + .seconds(5)
        while isRunning, !Self.threadsStopped(pid: pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// True when every thread of `pid` is in the stopped state, read from /proc.
    static func threadsStopped(pid: Int32) -> Bool {
        let directory = "/proc/\(pid)/task"
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        for thread in threads {
            guard let stat = try? String(contentsOfFile: "\(directory)/\(thread)/stat", encoding: .utf8),
                let nameEnd = stat.range(of: ") ", options: .backwards)
            else { return false }
            let state = stat[nameEnd.upperBound...].prefix(1)
            if state != "T" && state != "t" { return false }
        }
        return true
    }

    /// Continues a paused process group (SIGCONT).
    public func resume() {
        send(SIGCONT)
    }

    /// Waits until the process exits.
    public func waitForExit() async -> ExitStatus {
        // Without a timeout the wait ends only with the exit, so the status is always there.
        await wait(timeout: nil)!
    }

    /// Waits until the process exits or `timeout` passes (nil).
    public func waitForExit(timeout: Duration) async -> ExitStatus? {
        await wait(timeout: timeout)
    }

    private func wait(timeout: Duration?) async -> ExitStatus? {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let state = self.state
        let timer = timeout.map { timeout in
            Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                let waiter = state.withLock { state in
                    guard let waiter = state.waiters.removeValue(forKey: id) else {
                        state.expiredWaiters.insert(id)
                        return CheckedContinuation<ExitStatus?, Never>?.none
                    }
                    return waiter
                }
                waiter?.resume(returning: nil)
            }
        }
        defer { timer?.cancel() }
        return await withCheckedContinuation { continuation in
            let outcome = state.withLock { state -> ExitStatus?? in
                if let status = state.exitStatus { return .some(status) }
                if state.expiredWaiters.remove(id) != nil { return .some(nil) }
                state.waiters[id] = continuation
                return .none
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }

    /// Stops the process: SIGTERM to the group (and SIGCONT, in case it is paused), SIGKILL after the grace
    /// period. Returns how it ended.
    @discardableResult
    public func terminate(gracePeriod: Duration? = nil) async -> ExitStatus {
        send(SIGTERM)
        send(SIGCONT)
        let status: ExitStatus
        if let exited = await waitForExit(timeout: gracePeriod ?? configuration.terminationGracePeriod) {
            status = exited
        } else {
            send(SIGKILL)
            send(SIGCONT)
            status = await waitForExit()
        }
        return status
    }

    /// Waits for the exit on a dedicated thread. It first waits without reaping (`WNOWAIT`), records the
    /// status and kills what is left of the group, and only then reaps: while the leader is an unreaped zombie
    /// its pid, and so the group id, cannot be reused, so no signal ever reaches an unrelated process.
    private func startReaper() {
        let pid = self.pid
        let state = self.state
        // The thread holds the state, not the process, so that `deinit` can still kill a running process.
        let thread = Thread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
            var raw: Int32 = 0
            let status: ExitStatus
            let code = info._sifields._sigchld.si_status
            status = info.si_code == Int32(CLD_EXITED) ? .exited(code) : .signaled(code)
            let waiters = state.withLock { state in
                state.exitStatus = status
                defer { state.waiters = [:] }
                return state.waiters.values
            }
            // Children the leader left behind go with it.
            kill(-pid, SIGKILL)
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            ProcessRegistry.unregister(processGroup: pid)
            waiters.forEach { $0.resume(returning: status) }
        }
        thread.name = "reaper-\(pid)"
        thread.start()
    }
}

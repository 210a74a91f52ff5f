import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A process the agent started (a task, an archive tool, the watchdog): signals reach its whole process group,
/// and its exit is awaited on a dedicated thread, never on Swift's cooperative pool.
///
/// When the process (the group leader) exits, whatever it left running in its group is killed, as Mesos destroys
/// a container when its command ends.
final class AgentChildProcess: Sendable {
    private struct State {
        /// Set as soon as the leader has exited (it may still be an unreaped zombie).
        var exited: AgentExitStatus?
        /// Set once the leader has been reaped.
        var finished: AgentExitStatus?
        var waiters: [CheckedContinuation<AgentExitStatus, Never>] = []
    }

    /// The process id, which is also its process group id.
    let pid: Int32
    private let state = Mutex(State())

    /// Adopts a child that was just spawned and starts waiting for its exit. `onExit` runs on the reaper
    /// thread once the child has been reaped.
    init(
        pid: Int32,
        processGuard: AgentProcessGuard?,
        onExit: (@Sendable (AgentExitStatus) -> Void)? = nil
    ) {
        self.pid = pid
        startReaper(processGuard: processGuard, onExit: onExit)
    }

    /// Starts `request` on the launcher thread (see `AgentProcessLauncher`) and registers its process group with
    /// `processGuard`, which kills it if this process dies without stopping it.
    static func spawn(
        _ request: AgentSpawnRequest,
        processGuard: AgentProcessGuard? = .shared
    ) async throws(AgentSpawnError) -> AgentChildProcess {
        let result = await AgentProcessLauncher.shared.perform { () -> Result<AgentChildProcess, AgentSpawnError> in
            do throws(AgentSpawnError) {
                let pid = try AgentProcessSpawner.spawn(request)
                processGuard?.register(group: pid)
                return .success(AgentChildProcess(pid: pid, processGuard: processGuard))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// How the process ended, once it has been reaped.
    var exitStatus: AgentExitStatus? {
        state.withLock { $0.finished }
    }

    /// Sends `signal` to the whole process group. Returns false (and sends nothing) once the leader has exited.
    @discardableResult
    func signalGroup(_ signal: Int32) -> Bool {
        // Under the lock the leader is either running or a zombie not yet reaped (see `startReaper`), so the
        // group id cannot belong to another process.
        state.withLock { state in
            guard state.exited == nil else { return false }
            kill(-pid, signal)
            return true
        }
    }

    /// Waits until the process has exited and been reaped.
    func waitForExit() async -> AgentExitStatus {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state -> AgentExitStatus? in
                if let finished = state.finished { return finished }
                state.waiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    /// Waits for the exit without reaping (`WNOWAIT`), records the status and kills what is left of the group,
    /// and only then reaps: while the leader is an unreaped zombie its pid, and so the group id, cannot be
    /// reused, so no signal ever reaches an unrelated process.
    private func startReaper(processGuard: AgentProcessGuard?, onExit: (@Sendable (AgentExitStatus) -> Void)?) {
        let pid = self.pid
        let thread = Thread { [self] in
            var info = siginfo_t()
            var result: Int32
            repeat {
                result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT)
            } while result != 0 && errno == EINTR
            let status: AgentExitStatus
            if result != 0 {
                // Someone else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere): the group id is no longer
                // reserved, so no group-wide signal is safe any more.
                status = .unknown
                state.withLock { $0.exited = status }
            } else {
                let code = info._sifields._sigchld.si_status
                switch info.si_code {
                case Int32(CLD_EXITED): status = .exited(code)
                case Int32(CLD_KILLED), Int32(CLD_DUMPED): status = .signaled(code)
                default: status = .unknown
                }
                state.withLock { $0.exited = status }
                kill(-pid, SIGKILL)
            }
            processGuard?.unregister(group: pid)
            if result == 0 {
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            }
            let waiters = state.withLock { state in
                state.finished = status
                defer { state.waiters = [] }
                return state.waiters
            }
            onExit?(status)
            for waiter in waiters { waiter.resume(returning: status) }
        }
        thread.name = "mesos-local-reaper-\(pid)"
        thread.stackSize = 1 << 18
        thread.start()
    }
}

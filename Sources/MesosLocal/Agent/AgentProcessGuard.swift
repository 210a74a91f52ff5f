import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Kills every task process group when the process that runs the agents dies without stopping them (SIGKILL,
/// a crash, an unhandled SIGTERM).
///
/// `setpriv --pdeathsig` only reaches a task's first process: the children a task's shell starts (a JVM) would
/// live on. So a small watchdog shell, in a process group of its own, reads the live group ids on its stdin, one
/// socket shared with this process only; when this process dies the kernel closes the socket, the watchdog reads
/// end-of-file and kills the groups still registered. Groups are unregistered before their leader is reaped, so
/// the watchdog never kills a reused group id.
final class AgentProcessGuard: Sendable {
    static let shared = AgentProcessGuard()

    private struct State {
        var groups: Set<Int32> = []
        /// This process's end of the socket; -1 while no watchdog runs.
        var socket: Int32 = -1
        var watchdog: AgentChildProcess?
    }

    private let state = Mutex(State())

    static let watchdogScript = """
        trap '' INT HUP
        groups=' '
        while IFS= read -r line; do
          case $line in
            +*) groups="$groups${line#+} " ;;
            -*) group=${line#-}
                case $groups in *" $group "*) groups="${groups%% $group *} ${groups#* $group }" ;; esac ;;
          esac
        done
        for group in $groups; do kill -9 -"$group" 2>/dev/null; done
        """

    init() {}

    /// The watchdog's pid, once one runs.
    var watchdogPID: Int32? {
        state.withLock { $0.watchdog?.pid }
    }

    func register(group: Int32) {
        state.withLock { state in
            state.groups.insert(group)
            if state.socket < 0 {
                startWatchdog(&state)
            } else {
                Self.write("+\(group)\n", to: state.socket)
            }
        }
    }

    func unregister(group: Int32) {
        state.withLock { state in
            guard state.groups.remove(group) != nil, state.socket >= 0 else { return }
            Self.write("-\(group)\n", to: state.socket)
        }
    }

    /// Closes this process's end of the socket, as this process's death would: the watchdog kills every group
    /// still registered and exits. A later `register` starts a new watchdog.
    func disconnect() {
        state.withLock { state in
            if state.socket >= 0 { close(state.socket) }
            state.socket = -1
            state.watchdog = nil
        }
    }

    /// Starts the watchdog with every registered group. Without one (no /bin/sh, no socket) tasks still die with
    /// this process through `--pdeathsig`, only their children may not.
    private func startWatchdog(_ state: inout State) {
        var descriptors: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &descriptors) == 0 else { return }
        let request = AgentSpawnRequest(
            executable: "/bin/sh",
            arguments: ["sh", "-c", Self.watchdogScript, "mesos-local-watchdog"],
            environment: ["PATH=/usr/bin:/bin"],
            stdinDescriptor: descriptors[1],
            killWithParent: false
        )
        let pid: Int32
        do {
            pid = try AgentProcessSpawner.spawn(request)
        } catch {
            close(descriptors[0])
            close(descriptors[1])
            return
        }
        close(descriptors[1])
        let socket = descriptors[0]
        state.socket = socket
        state.watchdog = AgentChildProcess(pid: pid, processGuard: nil) { [weak self] _ in
            self?.watchdogExited(pid: pid, socket: socket)
        }
        for group in state.groups {
            Self.write("+\(group)\n", to: socket)
        }
    }

    private func watchdogExited(pid: Int32, socket: Int32) {
        state.withLock { state in
            guard state.watchdog?.pid == pid else { return }
            close(socket)
            state.socket = -1
            state.watchdog = nil
        }
    }

    private static func write(_ line: String, to socket: Int32) {
        let bytes = Array(line.utf8)
        // Never block or raise SIGPIPE: a dead watchdog is replaced at the next registration.
        _ = bytes.withUnsafeBytes { buffer in
            send(socket, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What to start: a fully resolved command line, its environment and where its standard streams go.
struct AgentSpawnRequest: Sendable {
    /// An absolute path, or a path relative to `workingDirectory`.
    var executable: String
    /// `argv`, `argv[0]` included.
    var arguments: [String]
    /// The complete environment, as `NAME=value` entries.
    var environment: [String]
    var workingDirectory: String?
    /// Where stdout and stderr go (created when missing, appended to); the same path may be given for both.
    var stdoutPath: String = "/dev/null"
    var stderrPath: String = "/dev/null"
    /// An open descriptor that becomes the child's stdin; nil gives it /dev/null.
    var stdinDescriptor: Int32?
    /// Whether the child gets SIGKILL when this process dies (through `setpriv --pdeathsig`).
    var killWithParent = true
}

/// Why a process could not be started.
struct AgentSpawnError: Error, Sendable, Hashable, CustomStringConvertible {
    let executable: String
    let reason: String

    var description: String { "cannot start '\(executable)': \(reason)" }
}

/// `posix_spawn` in a process group of its own, with a clean signal state and no inherited descriptors.
///
/// The caller's threads may block signals (a test runner blocks SIGTERM) and its libraries may ignore some
/// (SIGPIPE): both would be inherited through exec, so the child gets an empty mask and default dispositions.
/// Descriptors above stderr are closed so that a task never holds the master's listening socket.
enum AgentProcessSpawner {
    static let setprivPath: String? = {
        let path = "/usr/bin/setpriv"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Starts the process and returns its pid, which is also its process group id. Must run on
    /// `AgentProcessLauncher`'s thread when `killWithParent` is set (see there).
    static func spawn(_ request: AgentSpawnRequest) throws(AgentSpawnError) -> Int32 {
        var command = request.arguments
        if command.isEmpty { command = [request.executable] }
        var path = request.executable
        if request.killWithParent, let setpriv = setprivPath {
            // setpriv execs the command itself; argv[0] becomes the executable's path.
            command = [setpriv, "--pdeathsig", "KILL", "--", request.executable] + command.dropFirst()
            path = setpriv
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin = request.stdinDescriptor {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        let outputFlags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 1, request.stdoutPath, outputFlags, 0o644)
        if request.stderrPath == request.stdoutPath {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, request.stderrPath, outputFlags, 0o644)
        }
        if let closeFrom = addCloseFromAction {
            _ = closeFrom(&actions, 3)
        }
        if let directory = request.workingDirectory {
            guard let addChdir = addChdirAction else {
                throw AgentSpawnError(
                    executable: request.executable,
                    reason: "this C library cannot set a working directory for a spawned process")
            }
            _ = addChdir(&actions, directory)
        }

        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp = request.environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw AgentSpawnError(executable: request.executable, reason: String(cString: strerror(result)))
        }
        return pid
    }

    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), declared by its headers only for _GNU_SOURCE.
    private static let addChdirAction: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+). Without it, descriptors opened without
    /// close-on-exec by other libraries may leak into tasks.
    private static let addCloseFromAction: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Where `name` is found: as given when it contains a slash (relative to `directory`), else the first
    /// executable match in `searchPath` (a `PATH` value). Nil when there is none.
    static func resolve(_ name: String, searchPath: String, relativeTo directory: String?) -> String? {
        if name.contains("/") {
            var path = name
            if !name.hasPrefix("/"), let directory { path = "\(directory)/\(name)" }
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        for entry in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = entry.isEmpty ? (directory ?? ".") : String(entry)
            let candidate = "\(base)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

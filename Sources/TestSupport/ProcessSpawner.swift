import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a child process could not be started.
public struct ProcessSpawnError: Error, Sendable, CustomStringConvertible {
    public let executable: String
    public let reason: String

    public var description: String {
        "cannot start \(executable): \(reason)"
    }
}

/// The one way tests start child processes: `posix_spawnp` with stdin from /dev/null, stdout+stderr to a log
/// file, an empty signal mask and default signal actions (the test runner's threads block SIGTERM and SIGINT,
/// which a child would inherit), and no descriptor of the test process beyond those three. Tests run in
/// parallel: an inherited listening socket or pipe end would keep another test's port answering, or its
/// reader waiting for an end of file, as long as the child lives.
enum ProcessSpawner {
    static let setprivPath = "/usr/bin/setpriv"

    /// Starts the process and returns its pid. With `ownProcessGroup` the child leads a new process group (its
    /// pid is the group id); with `killWithParent` it runs under `setpriv --pdeathsig KILL`, and then this must
    /// run on `ProcessLauncher`'s thread (see there).
    static func spawn(
        _ configuration: ManagedProcess.Configuration, ownProcessGroup: Bool = true, killWithParent: Bool = true
    ) throws -> Int32 {
        let executable = try resolve(configuration.executable, environment: configuration.environment)
        // Under setpriv the child gets SIGKILL when the launcher thread, that is the test process, dies.
        let command: [String] =
            killWithParent && FileManager.default.isExecutableFile(atPath: setprivPath)
            ? [setprivPath, "--pdeathsig", "KILL", "--", executable] + configuration.arguments
            : [executable] + configuration.arguments
        guard let closeFrom = addCloseFromAction else {
            throw ProcessSpawnError(
                executable: configuration.executable,
                reason: "this C library cannot close inherited descriptors in a spawned process (glibc 2.34+ can)"
            )
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        if ownProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &fileActions, 1, configuration.logFile ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644
        )
        if let errorLogFile = configuration.errorLogFile {
            posix_spawn_file_actions_addopen(&fileActions, 2, errorLogFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        }
        _ = closeFrom(&fileActions, 3)
        if let directory = configuration.workingDirectory {
            guard let addChdir = addChdirAction else {
                throw ProcessSpawnError(
                    executable: configuration.executable,
                    reason: "this C library cannot set a working directory for a spawned process"
                )
            }
            _ = addChdir(&fileActions, directory)
        }

        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let environment = configuration.environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { environment?.forEach { free($0) } }

        var pid: pid_t = 0
        let result: Int32 =
            if let environment {
                posix_spawnp(&pid, command[0], &fileActions, &attributes, arguments, environment)
            } else {
                posix_spawnp(&pid, command[0], &fileActions, &attributes, arguments, environ)
            }
        guard result == 0 else {
            throw ProcessSpawnError(executable: configuration.executable, reason: String(cString: strerror(result)))
        }
        return pid
    }

    private typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which its headers declare only for _GNU_SOURCE.
    private static let addChdirAction: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private typealias AddCloseFrom =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which its headers declare only for _GNU_SOURCE.
    private static let addCloseFromAction: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// The executable's path: as given when it contains a slash, else the first match in `PATH`.
    static func resolve(_ executable: String, environment: [String: String]?) throws -> String {
        if executable.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw ProcessSpawnError(executable: executable, reason: "no executable file at this path")
            }
            return executable
        }
        let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ProcessSpawnError(executable: executable, reason: "not found in PATH (\(path))")
    }
}

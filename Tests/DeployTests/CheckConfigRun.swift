import Foundation

/// `kafka-scheduler --check-config` run as a process with a given environment: the daemon's own validation.
///
/// Its contract: it validates the environment exactly as the daemon does; on success it prints the resolved
/// configuration to stdout and exits 0; otherwise it prints every error (each naming its variable) to stderr
/// and exits 2.
struct CheckConfigRun: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The daemon of the package's debug build.
    static let executable = DeployFiles.url(".build/debug/kafka-scheduler")

    /// How long the check may take before the test gives up on it.
    static let deadline: Duration = .seconds(60)

    /// Runs the check with exactly `environment` plus this process's `PATH`.
    ///
    /// Output goes to files rather than pipes, and the run ends with the process's exit: a pipe's write end
    /// can be inherited by a process another test spawns at the same moment, and a reader waiting for the
    /// end of the output would then wait for that process too.
    static func run(environment: [String: String]) async throws -> CheckConfigRun {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw DeployTestError(
                "\(executable.path) is missing: build the daemon first (swift build --product kafka-scheduler)")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deploy-check-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        var processEnvironment = environment
        processEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--check-config"]
        process.environment = processEnvironment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err

        let exited = AsyncStream<Int32>.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { process in
            exited.continuation.yield(process.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        // The watchdog holds the pid, not the Process (which is not Sendable). It is cancelled as soon as
        // the exit is seen, long before the system could hand the pid to another process.
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            kill(pid, SIGKILL)
        }
        var status: Int32?
        for await value in exited.stream {
            status = value
        }
        watchdog.cancel()
        guard let status else {
            throw DeployTestError("kafka-scheduler --check-config ended without a status")
        }
        if process.terminationReason == .uncaughtSignal {
            let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            throw DeployTestError(
                "kafka-scheduler --check-config was killed by signal \(status) (the test stops it after "
                    + "\(deadline)); stderr:\n\(stderr)")
        }
        return CheckConfigRun(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// What a failed expectation shows.
    var summary: String {
        "exit status \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

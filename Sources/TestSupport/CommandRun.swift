import Foundation

/// A short-lived command run to completion (curl through `/bin/sh`, `kafkactl`, `kafka-scheduler
/// --check-config`), with what it printed.
///
/// It starts like every test process (`ManagedProcess`: no inherited descriptors, a clean signal state), and
/// its output goes to files, not pipes: completion is the process's exit, never the end of a pipe whose write
/// end another test's long-lived child might have inherited.
public struct CommandRun: Sendable, CustomStringConvertible {
    /// The exit status, or 128 + the signal that ended it.
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public var description: String { "exit \(status), stdout: \(stdout), stderr: \(stderr)" }

    /// Runs `executable arguments` with `environment` (nil: this process's) in `workingDirectory`; when it runs
    /// longer than `timeout` it is stopped and the run throws.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        workingDirectory: String? = nil, timeout: Duration = .seconds(60)
    ) async throws -> CommandRun {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("command-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutPath = directory.appendingPathComponent("stdout").path
        let stderrPath = directory.appendingPathComponent("stderr").path
        let process = try await ManagedProcess.spawn(
            .init(
                executable: executable, arguments: arguments, environment: environment,
                workingDirectory: workingDirectory, logFile: stdoutPath, errorLogFile: stderrPath))
        guard let exit = await process.waitForExit(timeout: timeout) else {
            _ = await process.terminate(gracePeriod: .seconds(1))
            throw CommandTimeout(description: "\(executable) \(arguments) ran longer than \(timeout)")
        }
        let status: Int32
        switch exit {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        func read(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        return CommandRun(status: status, stdout: read(stdoutPath), stderr: read(stderrPath))
    }
}

/// A command that did not finish within its time.
public struct CommandTimeout: Error, Sendable, CustomStringConvertible {
    public let description: String
}

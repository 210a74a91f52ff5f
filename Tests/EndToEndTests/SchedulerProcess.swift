import Foundation
import TestSupport

/// One `kafka-scheduler` process started by a test, its REST API and its log file.
final class SchedulerProcess: Sendable {
    let process: ManagedProcess
    let api: SchedulerAPIClient
    let logFile: String
    let environment: [String: String]

    private init(process: ManagedProcess, api: SchedulerAPIClient, logFile: String, environment: [String: String]) {
        self.process = process
        self.api = api
        self.logFile = logFile
        self.environment = environment
    }

    /// Starts the scheduler with exactly `environment` (no inherited variable), stdout and stderr to `logFile`.
    static func start(environment: [String: String], logFile: String) async throws -> SchedulerProcess {
        guard let port = environment["API_PORT"].flatMap(Int.init) else {
            throw EndToEndError("the scheduler's environment has no API_PORT")
        }
        let process = try await ManagedProcess.spawn(
            ManagedProcess.Configuration(
                executable: try BuiltProducts.scheduler(), environment: environment, logFile: logFile,
                terminationGracePeriod: .seconds(15)))
        return SchedulerProcess(
            process: process,
            api: SchedulerAPIClient(port: port, token: environment["API_AUTH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }),
            logFile: logFile, environment: environment)
    }

    /// SIGKILL, as a crashed or killed scheduler; returns once the process is gone.
    func kill() async -> ManagedProcess.ExitStatus {
        process.send(SIGKILL)
        return await process.waitForExit()
    }

    /// SIGTERM, SIGKILL after the grace period; returns how it ended.
    @discardableResult
    func terminate() async -> ManagedProcess.ExitStatus {
        await process.terminate()
    }

    /// The last lines of the scheduler's log.
    func logTail(lines: Int = 40) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "(no log at \(logFile))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Waits until `/health` answers 200 (this instance leads and is subscribed).
    func awaitHealthy(timeout: Duration = .seconds(60)) async throws {
        let diagnostics = { self.diagnostics }
        try await eventually("\(api.baseURL)/health to answer 200", timeout: timeout, diagnostics: diagnostics) {
            try self.failIfExited()
            let answer = try await api.get("/health")
            guard answer.status == 200 else { throw Poll.Observation("\(answer)") }
            return true
        }
    }

    /// Throws when the process has exited: waiting for its API any longer is pointless.
    func failIfExited() throws {
        if let status = process.exitStatus {
            throw EndToEndError("kafka-scheduler (pid \(process.pid)) \(status); the end of its log:\n\(logTail())")
        }
    }

    var diagnostics: String {
        "kafka-scheduler pid \(process.pid) on port \(api.port) "
            + "(\(process.exitStatus.map { "\($0)" } ?? "running")), the end of \(logFile):\n\(logTail())"
    }
}

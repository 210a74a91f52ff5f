import Foundation
import TestSupport

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
    static func run(environment: [String: String]) async throws -> CheckConfigRun {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw DeployTestError(
                "\(executable.path) is missing: build the daemon first (swift build --product kafka-scheduler)")
        }
        var processEnvironment = environment
        processEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let run = try await CommandRun.run(
            executable.path, ["--check-config"], environment: processEnvironment,
            workingDirectory: FileManager.default.temporaryDirectory.path, timeout: deadline)
        return CheckConfigRun(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// What a failed expectation shows.
    var summary: String {
        "exit status \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

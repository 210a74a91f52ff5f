import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// An independent Mesos client (pymesos) subscribes to mesos-local, launches a task and sees it RUNNING.
@Suite struct PymesosTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The virtualenv python with pymesos: $PYMESOS_PYTHON (set by scripts/test.sh) or the cached venv.
    static func pymesosPython() throws -> String {
        if let python = ProcessInfo.processInfo.environment["PYMESOS_PYTHON"], !python.isEmpty { return python }
        let cached = FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/kafka-scheduler/pymesos-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: cached) else {
            throw TestTimeout(
                description:
                    "pymesos is not installed: run scripts/test.sh, or `. scripts/lib.sh && ks_install_pymesos`")
        }
        return cached
    }

    /// Runs a program to its end or kills it after `timeout`; returns its exit status and output.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pymesos-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: output)
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    @Test func pymesosLaunchesATaskAndSeesItRunning() async throws {
        let python = try Self.pymesosPython()
        let script = Self.repositoryRoot.appendingPathComponent("scripts/pymesos-check.py").path
        try await withCluster(agents: 1) { cluster, _ in
            let (status, output) = try await Self.run(
                python, [script, "127.0.0.1:\(cluster.port)", "20"], timeout: .seconds(40))
            #expect(status == 0, "pymesos-check.py failed:\n\(output)")
            #expect(output.contains("SUBSCRIBED \(await cluster.masterID())-0000"), "\(output)")
            #expect(output.contains("RUNNING pymesos-task-1"), "\(output)")
        }
    }
}

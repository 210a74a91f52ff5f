import Foundation
import TestSupport
import Testing

@Suite struct ManagedProcessTests {
    private func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    @Test func runsWithArgumentsEnvironmentDirectoryAndLog() async throws {
        let log = temporaryFile("process.log")
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try await ManagedProcess.spawn(
            .init(
                executable: "sh",
                arguments: ["-c", "echo \"$GREETING from $(pwd)\"; echo oops >&2; exit 3"],
                environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"],
                workingDirectory: "/tmp",
                logFile: log
            )
        )
        #expect(await process.waitForExit() == .exited(3))
        #expect(!process.isRunning)
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(output == "hello from /tmp\noops\n")
    }

    /// Tests run in parallel: a child must not hold another test's sockets or pipes (a stopped server's port
    /// would keep accepting, a reader would never see its end of file).
    @Test func childrenInheritNoDescriptorBeyondTheStandardOnes() async throws {
        let log = temporaryFile("fds.log")
        defer { try? FileManager.default.removeItem(atPath: log) }
        // Open without close-on-exec, as C libraries do.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        let process = try await ManagedProcess.spawn(
            // The shell's own descriptors, listed by a builtin; 3 is the directory the glob reads.
            .init(executable: "sh", arguments: ["-c", "cd /proc/$$/fd && echo *"], logFile: log)
        )
        #expect(await process.waitForExit() == .exited(0))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "0 1 2 3\n")
    }

    @Test func terminateEscalatesToKillAfterTheGracePeriod() async throws {
        let log = temporaryFile("stubborn.log")
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try await ManagedProcess.spawn(
            .init(
                executable: "sh",
                arguments: ["-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"],
                logFile: log,
                terminationGracePeriod: .seconds(60)
            )
        )
        try await eventually("the shell ignores SIGTERM") {
            (try? String(contentsOfFile: log, encoding: .utf8)) == "ready\n"
        }
        let started = ContinuousClock.now
        let status = await process.terminate(gracePeriod: .milliseconds(300))
        #expect(status == .signaled(SIGKILL))
        // The given grace period, not the configured 60 s (with room for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func terminateStopsTheWholeProcessGroup() async throws {
        let pidFile = temporaryFile("child.pid")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let process = try await ManagedProcess.spawn(
            .init(executable: "sh", arguments: ["-c", "sleep 30 & echo $! > \(pidFile); wait"])
        )
        var childPID: Int32?
        try await eventually("the shell wrote its child's pid") {
            childPID = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return childPID != nil
        }
        let child = try #require(childPID)
        #expect(await process.terminate() == .signaled(SIGTERM))
        // Gone, or a zombie waiting for its new parent to reap it.
        try await eventually("the background child is killed") { processState(child) ?? "Z" == "Z" }
    }

    @Test func pauseAndResume() async throws {
        let process = try await ManagedProcess.spawn(.init(executable: "sleep", arguments: ["30"]))
        await process.pause()
        #expect(processState(process.pid) == "T")
        process.resume()
        try await eventually("the process runs again") { processState(process.pid) == "S" }
        #expect(await process.terminate() == .signaled(SIGTERM))
    }

    @Test func aMissingExecutableIsReportedBeforeSpawning() async throws {
        await #expect(throws: ProcessSpawnError.self) {
            try await ManagedProcess.spawn(.init(executable: "no-such-program-here"))
        }
    }

    /// The state letter from /proc/PID/stat (R, S, T, Z…).
    private func processState(_ pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let name = text.range(of: ") ")
        else { return nil }
        return String(text[name.upperBound...].prefix(1))
    }

    @Test func aCommandRunKeepsStdoutAndStderrApartAndAnswersItsStatus() async throws {
        let run = try await CommandRun.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(run.status == 3)
        #expect(run.stdout == "out\n")
        #expect(run.stderr == "err\n")
    }

    @Test func aCommandRunThatOutlivesItsTimeoutIsStoppedAndThrows() async throws {
        let start = ContinuousClock.now
        await #expect(throws: CommandTimeout.self) {
            try await CommandRun.run("/bin/sleep", ["30"], timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

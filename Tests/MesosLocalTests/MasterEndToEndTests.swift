import CurlHTTP
import Foundation
import Logging
import Mesos
import TestSupport
import Testing

@testable import MesosLocal

/// The master with real agents: tasks are local processes, volumes directories that outlive them; and
/// the `mesos-local` executable driven by an independent client.
@Suite struct MasterEndToEndTests {
    /// Runs `body` against an in-process cluster with real agents, stopped afterwards.
    static func withRealCluster<T: Sendable>(
        agents: Int = 1, _ body: (MesosLocalCluster) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mesos-local-e2e-\(UUID().uuidString.prefix(8))"
        ).path
        var logger = Logger(label: "mesos-local-e2e")
        logger.logLevel = .warning
        let cluster = try await MesosLocalCluster.start(
            MesosLocalOptions(
                port: 0, agents: agents, agentPorts: 33000...33999, workDirectory: directory,
                allocationInterval: .milliseconds(50), updateRetryInterval: .milliseconds(500)),
            logger: logger)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            return result
        } catch {
            await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    @Test func aVolumeOutlivesItsTasksAndCrashesFailTasks() async throws {
        try await Self.withRealCluster { cluster in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            let reserve = MasterAcceptTests.reserved
            let volume = MasterAcceptTests.volume
            var offer = try await scheduler.next(.offers).offers!.offers[0]
            let writer = commandTask(
                "writer", agentID: offer.agentID,
                resources: [reserve(.cpus(0.5)), reserve(.mem(128)), volume],
                command: "echo kept > data/file && test -n \"$MESOS_SANDBOX\"")
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [
                        .reserve([reserve(.cpus(0.5)), reserve(.mem(128)), reserve(.disk(5000))]),
                        .create([volume]), .launch([writer]),
                    ], filters: Filters(refuseSeconds: 0)))
            _ = try await scheduler.update("writer", .running, timeout: .seconds(10))
            let finished = try await scheduler.update("writer", .finished, timeout: .seconds(10))
            #expect(finished.uuid?.count == 16)

            offer = try await scheduler.next(.offers, timeout: .seconds(5)) {
                !Resources($0.offers!.offers[0].resources).volumes.isEmpty
            }.offers!.offers[0]
            let reader = commandTask(
                "reader", agentID: offer.agentID,
                resources: [reserve(.cpus(0.5)), reserve(.mem(128)), volume],
                command: "test \"$(cat data/file)\" = kept && exec sleep 60")
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id], operations: [.launch([reader])],
                    filters: Filters(refuseSeconds: 0)))
            _ = try await scheduler.update("reader", .running, timeout: .seconds(10))
            try await cluster.crashTask("reader")
            let crashed = try await scheduler.update("reader", .failed, timeout: .seconds(10))
            #expect(crashed.message?.hasPrefix("Command terminated with signal") == true, "\(crashed.message ?? "")")
            #expect(crashed.source == .executor)
        }
    }

    @Test func killAndAgentRestartEndRealProcesses() async throws {
        try await Self.withRealCluster { cluster in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                    operations: [
                        .launch([
                            commandTask(
                                "a", agentID: offer.agentID, resources: smallResources(cpus: 0.1, mem: 32),
                                command: "exec sleep 60"),
                            commandTask(
                                "b", agentID: offer.agentID, resources: smallResources(cpus: 0.1, mem: 32),
                                command: "exec sleep 60"),
                        ])
                    ]))
            _ = try await scheduler.update("a", .running, timeout: .seconds(10))
            _ = try await scheduler.update("b", .running, timeout: .seconds(10))
            try await scheduler.send(
                .kill(
                    frameworkID: scheduler.frameworkID, taskID: "a",
                    killPolicy: KillPolicy(gracePeriod: DurationInfo(seconds: 1))))
            _ = try await scheduler.update("a", .killing, timeout: .seconds(10))
            _ = try await scheduler.update("a", .killed, timeout: .seconds(10))
            try await cluster.restartAgent(offer.agentID)
            let failed = try await scheduler.update("b", .failed, timeout: .seconds(10))
            #expect(failed.reason == .agentRestarted)
            // Stopping twice is harmless (the suite's cleanup stops the cluster again).
            await cluster.stop()
            try await scheduler.waitForEnd()
        }
    }

    /// The `mesos-local` executable, started as a process, serves pymesos end to end.
    @Test func theExecutableServesPymesos() async throws {
        let python = try PymesosTests.pymesosPython()
        let executable = PymesosTests.repositoryRoot.appendingPathComponent(".build/debug/mesos-local").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestTimeout(description: "\(executable) is missing: build the package first (swift build)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mesos-local-exe-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/mesos-local.log"
        let process = try await ManagedProcess.spawn(
            .init(
                executable: executable,
                arguments: [
                    "--port", "0", "--agents", "2", "--agent-ports", "34000-34999", "--work-dir", directory + "/work",
                    "--allocation-interval", "0.1", "--heartbeat-interval", "1",
                ],
                logFile: log))
        do {
            let url = try await TestScheduler.wait("mesos-local to listen", timeout: .seconds(20)) { () -> String? in
                guard process.isRunning else {
                    throw TestTimeout(description: "mesos-local exited: \(process.exitStatus!)")
                }
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("mesos-local listening on ") })
                else { return nil }
                return String(line.dropFirst("mesos-local listening on ".count).split(separator: " ")[0])
            }
            let script = PymesosTests.repositoryRoot.appendingPathComponent("scripts/pymesos-check.py").path
            let (status, output) = try await PymesosTests.run(
                python, [script, String(url.dropFirst("http://".count)), "20"], timeout: .seconds(40))
            #expect(status == 0, "pymesos-check.py failed:\n\(output)")
            #expect(output.contains("UPDATE pymesos-task-1 TASK_STARTING"), "\(output)")
            #expect(output.contains("RUNNING pymesos-task-1"), "\(output)")
            let stopped = await process.terminate(gracePeriod: .seconds(10))
            #expect(stopped == .exited(0))
        } catch {
            await process.terminate(gracePeriod: .seconds(2))
            throw error
        }
    }
}

import Foundation
import Mesos
import TestSupport
import Testing

@testable import MesosLocal

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Agent: restart, shutdown and leaks")
struct AgentLifecycleTests {
    @Test func shutdownLeavesNoProcessBehind() async throws {
        let workDirectory = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let fixture = await makeAgentFixture(workDirectory: workDirectory)
        var pids: [Int32] = []
        var groups: [Int32] = []
        do {
            let scripts = [
                "sleep 1000 & echo $! > child.pid; sleep 1000",
                "trap '' TERM; sleep 1000 & echo $! > child.pid; wait",
                "exec sleep 1000",
            ]
            for (index, script) in scripts.enumerated() {
                let taskID = await fixture.launch(shellTask("leak-\(index)", script))
                try await fixture.expect([.starting, .running], for: taskID)
                let pid = try #require(await fixture.agent.processID(of: taskID))
                pids.append(pid)
                groups.append(pid)
                if script.contains("child.pid") {
                    let sandbox = try await fixture.sandbox(of: taskID)
                    try await eventually("the task's child starts") {
                        readFile("\(sandbox)/child.pid")?.hasSuffix("\n") == true
                    }
                    let child = try #require(
                        readFile("\(sandbox)/child.pid").flatMap {
                            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
                        })
                    pids.append(child)
                }
            }
            try await withFileServer([:]) { base in
                // One task still fetching.
                let stalled = await fixture.launch(
                    shellTask("still-launching", "true", uris: [.init(value: "\(base)/stall")]))
                #expect(pids.allSatisfy(processIsAlive))
                await fixture.agent.shutdown()
                #expect(await fixture.updates.unread(for: stalled).isEmpty)
            }
        } catch {
            await fixture.agent.shutdown()
            throw error
        }
        // The leaders are reaped when shutdown returns; what they left dies with them.
        for leader in groups { #expect(!processIsAlive(leader)) }
        try await eventually("every task process is gone", timeout: .seconds(5)) {
            pids.allSatisfy { !processIsAlive($0) } && groups.allSatisfy { liveMembers(ofGroup: $0).isEmpty }
        }
        #expect(await fixture.agent.runningTasks().isEmpty)
        #expect(await fixture.updates.hasEnded)
        // A launch after shutdown is ignored.
        await fixture.agent.launch(shellTask("late", "true"), frameworkID: fixture.frameworkID)
        #expect(await fixture.agent.runningTasks().isEmpty)
    }

    @Test func restartFailsRunningAndLaunchingTasksAndAcceptsNewOnes() async throws {
        try await withFileServer([:]) { base in
            try await withAgent { fixture in
                let running = await fixture.launch(shellTask("running", "sleep 1000 & wait"))
                try await fixture.expect([.starting, .running], for: running)
                let pid = try #require(await fixture.agent.processID(of: running))
                let launching = await fixture.launch(
                    shellTask("launching", "true", uris: [.init(value: "\(base)/stall")]))
                await fixture.agent.restart()
                #expect(!processIsAlive(pid))
                for taskID in [running, launching] {
                    let failed = try await fixture.expect([.failed], for: taskID)[0].status
                    #expect(failed.reason == .agentRestarted)
                    #expect(failed.message == "Agent restarted")
                }
                let after = try await fixture.run(shellTask("after", "true"))
                #expect(after.status.state == .finished)
            }
        }
    }

    /// Names the directory of `tasksDieWithTheProcessThatRunsTheAgents`'s probe process.
    static let probeVariable = "MESOS_LOCAL_AGENT_DEATH_PROBE"

    /// Kills the process that runs an agent with SIGKILL, no cleanup possible: its task and the task's child die
    /// anyway (the task through `--pdeathsig`, its child through the watchdog).
    @Test func tasksDieWithTheProcessThatRunsTheAgents() async throws {
        let directory = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment[Self.probeVariable] = directory
        let probe = try await ManagedProcess.spawn(
            .init(
                executable: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
                arguments: ["--testing-library", "swift-testing", "--filter", "abruptDeathProbe"],
                environment: environment, logFile: "\(directory)/probe.log"))
        defer { probe.send(SIGKILL) }
        let status = await probe.waitForExit(timeout: .seconds(120))
        let log = readFile("\(directory)/probe.log") ?? ""
        #expect(status == .signaled(SIGKILL), "the probe did not kill itself: \(log)")
        let pids = try #require(readFile("\(directory)/pids"), "the probe wrote no pids: \(log)")
            .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(pids.count == 2)
        try await eventually("the orphaned task and its child die", timeout: .seconds(10)) {
            pids.allSatisfy { !processIsAlive($0) }
        }
    }

    /// The probe of `tasksDieWithTheProcessThatRunsTheAgents`, run only in its own process: starts a task with a
    /// child, writes their pids, and dies by SIGKILL.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func abruptDeathProbe() async throws {
        let directory = try #require(ProcessInfo.processInfo.environment[Self.probeVariable])
        let fixture = await makeAgentFixture(workDirectory: directory)
        let taskID = await fixture.launch(shellTask("orphan", "sleep 1000 & echo $! > child.pid; wait"))
        try await fixture.expect([.starting, .running], for: taskID)
        let sandbox = try await fixture.sandbox(of: taskID)
        let leader = try #require(await fixture.agent.processID(of: taskID))
        try await eventually("the task's child starts") { readFile("\(sandbox)/child.pid")?.hasSuffix("\n") == true }
        let child = try #require(readFile("\(sandbox)/child.pid")).trimmingCharacters(in: .whitespacesAndNewlines)
        try "\(leader) \(child)".write(toFile: "\(directory)/pids", atomically: true, encoding: .utf8)
        kill(getpid(), SIGKILL)
    }

    @Test func watchdogKillsRegisteredGroupsWhenTheAgentProcessDies() async throws {
        let processGuard = AgentProcessGuard()
        let registered = try await ManagedProcess.spawn(
            .init(executable: "/bin/sh", arguments: ["-c", "sleep 1000 & wait"]))
        let unregistered = try await ManagedProcess.spawn(.init(executable: "sleep", arguments: ["1000"]))
        defer {
            registered.send(SIGKILL)
            unregistered.send(SIGKILL)
        }
        let earlier = try await ManagedProcess.spawn(.init(executable: "sleep", arguments: ["1000"]))
        defer { earlier.send(SIGKILL) }
        processGuard.register(group: earlier.pid)
        processGuard.register(group: registered.pid)
        processGuard.unregister(group: earlier.pid)
        let watchdog = try #require(processGuard.watchdogPID)

        // What the kernel does when the agents' process dies: the socket closes.
        processGuard.disconnect()
        #expect(await registered.waitForExit(timeout: .seconds(10)) == .signaled(SIGKILL))
        #expect(liveMembers(ofGroup: registered.pid).isEmpty)
        try await eventually("the watchdog exits", timeout: .seconds(10)) { !processIsAlive(watchdog) }
        #expect(unregistered.isRunning)
        #expect(earlier.isRunning)
    }
}

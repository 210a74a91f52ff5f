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

    @Test func watchdogKillsRegisteredGroupsWhenTheAgentProcessDies() async throws {
        let processGuard = AgentProcessGuard()
        let registered = try await ManagedProcess.spawn(.init(executable: "/bin/sh", arguments: ["-c", "sleep 1000 & wait"]))
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

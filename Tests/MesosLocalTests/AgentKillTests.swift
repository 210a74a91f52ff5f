import Foundation
import Mesos
import Testing

@testable import MesosLocal

@Suite("Agent: kills and crashes")
struct AgentKillTests {
    /// Starts a task that writes `ready` once its signal handling is in place, and waits for it.
    private func startReadyTask(
        _ fixture: AgentFixture, _ name: String, _ script: String, killPolicy: KillPolicy? = nil
    ) async throws -> (TaskID, sandbox: String) {
        let taskID = await fixture.launch(shellTask(name, script, killPolicy: killPolicy))
        try await fixture.expect([.starting, .running], for: taskID)
        let sandbox = try await fixture.sandbox(of: taskID)
        try await eventually("task \(name) is ready") { FileManager.default.fileExists(atPath: "\(sandbox)/ready") }
        return (taskID, sandbox)
    }

    @Test func sigtermIsHonoured() async throws {
        try await withAgent { fixture in
            let (taskID, sandbox) = try await startReadyTask(
                fixture, "graceful", "trap 'echo stopping; exit 0' TERM; touch ready; while :; do sleep 0.05; done")
            let pid = try #require(await fixture.agent.processID(of: taskID))
            let start = ContinuousClock.now
            await fixture.agent.kill(taskID, gracePeriod: .seconds(20), sendKilling: true)
            try await fixture.expect([.killing], for: taskID)
            let killed = try await fixture.expect([.killed], for: taskID)[0].status
            #expect(ContinuousClock.now - start < .seconds(20))
            // Killed on request, so TASK_KILLED even though it exited with 0.
            #expect(killed.message == "Command exited with status 0")
            #expect(killed.source == .executor)
            #expect(readFile("\(sandbox)/stdout") == "stopping\n")
            #expect(!processIsAlive(pid))
        }
    }

    @Test func processTerminatedBySigtermReportsTheSignal() async throws {
        try await withAgent { fixture in
            let taskID = await fixture.launch(shellTask("plain", "exec sleep 1000"))
            try await fixture.expect([.starting, .running], for: taskID)
            await fixture.agent.kill(taskID, gracePeriod: .seconds(20), sendKilling: false)
            let killed = try await fixture.expect([.killed], for: taskID)[0].status
            #expect(killed.message == "Command terminated with signal Terminated")
        }
    }

    @Test func processIgnoringSigtermGetsSigkillAfterTheGracePeriod() async throws {
        try await withAgent { fixture in
            let (taskID, _) = try await startReadyTask(
                fixture, "stubborn", "trap '' TERM; touch ready; while :; do sleep 0.05; done")
            let pid = try #require(await fixture.agent.processID(of: taskID))
            let start = ContinuousClock.now
            await fixture.agent.kill(taskID, gracePeriod: .milliseconds(400), sendKilling: false)
            // Without TASK_KILLING_STATE the next update is TASK_KILLED.
            let killed = try await fixture.expect([.killed], for: taskID)[0].status
            #expect(ContinuousClock.now - start >= .milliseconds(400))
            #expect(killed.message == "Command terminated with signal Killed")
            #expect(!processIsAlive(pid))
            #expect(liveMembers(ofGroup: pid).isEmpty)
        }
    }

    @Test func taskKillPolicyAppliesAndALaterKillMayShortenIt() async throws {
        try await withAgent { fixture in
            let policy = KillPolicy(gracePeriod: DurationInfo(seconds: 0.3))
            let (first, _) = try await startReadyTask(
                fixture, "policy", "trap '' TERM; touch ready; while :; do sleep 0.05; done", killPolicy: policy)
            let start = ContinuousClock.now
            await fixture.agent.kill(first, gracePeriod: nil, sendKilling: false)
            try await fixture.expect([.killed], for: first)
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(300))
            #expect(elapsed < LocalAgent.defaultKillGracePeriod)

            let (second, _) = try await startReadyTask(
                fixture, "shortened", "trap '' TERM; touch ready; while :; do sleep 0.05; done")
            let secondStart = ContinuousClock.now
            await fixture.agent.kill(second, gracePeriod: .seconds(60), sendKilling: false)
            // A longer grace period is ignored, a shorter one replaces the first.
            await fixture.agent.kill(second, gracePeriod: .seconds(120), sendKilling: false)
            await fixture.agent.kill(second, gracePeriod: .milliseconds(100), sendKilling: false)
            let killed = try await fixture.expect([.killed], for: second)[0].status
            #expect(ContinuousClock.now - secondStart < .seconds(30))
            #expect(killed.message == "Command terminated with signal Killed")
        }
    }

    @Test func crashFailsTheTask() async throws {
        try await withAgent { fixture in
            let taskID = await fixture.launch(shellTask("crash", "sleep 1000"))
            try await fixture.expect([.starting, .running], for: taskID)
            #expect(await fixture.agent.crash(taskID))
            let failed = try await fixture.expect([.failed], for: taskID)[0].status
            #expect(failed.message == "Command terminated with signal Killed")
            #expect(failed.source == .executor)
            #expect(await !fixture.agent.crash(taskID))
            #expect(await !fixture.agent.crash("no-such-task"))
        }
    }

    @Test func killOfAnEndedOrUnknownTaskDoesNothing() async throws {
        try await withAgent { fixture in
            let ended = await fixture.launch(shellTask("ended", "exit 0"))
            try await fixture.expect([.starting, .running], for: ended)
            // The terminal update is not acknowledged yet: the agent still knows the task.
            let finished = try await fixture.expect([.finished], for: ended, acknowledge: false)[0]
            await fixture.agent.kill(ended, gracePeriod: .zero, sendKilling: true)
            await fixture.agent.kill("no-such-task", gracePeriod: .zero, sendKilling: true)

            // Another task's whole life passes; the ended task got nothing more.
            let other = try await fixture.run(shellTask("other", "true"))
            #expect(other.status.state == .finished)
            #expect(await fixture.updates.unread(for: ended).isEmpty)
            #expect(await fixture.agent.runningTasks() == [ended: .finished])
            await fixture.agent.acknowledge(taskID: ended, uuid: finished.uuid)
            #expect(await fixture.agent.runningTasks().isEmpty)
        }
    }

    @Test func terminalUpdatesFollowMesosCommandExecutor() {
        typealias Update = AgentTerminalUpdate
        #expect(Update.afterExit(.exited(0), termination: nil, launched: true)?.state == .finished)
        #expect(
            Update.afterExit(.exited(1), termination: nil, launched: true)?.message == "Command exited with status 1")
        #expect(
            Update.afterExit(.signaled(11), termination: nil, launched: true)?.message
                == "Command terminated with signal Segmentation fault")
        #expect(Update.afterExit(.exited(0), termination: .kill, launched: true)?.state == .killed)
        #expect(Update.afterExit(.signaled(9), termination: .kill, launched: false) == Update.killedDuringLaunch)
        #expect(Update.afterExit(.signaled(9), termination: .restart, launched: true) == Update.agentRestarted)
        #expect(Update.afterExit(.signaled(9), termination: .shutdown, launched: true) == nil)
        #expect(Update.afterExit(.unknown, termination: nil, launched: true)?.state == .failed)
        let failure = Update.withoutProcess(
            termination: nil, failure: .fetch(AgentFetchError(uri: "u", reason: "r")), containerID: "c")
        #expect(
            failure?.message
                == "Failed to launch container: Failed to fetch all URIs for container 'c': Failed to fetch 'u': r")
        #expect(failure?.reason == .containerLaunchFailed)
    }
}

import Foundation
import Mesos
import Testing

@testable import MesosLocal

@Suite("Agent: reliable status updates")
struct AgentStatusUpdateTests {
    private func update(_ task: TaskID, _ state: TaskState) -> AgentStatusUpdate {
        AgentStatusUpdate(
            frameworkID: "fw", status: TaskStatus(taskID: task, state: state, uuid: MesosUUID.randomBytes()))
    }

    @Test func managerSendsOneUpdateAtATimePerTask() throws {
        var manager = AgentStatusUpdateManager(initialRetryInterval: .seconds(10))
        let starting = update("a", .starting)
        let running = update("a", .running)
        let finished = update("a", .finished)
        let other = update("b", .starting)
        #expect(manager.enqueue(starting) == starting)
        #expect(manager.enqueue(running) == nil)
        #expect(manager.enqueue(finished) == nil)
        #expect(manager.enqueue(other) == other)
        #expect(manager.pendingCount(of: "a") == 3)

        // Unknown, out-of-order and other tasks' uuids change nothing.
        #expect(manager.acknowledge(taskID: "a", uuid: MesosUUID.randomBytes()) == .ignored)
        #expect(manager.acknowledge(taskID: "a", uuid: try #require(running.status.uuid)) == .ignored)
        #expect(manager.acknowledge(taskID: "a", uuid: try #require(other.status.uuid)) == .ignored)
        #expect(manager.head(of: "a") == starting)

        #expect(
            manager.acknowledge(taskID: "a", uuid: try #require(starting.status.uuid))
                == .accepted(next: running, terminal: false))
        // A duplicate acknowledgement is ignored.
        #expect(manager.acknowledge(taskID: "a", uuid: try #require(starting.status.uuid)) == .ignored)
        #expect(
            manager.acknowledge(taskID: "a", uuid: try #require(running.status.uuid))
                == .accepted(next: finished, terminal: false))
        #expect(
            manager.acknowledge(taskID: "a", uuid: try #require(finished.status.uuid))
                == .accepted(next: nil, terminal: true))
        #expect(manager.head(of: "a") == nil)
        #expect(manager.taskIDs == ["b"])
    }

    @Test func managerRetryIntervalDoublesUpToTheMaximum() throws {
        var manager = AgentStatusUpdateManager(initialRetryInterval: .seconds(10), maximumRetryInterval: .seconds(600))
        let starting = update("a", .starting)
        let uuid = try #require(starting.status.uuid)
        _ = manager.enqueue(starting)
        var delays: [Duration] = []
        for _ in 0..<8 {
            let next = manager.retry(taskID: "a", uuid: uuid)
            let retry = try #require(next)
            #expect(retry.update == starting)
            delays.append(retry.nextDelay)
        }
        #expect(delays.map { $0.components.seconds } == [20, 40, 80, 160, 320, 600, 600, 600])
        // A retry timer of an update acknowledged meanwhile does nothing; the next update starts at 10 s again.
        let running = update("a", .running)
        _ = manager.enqueue(running)
        _ = manager.acknowledge(taskID: "a", uuid: uuid)
        #expect(manager.retry(taskID: "a", uuid: uuid) == nil)
        #expect(manager.retry(taskID: "a", uuid: try #require(running.status.uuid))?.nextDelay == .seconds(20))
    }

    @Test func unacknowledgedUpdateIsResentWithTheSameUUID() async throws {
        try await withAgent(updateRetryInterval: .milliseconds(100)) { fixture in
            let launched = ContinuousClock.now
            let taskID = await fixture.launch(shellTask("retried", "exit 0"))
            let first = try await fixture.updates.next(for: taskID)
            #expect(first.status.state == .starting)
            let second = try await fixture.updates.next(for: taskID)
            let secondSeen = ContinuousClock.now
            let third = try await fixture.updates.next(for: taskID)
            let thirdSeen = ContinuousClock.now
            // The same update, the same uuid; sent at launch + 0, + 100 ms, + 300 ms (the interval doubles).
            #expect(second == first)
            #expect(third == first)
            #expect(secondSeen - launched >= .milliseconds(100))
            #expect(thirdSeen - launched >= .milliseconds(300))

            // An acknowledgement of another uuid changes nothing.
            await fixture.agent.acknowledge(taskID: taskID, uuid: MesosUUID(MesosUUID.randomBytes()))
            #expect(try await fixture.updates.next(for: taskID) == first)

            await fixture.agent.acknowledge(taskID: taskID, uuid: first.uuid)
            var running = try await fixture.updates.next(for: taskID)
            // A retry of STARTING may have crossed the acknowledgement.
            while running.uuid == first.uuid { running = try await fixture.updates.next(for: taskID) }
            #expect(running.status.state == .running)
            #expect(running.uuid != first.uuid)
            await fixture.agent.acknowledge(taskID: taskID, uuid: running.uuid)
            var finished = try await fixture.updates.next(for: taskID)
            while finished.uuid == running.uuid { finished = try await fixture.updates.next(for: taskID) }
            #expect(finished.status.state == .finished)
            await fixture.agent.acknowledge(taskID: taskID, uuid: finished.uuid)
            #expect(await fixture.agent.runningTasks().isEmpty)
        }
    }

    @Test func updatesOfATaskWaitForTheAcknowledgementOfTheOneBefore() async throws {
        try await withAgent { fixture in
            let taskID = await fixture.launch(shellTask("ordered", "exit 0"))
            let starting = try await fixture.updates.next(for: taskID)
            #expect(starting.status.state == .starting)
            // The task has ended, yet only TASK_STARTING was sent.
            try await eventually("the task ends") { await fixture.agent.runningTasks()[taskID] == .finished }
            #expect(await fixture.updates.received(for: taskID) == [starting])

            await fixture.agent.acknowledge(taskID: taskID, uuid: starting.uuid)
            let running = try await fixture.updates.next(for: taskID)
            #expect(running.status.state == .running)
            #expect(await fixture.updates.unread(for: taskID).isEmpty)
            await fixture.agent.acknowledge(taskID: taskID, uuid: running.uuid)
            let finished = try await fixture.updates.next(for: taskID)
            #expect(finished.status.state == .finished)
            #expect(await fixture.agent.runningTasks() == [taskID: .finished])
            await fixture.agent.acknowledge(taskID: taskID, uuid: finished.uuid)
            #expect(await fixture.agent.runningTasks().isEmpty)
        }
    }
}

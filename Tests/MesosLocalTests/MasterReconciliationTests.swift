import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// Explicit and implicit reconciliation, KILL of unknown tasks, and reliable status updates.
@Suite struct MasterReconciliationTests {
    /// Launches `ids` on the first offer and waits until they run.
    static func launch(_ ids: [String], on scheduler: TestScheduler) async throws -> AgentID {
        let offer = try await scheduler.next(.offers).offers!.offers[0]
        try await scheduler.send(
            .accept(
                frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                operations: [
                    .launch(
                        ids.map {
                            commandTask($0, agentID: offer.agentID, resources: smallResources(cpus: 0.1, mem: 32))
                        })
                ], filters: Filters(refuseSeconds: 0)))
        for id in ids {
            _ = try await scheduler.update(TaskID(id), .running)
        }
        return offer.agentID
    }

    @Test func implicitReconciliationAnswersForEveryKnownTask() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let agentID = try await Self.launch(["a", "b"], on: scheduler)
            try await scheduler.send(.reconcile(frameworkID: scheduler.frameworkID))
            for id in ["a", "b"] {
                let status = try await scheduler.reconciled(TaskID(id), .running)
                #expect(status.source == .master)
                #expect(status.reason == .reconciliation)
                #expect(status.message == "Reconciliation: Latest task state")
                #expect(status.uuid == nil)
                #expect(status.agentID == agentID)
                #expect(status.data == nil && status.labels == nil)
            }
            #expect(
                try await scheduler.expectNone(.update, within: .milliseconds(200)) {
                    $0.update?.status.source == .master
                })
        }
    }

    @Test func explicitReconciliationCoversEveryCase() async throws {
        try await withCluster(agents: 2) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            let agentID = try await Self.launch(["known"], on: scheduler)
            let otherAgent = cluster.agentIDs.first { $0 != agentID }!
            try await scheduler.send(
                .reconcile(
                    frameworkID: frameworkID,
                    tasks: [
                        .init(taskID: "known"),
                        .init(taskID: "not-on-agent", agentID: agentID),
                        .init(taskID: "nowhere"),
                        .init(taskID: "unknown-agent", agentID: "no-such-agent"),
                    ]))
            #expect(try await scheduler.reconciled("known", .running).message == "Reconciliation: Latest task state")
            let gone = try await scheduler.update("not-on-agent", .gone)
            #expect(gone.message == "Reconciliation: Task is unknown to the agent")
            #expect(try await scheduler.update("nowhere", .unknown).message == "Reconciliation: Task is unknown")
            _ = try await scheduler.update("unknown-agent", .unknown)

            // An unreachable agent: TASK_UNREACHABLE with the time it became unreachable.
            try await cluster.removeAgent(otherAgent)
            try await scheduler.send(
                .reconcile(frameworkID: frameworkID, tasks: [.init(taskID: "on-lost-agent", agentID: otherAgent)]))
            let unreachable = try await scheduler.update("on-lost-agent", .unreachable)
            #expect(unreachable.unreachableTime != nil)
            #expect(unreachable.message == "Reconciliation: Task is unreachable")

            // KILL of an unknown task is an explicit reconciliation of it.
            try await scheduler.send(.kill(frameworkID: frameworkID, taskID: "ghost", agentID: agentID))
            #expect(try await scheduler.update("ghost", .gone).reason == .reconciliation)
        }
    }

    @Test func frameworksWithoutPartitionAwarenessGetTaskLost() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(capabilities: [.multiRole]))
            defer { scheduler.close() }
            let agentID = try await Self.launch(["t"], on: scheduler)
            try await scheduler.send(
                .reconcile(
                    frameworkID: scheduler.frameworkID,
                    tasks: [.init(taskID: "x", agentID: agentID), .init(taskID: "y")]))
            #expect(try await scheduler.update("x", .lost).message == "Reconciliation: Task is unknown to the agent")
            #expect(try await scheduler.update("y", .lost).message == "Reconciliation: Task is unknown")
            // Without TASK_KILLING_STATE there is no TASK_KILLING.
            try await scheduler.send(.kill(frameworkID: scheduler.frameworkID, taskID: "t"))
            _ = try await scheduler.update("t", .killed)
            #expect(await scheduler.log.events.allSatisfy { $0.update?.status.state != .killing })
        }
    }

    @Test func unacknowledgedUpdatesAreSentAgainUntilAcknowledged() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(cluster.url, autoAcknowledge: false)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                    operations: [.launch([commandTask("t", agentID: offer.agentID, resources: smallResources())])]))
            let first = try await scheduler.update("t", .starting)
            let again = try await scheduler.update("t", .starting, timeout: .seconds(3))
            #expect(first.uuid == again.uuid)
            // RUNNING waits for STARTING's acknowledgement.
            #expect(await scheduler.log.events.allSatisfy { $0.update?.status.state != .running })
            try await scheduler.send(.acknowledge(frameworkID: scheduler.frameworkID, status: again)!)
            let running = try await scheduler.update("t", .running, acknowledge: true, timeout: .seconds(3))
            #expect(running.uuid != first.uuid)
            await agents[offer.agentID].finish("t")
            let finished = try await scheduler.update("t", .finished, timeout: .seconds(2))
            // Resources are freed at the terminal update; the task is forgotten once it is acknowledged.
            try await TestScheduler.wait("the resources to be freed") {
                await cluster.state().slaves[0].usedResources.cpus == 0 ? true : nil
            }
            #expect(await cluster.state().frameworks[0].tasks.map(\.state) == ["TASK_FINISHED"])
            try await scheduler.send(.acknowledge(frameworkID: scheduler.frameworkID, status: finished)!)
            try await TestScheduler.wait("the task to be forgotten") {
                await cluster.state().frameworks[0].tasks.isEmpty ? true : nil
            }
        }
    }
}

extension MasterReconciliationTests {
    @Test func aTerminalUpdateIsFollowedByTheExecutorsFailure() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let agentID = try await Self.launch(["t"], on: scheduler)
            await agents[agentID].finish("t")
            _ = try await scheduler.update("t", .finished)
            let failure = try await scheduler.next(.failure).failure!
            #expect(failure.agentID == agentID)
            #expect(failure.executorID == "t")
            #expect(failure.status == 0)
        }
    }
}

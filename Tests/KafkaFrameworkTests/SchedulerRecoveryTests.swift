import Foundation
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

@Suite struct SchedulerRecoveryTests {
    @Test func aRestartedSchedulerResumesTheRolloutWithTheSameFrameworkIDAndNoDuplicateTask() async throws {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster()
        _ = await SchedulerUpdateTests.deployed(testConfiguration(count: 3), store: store, cluster: cluster)

        let updated = testConfiguration(count: 3, memMB: 3000)
        let before = SchedulerHarness(configuration: updated, store: store, cluster: cluster)
        await before.start()
        // Roll until broker 1's relaunch is stored and its ACCEPT sent, then the process dies: that ACCEPT never
        // reaches the master.
        for _ in 0..<40 {
            if before.sender.all.launchedTasks.count == 2 { break }
            await before.round()
        }
        #expect(before.sender.all.launchedTasks.count == 2)
        let lostLaunch = before.sender.all.launchedTasks[1].taskID.value
        #expect(BrokerTaskID.brokerID(of: lostLaunch) == 1)
        #expect(cluster.task(lostLaunch) == nil)

        let after = SchedulerHarness(configuration: updated, store: store, cluster: cluster)
        await after.send(.leadershipAcquired)
        #expect(after.snapshot.frameworkID == "fw-1")
        #expect(after.snapshot.configurations.targetID == before.snapshot.configurations.targetID)
        #expect(after.blockStatuses == [.complete, .inProgress, .pending])
        await after.send(.subscribed(frameworkID: "fw-1", masterInfo: nil))
        // The stored launch that never happened is reconciled explicitly.
        let reconcile = after.sender.all.ofType(.reconcile).first
        #expect(reconcile?.reconcile?.tasks.map(\.taskID.value).contains(lostLaunch) == true)

        var maxTasksPerBroker = 0
        for _ in 0..<40 where !after.planComplete {
            await after.round()
            var counts: [Int: Int] = [:]
            for agent in cluster.agents {
                for taskID in agent.tasks.keys { counts[BrokerTaskID.brokerID(of: taskID)!, default: 0] += 1 }
            }
            maxTasksPerBroker = max(maxTasksPerBroker, counts.values.max() ?? 0)
        }
        #expect(after.planComplete, "\(describe(after.plan))")
        #expect(maxTasksPerBroker == 1)
        // Broker 0 was not touched again; broker 1 and 2 were launched by the new process.
        let launched = after.sender.all.launchedTasks.map { BrokerTaskID.brokerID(of: $0.taskID.value)! }
        #expect(launched == [1, 2])
        #expect(after.snapshot.brokers.allSatisfy { $0.configurationID == after.snapshot.configurations.targetID })
    }

    @Test func aCrashedBrokerIsRelaunchedInPlaceWithBackoffOnRepeatedFailures() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3))
        await harness.start()
        await harness.run { $0.planComplete }
        let original = harness.cluster.task(harness.cluster.runningBrokerTasks[1]!)!
        _ = harness.sender.take()

        // First failure: relaunched at once, in place.
        await harness.event(.update(harness.cluster.crash(original.taskID.value)!))
        #expect(harness.snapshot.brokers[1].taskState == .failed)
        await harness.run { $0.cluster.runningBrokerTasks[1] != nil }
        let relaunched = harness.cluster.task(harness.cluster.runningBrokerTasks[1]!)!
        #expect(relaunched.agentID == original.agentID)
        #expect(
            relaunched.resources.first { $0.persistenceID != nil }?.persistenceID
                == original.resources.first { $0.persistenceID != nil }?.persistenceID)
        let accept = harness.sender.all.ofType(.accept).last!.accept!
        #expect(accept.operations.map(\.type) == [.launch])

        // Second failure in a row: 5 s of backoff.
        await harness.event(.update(harness.cluster.crash(relaunched.taskID.value)!))
        await harness.run(limit: 3) { _ in false }
        #expect(harness.cluster.runningBrokerTasks[1] == nil)
        let waiting = await harness.record(1)
        #expect(waiting?.consecutiveFailures == 2)
        await harness.advance(by: .seconds(5))
        await harness.run { $0.cluster.runningBrokerTasks[1] != nil }
        #expect(harness.cluster.runningBrokerTasks[1] != nil)
        #expect(harness.planComplete)
    }

    @Test func updatesAreStoredBeforeTheyAreAcknowledgedAndRecordsBeforeTheirLaunch() async throws {
        let store = InMemoryStateStore()
        let harness = SchedulerHarness(configuration: testConfiguration(count: 2), store: store)
        let layout = StateLayout(frameworkName: "kafka")
        let problems = ProblemLog()
        harness.sender.inspect { call in
            if let acknowledge = call.acknowledge {
                let broker = BrokerTaskID.brokerID(of: acknowledge.taskID.value)!
                let data = try? await store.get(layout.broker(broker))?.data
                let record = data.flatMap { try? JSONDecoder().decode(BrokerRecord.self, from: $0) }
                if record?.taskID != acknowledge.taskID.value || record?.lastStatus == nil {
                    problems.add("acknowledged \(acknowledge.taskID.value) before storing its status")
                }
            }
            for task in call.accept?.operations.compactMap(\.launch).flatMap(\.taskInfos) ?? [] {
                let broker = BrokerTaskID.brokerID(of: task.taskID.value)!
                let data = try? await store.get(layout.broker(broker))?.data
                let record = data.flatMap { try? JSONDecoder().decode(BrokerRecord.self, from: $0) }
                if record?.taskID != task.taskID.value || record?.taskInfo != task {
                    problems.add("launched \(task.taskID.value) before storing its record")
                }
            }
        }
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        #expect(harness.sender.all.ofType(.acknowledge).count >= 2)
        #expect(problems.all.isEmpty, "\(problems.all)")
    }

    @Test func anUpdateThatCannotBeStoredIsNotAcknowledged() async throws {
        let store = SwitchableStore()
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1), store: store)
        await harness.start()
        await harness.run { $0.planComplete }
        _ = harness.sender.take()

        store.failing = true
        let failed = harness.cluster.crash(harness.cluster.runningBrokerTasks[0]!)!
        await harness.event(.update(failed))
        #expect(harness.sender.take().ofType(.acknowledge).isEmpty)
        #expect(harness.snapshot.brokers[0].taskState == .running)

        // The agent sends it again once the store is back.
        store.failing = false
        await harness.event(.update(failed))
        #expect(harness.sender.take().ofType(.acknowledge).count == 1)
        #expect(harness.snapshot.brokers[0].taskState == .failed)
    }

    @Test func aStoreThatCannotBeReadIsRetried() async throws {
        let store = SwitchableStore()
        store.failing = true
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1), store: store)
        await harness.start()
        #expect(harness.snapshot.health.reasons.contains { $0.contains("the state cannot be read") })
        #expect(harness.sender.all.isEmpty)
        store.failing = false
        await harness.advance(by: .seconds(2))
        #expect(harness.snapshot.configurations.targetID != nil)
        await harness.send(.subscribed(frameworkID: "fw-1", masterInfo: nil))
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
    }

    @Test func strayTasksAreKilled() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1))
        await harness.start()
        await harness.run { $0.planComplete }
        _ = harness.sender.take()
        let stray = TaskStatus(
            taskID: "broker-0__00000000-0000-4000-8000-000000000000", state: .running, source: .master,
            reason: .reconciliation, agentID: "agent-2")
        await harness.event(.update(stray))
        let calls = harness.sender.take()
        #expect(calls.killedTaskIDs == ["broker-0__00000000-0000-4000-8000-000000000000"])
        #expect(calls.ofType(.acknowledge).isEmpty)
    }

    @Test func anUnreachableAgentLeadsToReplacementOnlyWithAutoReplace() async throws {
        for autoReplace in [false, true] {
            let cluster = SimulatedCluster(agents: 4)
            let harness = SchedulerHarness(
                configuration: testConfiguration(count: 3),
                options: SchedulerOptions(enableAutoReplace: autoReplace, replaceDelay: .seconds(60)), cluster: cluster)
            await harness.start()
            await harness.run { $0.planComplete }
            let lostTask = cluster.runningBrokerTasks[2]!
            let agent = cluster.agentIndex(ofTask: lostTask)!
            for update in cluster.partition(agent: agent) { await harness.event(.update(update)) }
            #expect(harness.snapshot.brokers[2].taskState == .unreachable)
            await harness.run(limit: 3) { _ in false }
            await harness.advance(by: .seconds(30))
            await harness.run(limit: 3) { _ in false }
            #expect(harness.sender.all.launchedTasks.count == 3, "not replaced before the delay")
            await harness.advance(by: .seconds(31))
            await harness.run(limit: 10) { $0.sender.all.launchedTasks.count == 4 }
            if autoReplace {
                #expect(harness.sender.all.killedTaskIDs.contains(lostTask))
                let replacement = harness.sender.all.launchedTasks.last!
                #expect(BrokerTaskID.brokerID(of: replacement.taskID.value) == 2)
                #expect(replacement.agentID != cluster.agents[agent].id)
                let fresh = harness.sender.all.ofType(.accept).last!.accept!.operations.map(\.type)
                #expect(fresh == [.reserve, .create, .launch])
            } else {
                #expect(harness.sender.all.launchedTasks.count == 3)
                #expect(harness.sender.all.killedTaskIDs.isEmpty)
                let message = harness.plan.phases.last!.blocks[2].message
                #expect(message == "Broker-2 is Complete")
                #expect(harness.snapshot.brokers[2].taskState == .unreachable)
            }
        }
    }

    @Test func notTheLeaderDoesNothing() async throws {
        let harness = SchedulerHarness(configuration: testConfiguration(count: 1))
        await harness.send(.subscribed(frameworkID: "fw-1", masterInfo: nil))
        await harness.event(.offers(harness.cluster.makeOffers()))
        #expect(harness.sender.all.isEmpty)
        #expect(!harness.snapshot.health.isLeader)
        #expect(harness.snapshot.plan.phases.isEmpty)
        let answer = await harness.command(.restart(broker: 0))
        #expect(answer == .failure(.notLeader(leader: nil)))
        let stored = try await harness.store.children("/")
        #expect(stored.isEmpty)

        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)

        await harness.send(.leadershipLost(reason: "ZooKeeper session expired", leader: "10.0.0.2:8080"))
        _ = harness.sender.take()
        await harness.event(.offers(harness.cluster.makeOffers()))
        await harness.event(.update(harness.cluster.crash(harness.cluster.runningBrokerTasks[0]!)!))
        #expect(harness.sender.take().isEmpty)
        #expect(!harness.snapshot.health.isLeader)
        #expect(harness.snapshot.health.reasons.first?.contains("10.0.0.2:8080") == true)
        let planAnswer = await harness.command(.plan(PlanCommand(.interrupt)))
        #expect(planAnswer == .failure(.notLeader(leader: "10.0.0.2:8080")))
    }
}

/// Problems found by a call inspector.
final class ProblemLog: @unchecked Sendable {
    // @unchecked: `problems` is read and written with `lock` held.
    private let lock = NSLock()
    private var problems: [String] = []

    func add(_ problem: String) { lock.withLock { problems.append(problem) } }
    var all: [String] { lock.withLock { problems } }
}

/// An in-memory store that can be made unreachable.
final class SwitchableStore: StateStore, @unchecked Sendable {
    // @unchecked: `_failing` is read and written with `lock` held; `inner` is an actor.
    private let lock = NSLock()
    private var _failing = false
    let inner = InMemoryStateStore()

    var failing: Bool {
        get { lock.withLock { _failing } }
        set { lock.withLock { _failing = newValue } }
    }

    private func check(_ operation: String, _ path: String) throws {
        if failing {
            throw StateStoreError(code: .unavailable, operation: operation, path: path, detail: "connection lost")
        }
    }

    func get(_ path: String) async throws -> StoredNode? {
        try check("get", path)
        return try await inner.get(path)
    }
    func exists(_ path: String) async throws -> Int32? {
        try check("exists", path)
        return try await inner.exists(path)
    }
    func children(_ path: String) async throws -> [String] {
        try check("children", path)
        return try await inner.children(path)
    }
    func create(_ path: String, data: Data, createParents: Bool) async throws {
        try check("create", path)
        try await inner.create(path, data: data, createParents: createParents)
    }
    func set(_ path: String, data: Data, expectedVersion: Int32?) async throws -> Int32 {
        try check("set", path)
        return try await inner.set(path, data: data, expectedVersion: expectedVersion)
    }
    func delete(_ path: String, expectedVersion: Int32?) async throws {
        try check("delete", path)
        try await inner.delete(path, expectedVersion: expectedVersion)
    }
    func multi(_ operations: [StateOperation]) async throws -> [StateOperationResult] {
        try check("multi", operations.first?.path ?? "/")
        return try await inner.multi(operations)
    }
}

import Foundation
import Logging
import Mesos
import Plan
import StateStore
import TestSupport
import Testing
import ZooKeeper

@testable import KafkaFramework

/// The stores the state tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case zooKeeper

    var testDescription: String { rawValue }
}

/// Runs `body` with an empty store of `kind`: in memory, or a ZooKeeper store rooted at a unique znode of the
/// shared test server.
func withStateStore(_ kind: StoreKind, _ body: (SchedulerStateStore) async throws -> Void) async throws {
    let layout = StateLayout(frameworkName: "kafka")
    switch kind {
    case .inMemory:
        try await body(SchedulerStateStore(store: InMemoryStateStore(), layout: layout, logger: quietLogger))
    case .zooKeeper:
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: quietLogger)
        do {
            let store = try await ZooKeeperStateStore(client: client, root: uniqueZNodePath("scheduler-state"))
            try await body(SchedulerStateStore(store: store, layout: layout, logger: quietLogger))
            await client.close()
        } catch {
            await client.close()
            throw error
        }
    }
}

@Suite struct SchedulerStateStoreTests {
    @Test(arguments: StoreKind.allCases)
    func prepareCreatesTheLayoutAndRefusesANewerSchema(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            try await state.prepare()
            for directory in state.layout.directories {
                #expect(try await state.store.exists(directory) != nil)
            }
            let version = try await state.store.get("/dcos-service-kafka/schema-version")
            #expect(version.map { String(decoding: $0.data, as: UTF8.self) } == "1")

            try await state.store.set("/dcos-service-kafka/schema-version", data: Data("2".utf8))
            await #expect(
                throws: SchedulerStateError.unsupportedSchemaVersion(
                    found: "2", supported: 1, path: "/dcos-service-kafka/schema-version")
            ) {
                try await state.prepare()
            }
            try await state.store.set("/dcos-service-kafka/schema-version", data: Data("two".utf8))
            do {
                try await state.prepare()
                Issue.record("expected an error")
            } catch let error as SchedulerStateError {
                guard case .unreadable = error else { throw error }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theFrameworkIDIsStoredAndForgotten(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            #expect(try await state.loadFrameworkID() == nil)
            try await state.storeFrameworkID("fw-1")
            try await state.storeFrameworkID("fw-2")
            #expect(try await state.loadFrameworkID() == "fw-2")
            let raw = try await state.store.get("/dcos-service-kafka/framework-id")
            #expect(raw.map { String(decoding: $0.data, as: UTF8.self) } == "fw-2")
            try await state.deleteFrameworkID()
            try await state.deleteFrameworkID()
            #expect(try await state.loadFrameworkID() == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func targetsAreStoredWithTheirHistoryAndPlanInOneTransaction(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            let first = testConfiguration(count: 3)
            let firstID = "00000000-0000-4000-8000-000000000001"
            let firstPlan = PlanEngine(targetID: firstID, brokerCount: 3, strategy: .install)
            var stored = try await state.storeTarget(
                first, id: firstID, replacing: state.loadConfigurations(), referenced: [], progress: firstPlan.progress)
            #expect(stored.targetID == firstID && stored.history == [firstID])

            let second = testConfiguration(count: 4)
            let secondID = "00000000-0000-4000-8000-000000000002"
            let secondPlan = PlanEngine(targetID: secondID, brokerCount: 4, strategy: .install)
            stored = try await state.storeTarget(
                second, id: secondID, replacing: stored, referenced: [firstID], progress: secondPlan.progress)

            let loaded = try await state.loadConfigurations()
            #expect(loaded.targetID == secondID)
            #expect(loaded.history == [firstID, secondID])
            #expect(loaded.byID[firstID] == first && loaded.byID[secondID] == second)
            #expect(loaded.snapshot.ids == [firstID, secondID])
            #expect(loaded.snapshot.target == second)
            // The stored form is the configuration's canonical JSON; `target` and `history` are plain.
            let raw = try await state.store.get("/dcos-service-kafka/configurations/\(secondID)")
            #expect(raw?.data == (try second.canonicalJSON()))
            let target = try await state.store.get("/dcos-service-kafka/configurations/target")
            #expect(target.map { String(decoding: $0.data, as: UTF8.self) } == secondID)
            // Only the new target's plan progress remains.
            #expect(try await state.store.children("/dcos-service-kafka/plan") == [secondID])
            #expect(try await state.loadPlanProgress(targetID: secondID) == secondPlan.progress)
            #expect(try await state.loadPlanProgress(targetID: firstID) == nil)

            // A concurrent change of the target makes the transaction fail and changes nothing.
            try await state.store.set("/dcos-service-kafka/configurations/target", data: Data(secondID.utf8))
            let thirdID = "00000000-0000-4000-8000-000000000003"
            await #expect(throws: SchedulerStateError.self) {
                _ = try await state.storeTarget(
                    first, id: thirdID, replacing: loaded, referenced: [],
                    progress: PlanEngine(targetID: thirdID, brokerCount: 3, strategy: .install).progress)
            }
            #expect(try await state.store.exists("/dcos-service-kafka/configurations/\(thirdID)") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theHistoryKeepsReferencedConfigurationsAndTheLastTen(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            var stored = try await state.loadConfigurations()
            let ids = (1...13).map { String(format: "00000000-0000-4000-8000-%012d", $0) }
            for (index, id) in ids.enumerated() {
                stored = try await state.storeTarget(
                    testConfiguration(count: 3 + index), id: id, replacing: stored, referenced: [ids[1]],
                    progress: PlanEngine(targetID: id, brokerCount: 3 + index, strategy: .install).progress)
            }
            let expected = [ids[1]] + Array(ids.suffix(10))
            #expect(stored.history == expected)
            let loaded = try await state.loadConfigurations()
            #expect(loaded.history == expected)
            let children = try await state.store.children("/dcos-service-kafka/configurations")
            #expect(Set(children) == Set(expected + ["target", "history"]))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func brokerRecordsRoundTrip(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            var record = BrokerRecord(brokerID: 3)
            let configuration = testConfiguration()
            record.taskInfo = BrokerTaskFactory(layout: state.layout).task(
                BrokerTaskFactory.Launch(
                    broker: 3, taskID: "broker-3__x", configID: "c", configuration: configuration, agentID: "a",
                    hostname: "h", port: 31000,
                    resources: [Resource.cpus(1).reserved(role: "r", principal: "p", labels: ["resource_id": "x"])]))
            record.taskID = "broker-3__x"
            record.configID = "c"
            record.agentID = "a"
            record.hostname = "h"
            record.port = 31000
            record.resourceID = "x"
            record.persistenceID = "broker-3-x"
            record.reservationConfirmed = true
            record.lastStatus = BrokerTaskStatus(
                state: "TASK_RUNNING", reason: "REASON_RECONCILIATION", message: "ok", timestamp: 12.5,
                source: "SOURCE_MASTER")
            record.goal = .stoppedForUpdate
            record.unreachableSince = Date(timeIntervalSince1970: 1_700_000_000.25)
            record.runningSince = Date(timeIntervalSince1970: 1_600_000_000)
            record.consecutiveFailures = 2
            record.relaunchNotBefore = Date(timeIntervalSince1970: 1_700_000_005)
            record.nextTaskID = "broker-3__y"
            record.staleRegistration = 42
            try await state.saveBrokerRecord(record)
            try await state.saveBrokerRecord(BrokerRecord(brokerID: 0))
            record.consecutiveFailures = 3
            try await state.saveBrokerRecord(record)
            let loaded = try await state.loadBrokerRecords()
            #expect(loaded.keys.sorted() == [0, 3])
            #expect(loaded[3] == record)
            #expect(loaded[0] == BrokerRecord(brokerID: 0))

            try await state.store.set("/dcos-service-kafka/tasks/broker-0", data: Data("{".utf8))
            await #expect(throws: SchedulerStateError.self) { _ = try await state.loadBrokerRecords() }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func planProgressIsStoredPerTarget(kind: StoreKind) async throws {
        try await withStateStore(kind) { state in
            try await state.prepare()
            var engine = PlanEngine(targetID: "t-1", brokerCount: 2, strategy: .stage)
            _ = try engine.apply(PlanCommand(.interrupt))
            try await state.savePlanProgress(engine.progress)
            #expect(try await state.loadPlanProgress(targetID: "t-1") == engine.progress)
            try await state.store.set("/dcos-service-kafka/plan/t-1", data: Data("nonsense".utf8))
            #expect(try await state.loadPlanProgress(targetID: "t-1") == nil)
        }
    }

    @Test func pruningIsPure() {
        let history = (1...15).map(String.init)
        let (kept, removed) = ConfigurationHistory.prune(history, referenced: ["2", "14", "99"])
        #expect(kept == ["2"] + (6...15).map(String.init))
        #expect(removed == ["1", "3", "4", "5"])
        #expect(ConfigurationHistory.prune(["a", "b"], referenced: []).kept == ["a", "b"])
        #expect(ConfigurationHistory.prune(["a", "a", "b"], referenced: [], retain: 1) == (["b"], ["a"]))
    }

    @Test func layoutPathsAndNames() {
        let layout = StateLayout(frameworkName: "kafka-east")
        #expect(layout.root == "/dcos-service-kafka-east")
        #expect(layout.broker(7) == "/dcos-service-kafka-east/tasks/broker-7")
        #expect(layout.configuration("u") == "/dcos-service-kafka-east/configurations/u")
        #expect(layout.planProgress(targetID: "u") == "/dcos-service-kafka-east/plan/u")
        #expect(layout.brokerRegistrations == "/dcos-service-kafka-east/brokers/ids")
        #expect(layout.kafkaZooKeeperConnect(kafkaZooKeeperURI: "zk:2181") == "zk:2181/dcos-service-kafka-east")
        #expect(StateLayout.brokerID(nodeName: "broker-12") == 12)
        #expect(StateLayout.brokerID(nodeName: "broker-012") == nil)
        #expect(StateLayout.brokerID(nodeName: "target") == nil)
        #expect(StateLayout.isConfigurationID("319ebe89-42e2-40e2-9169-8568e2421023"))
        #expect(!StateLayout.isConfigurationID("target"))
        #expect(!StateLayout.isConfigurationID("319ebe89-42e2-40e2-9169-8568e242102g"))
    }
}

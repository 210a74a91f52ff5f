import Foundation
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

@Suite struct KafkaSchedulerTests {
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    /// Polls `condition` every few milliseconds until it holds; fails after `timeout`.
    static func waitUntil(
        _ what: String, timeout: Duration = .seconds(10), _ condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func theLoopHandlesInputsCommandsTimersAndStops() async throws {
        let clock = ManualClock()
        let sender = RecordingSender()
        let probe = FakeReadinessProbe()
        let cluster = SimulatedCluster(agents: 2)
        let scheduler = KafkaScheduler(
            configuration: testConfiguration(count: 2), store: InMemoryStateStore(), sender: sender,
            readiness: probe, clock: clock, logger: quietLogger)
        #expect(!scheduler.snapshot.health.isLeader)
        #expect(scheduler.snapshot.plan.phases.isEmpty)

        let running = Task { try await scheduler.run() }
        do {
            await #expect(throws: SchedulerControlError.notLeader(leader: nil)) {
                _ = try await scheduler.restartBroker(0)
            }
            scheduler.submit(.leadershipAcquired)
            scheduler.submit(.subscribed(frameworkID: cluster.frameworkID, masterInfo: nil))
            try await Self.waitUntil("the subscription") { scheduler.snapshot.health.isSubscribed }
            #expect(scheduler.snapshot.plan.phases.count == 2)

            // Drive the deployment through the loop: calls to the cluster, its answers and offers back.
            var registered: [Int: BrokerRegistration] = [:]
            try await Self.waitUntil("the plan to complete") {
                if scheduler.snapshot.planComplete { return true }
                for update in cluster.process(sender.take()) { scheduler.submit(.event(.update(update))) }
                if cluster.updateRegistrations() {
                    registered = cluster.registrations
                    probe.publish(registered)
                }
                if !cluster.suppressed {
                    let offers = cluster.makeOffers()
                    if !offers.isEmpty { scheduler.submit(.event(.offers(offers))) }
                }
                return false
            }
            #expect(scheduler.snapshot.brokers.allSatisfy { $0.registeredWithKafka && $0.taskState == .running })

            // A plan command goes through the loop and is answered.
            let blockID = scheduler.snapshot.plan.phases[1].blocks[1].id
            let result = try await scheduler.applyPlanCommand(PlanCommand(.restart, blockID: blockID))
            #expect(result.outcome == .restarted)
            await #expect(throws: SchedulerControlError.unknownBroker(id: 5, brokerCount: 2)) {
                _ = try await scheduler.replaceBroker(5)
            }

            // Timers fire from the injected clock: a new subscription reconciles, and asks again 4 s later.
            scheduler.submit(.disconnected(reason: "stream ended"))
            scheduler.submit(.subscribed(frameworkID: cluster.frameworkID, masterInfo: nil))
            try await Self.waitUntil("the explicit reconciliation") {
                sender.all.filter { $0.type == .reconcile && $0.reconcile?.tasks.isEmpty == false }.count == 1
            }
            _ = sender.take()
            clock.advance(by: .seconds(4))
            try await Self.waitUntil("the reconciliation to be sent again") {
                sender.all.filter { $0.type == .reconcile && $0.reconcile?.tasks.isEmpty == false }.count == 2
            }
        } catch {
            running.cancel()
            throw error
        }

        running.cancel()
        try await running.value
        await #expect(throws: SchedulerControlError.notLeader(leader: nil)) {
            _ = try await scheduler.restartBroker(0)
        }
    }

    @Test func aNewerSchemaStopsTheLoop() async throws {
        let store = InMemoryStateStore()
        try await store.create("/dcos-service-kafka/schema-version", data: Data("9".utf8), createParents: true)
        let scheduler = KafkaScheduler(
            configuration: testConfiguration(), store: store, sender: RecordingSender(),
            readiness: FakeReadinessProbe(), clock: ManualClock(), logger: quietLogger)
        scheduler.submit(.leadershipAcquired)
        await #expect(throws: SchedulerStateError.self) {
            try await scheduler.run()
        }
        #expect(scheduler.snapshot.health.reasons.contains { $0.contains("schema version 9") })
    }

    @Test func frameworkInfoForTheSubscription() {
        var settings = try! SchedulerEnvironment.parse([:]).settings
        settings.failoverTimeoutSeconds = 1_209_600
        let info = FrameworkInfo.kafkaScheduler(
            configuration: testConfiguration(), settings: settings, frameworkID: "fw-9", hostname: "scheduler.local")
        #expect(info.id == "fw-9" && info.name == "kafka" && info.principal == "kafka-principal")
        #expect(info.roles == ["kafka-role"] && info.checkpoint == true && info.failoverTimeout == 1_209_600)
        #expect(info.hasCapability(.partitionAware) && info.hasCapability(.multiRole))
        #expect(info.hasCapability(.reservationRefinement))
        #expect(Call.subscribe(info).validationError == nil)
        #expect(SchedulerInput(Event.subscribed(frameworkID: "fw-9")).isSubscribed)
    }
}

extension SchedulerInput {
    var isSubscribed: Bool {
        if case .subscribed = self { return true }
        return false
    }
}

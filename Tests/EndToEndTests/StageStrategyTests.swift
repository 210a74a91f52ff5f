import Foundation
import Testing

/// PHASE_STRATEGY=STAGE: each broker waits at its decision point until `plan continue`; interrupt and
/// continue.
@Suite struct StageStrategyTests {
    @Test func eachBrokerWaitsForContinueAndAnInterruptHoldsThePlan() async throws {
        try await EndToEndCluster.with("stage") { cluster in
            let scheduler = try await cluster.startScheduler(["PHASE_STRATEGY": "STAGE"])
            let api = scheduler.api
            let diagnostics = { cluster.diagnostics }

            // broker-0 waits at its decision point; nothing is launched meanwhile.
            var plan = try await api.awaitBlock("broker-0", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            #expect(plan.httpStatus == 503 && plan.status == "Waiting", "\(plan.summary)")
            #expect(plan.block("broker-0")?.message == "Broker-0 is Waiting: decision point, waiting for continue")
            try await Self.noTasks(of: [0, 1, 2], in: cluster, for: .seconds(1))

            let released = try await api.planCommand("continue")
            #expect(released.outcome == "decisionPointReleased" && released.block?.name == "broker-0")
            try await api.awaitBlock("broker-0", "Complete", diagnostics: diagnostics)
            plan = try await api.awaitBlock("broker-1", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            #expect(plan.block("broker-2")?.status == "Pending" || plan.block("broker-2")?.status == "Waiting")
            try await Self.noTasks(of: [1, 2], in: cluster, for: .seconds(1))

            // An interrupt: a second one conflicts; continue lifts it, and broker-1 still waits for its own.
            let interrupted = try await api.planCommand("interrupt")
            #expect(interrupted.outcome == "interrupted" && interrupted.block == nil)
            let again = try await api.post("/v1/plan/interrupt")
            #expect(again.status == 409, "\(again)")
            plan = try await api.plan()
            #expect(
                plan.block("broker-1")?.message == "Broker-1 is Waiting: the plan is interrupted, waiting for continue",
                "\(plan.summary)")
            let resumed = try await api.planCommand("continue")
            #expect(resumed.outcome == "resumed" && resumed.block == nil)
            try await api.awaitBlock("broker-1", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            try await Self.noTasks(of: [1, 2], in: cluster, for: .seconds(1))

            let second = try await api.planCommand("continue")
            #expect(second.outcome == "decisionPointReleased" && second.block?.name == "broker-1")
            try await api.awaitBlock("broker-1", "Complete", diagnostics: diagnostics)
            try await api.awaitBlock("broker-2", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            try await Self.noTasks(of: [2], in: cluster, for: .seconds(1))

            let third = try await api.planCommand("continue")
            #expect(third.outcome == "decisionPointReleased" && third.block?.name == "broker-2")
            plan = try await api.awaitPlanComplete(diagnostics: diagnostics)
            #expect(plan.errors.isEmpty)
            let nothing = try await api.post("/v1/plan/continue")
            #expect(nothing.status == 409, "\(nothing)")
            #expect(await cluster.liveTasks().count == 3)
        }
    }

    /// Fails if a task of one of `brokers` appears in mesos-local within `duration`.
    static func noTasks(of brokers: [Int], in cluster: EndToEndCluster, for duration: Duration) async throws {
        try await holds("no task for brokers \(brokers)", for: duration) {
            let launched = await cluster.allTasks().map(\.id).filter { id in
                brokers.contains { id.hasPrefix("broker-\($0)__") }
            }
            return launched.isEmpty ? nil : "launched \(launched)"
        }
    }
}

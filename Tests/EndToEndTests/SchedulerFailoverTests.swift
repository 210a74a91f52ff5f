import Foundation
import MesosLocal
import Testing

/// kill -9 of the scheduler in the middle of a rollout, then a restart: the plan resumes where it was, under
/// the same framework id, without duplicate tasks.
@Suite struct SchedulerFailoverTests {
    @Test func aKilledSchedulerResumesTheRolloutWithTheSameFramework() async throws {
        try await EndToEndCluster.with("failover") { cluster in
            let diagnostics = { cluster.diagnostics }
            let (first, _) = try await cluster.deploy()
            let frameworkID = try #require(await cluster.framework()?.id)
            let oldTarget = try await first.api.targetID()
            let before = try await first.api.brokers(count: 3)

            // The change rolls with STAGE: broker-0 is let through, then the scheduler is killed while
            // broker-1's relaunch is under way.
            let second = try await cluster.restart(first, changes: ["BROKER_MEM": "288", "PHASE_STRATEGY": "STAGE"])
            let newTarget = try await eventually("a new target configuration", diagnostics: diagnostics) {
                let id = try await second.api.targetID()
                return id != oldTarget ? id : nil
            }
            try await second.api.awaitBlock("broker-0", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            _ = try await second.api.planCommand("continue")
            try await second.api.awaitBlock("broker-0", "Complete", diagnostics: diagnostics)
            let broker0 = try await second.api.broker(0)
            #expect(broker0.configurationId == newTarget, "\(broker0)")
            try await second.api.awaitBlock("broker-1", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            _ = try await second.api.planCommand("continue")
            // Killed as soon as broker-1's old task is being stopped or is gone.
            try await eventually(
                "broker-1's old task to be stopped", timeout: .seconds(30), interval: .milliseconds(20),
                diagnostics: diagnostics
            ) {
                let task = await cluster.allTasks().first { $0.id == before[1].taskId }
                return task.map { $0.state != "TASK_RUNNING" } == true ? true : nil
            }
            #expect(await second.kill() == .signaled(SIGKILL))

            // The restarted scheduler (same environment) finishes broker-1 without another continue, leaves
            // broker-0 alone and stops at broker-2's decision point.
            let third = try await cluster.startScheduler(base: second.environment)
            let api = third.api
            try await third.awaitHealthy()
            try await api.awaitBlock("broker-1", "Complete", timeout: .seconds(90), diagnostics: diagnostics)
            let plan = try await api.awaitBlock("broker-2", "Waiting", hasDecisionPoint: true, diagnostics: diagnostics)
            #expect(plan.updatePhase?.name == "Update to: \(newTarget)")
            #expect(plan.block("broker-0")?.status == "Complete", "\(plan.summary)")
            #expect(try await api.broker(0).taskId == broker0.taskId, "broker-0 was relaunched again")
            _ = try await api.planCommand("continue")
            _ = try await api.awaitPlanComplete(diagnostics: diagnostics)

            let after = try await api.brokers(count: 3)
            #expect(after.allSatisfy { $0.configurationId == newTarget && $0.state == "TASK_RUNNING" }, "\(after)")
            let framework = try #require(await cluster.framework())
            #expect(framework.id == frameworkID)
            #expect(framework.connected && framework.active)
            let sameName = await cluster.mesos.state().frameworks.filter { $0.name == cluster.frameworkName }
            #expect(sameName.count == 1, "\(sameName.map(\.id))")
            let history = MesosTaskHistory(framework.tasks + framework.completedTasks)
            #expect(history.brokersWithSeveralLiveTasks.isEmpty, "\(history.brokersWithSeveralLiveTasks)")
            let live = framework.tasks.filter { !MasterState.isTerminalState($0.state) }
            #expect(
                Set(live.map(\.id)) == Set(after.compactMap(\.taskId)), "\(framework.tasks.map { ($0.id, $0.state) })")
            // Each broker went from its first task to one on the new configuration: two tasks, or three for
            // broker-1 if its launch was retried — never more than one at a time (checked above).
            #expect(
                history.tasks(ofBroker: 0).count == 2 && history.tasks(ofBroker: 2).count == 2,
                "\(history.tasks.map(\.id))")
        }
    }
}

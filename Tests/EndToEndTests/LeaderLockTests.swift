import Foundation
import Testing

/// Two scheduler instances on the same ZooKeeper: only the lock holder subscribes; when it dies the other
/// takes over.
@Suite struct LeaderLockTests {
    @Test func onlyOneInstanceSubscribesAndTheStandbyTakesOver() async throws {
        try await EndToEndCluster.with("leader") { cluster in
            let diagnostics = { cluster.diagnostics }
            let (leader, _) = try await cluster.deploy()
            let frameworkID = try #require(await cluster.framework()?.id)
            let tasks = try await leader.api.brokers(count: 3).map(\.taskId)

            let standby = try await cluster.startScheduler(base: leader.environment)
            let health = try await eventually(
                "the standby's /health to say it does not hold the lock",
                diagnostics: diagnostics
            ) {
                try standby.failIfExited()
                let answer = try await standby.api.get("/health")
                guard answer.status == 503, answer.text.contains("leader lock") else {
                    throw Poll.Observation("\(answer)")
                }
                return answer
            }
            #expect(health.text.contains("unhealthy"), "\(health)")
            // The standby does not subscribe, and does not act: one framework, connected, the same tasks.
            try await holds("one subscription, the leader's", for: .seconds(2)) {
                let frameworks = await cluster.mesos.state().frameworks.filter { $0.name == cluster.frameworkName }
                guard frameworks.count == 1, frameworks[0].id == frameworkID, frameworks[0].connected else {
                    return "frameworks \(frameworks.map { ($0.id, $0.connected) })"
                }
                let standbyHealth = try await standby.api.get("/health")
                return standbyHealth.status == 503 ? nil : "the standby answers \(standbyHealth)"
            }
            #expect(try await leader.api.get("/health").status == 200)
            // Its answers name the instance that holds the lock, so that a client knows where to go.
            let leaderAddress = "127.0.0.1:\(leader.api.port)"
            let standbyCommand = try await eventually(
                "the standby's 503 to name the leader \(leaderAddress)", diagnostics: diagnostics
            ) {
                let answer = try await standby.api.put("/v1/brokers/0")
                guard answer.status == 503, answer.text.contains(leaderAddress) else {
                    throw Poll.Observation("\(answer)")
                }
                return answer
            }
            #expect(standbyCommand.text.contains("not the leader"), "\(standbyCommand)")
            #expect(try await standby.api.get("/health").text.contains(leaderAddress))

            // The leader dies without releasing its lock: the standby takes over once the session expires.
            _ = await leader.kill()
            try await standby.awaitHealthy(timeout: .seconds(90))
            let plan = try await standby.api.awaitPlanComplete(diagnostics: diagnostics)
            #expect(plan.errors.isEmpty)
            let framework = try #require(await cluster.framework())
            #expect(framework.id == frameworkID && framework.connected)
            #expect(try await standby.api.brokers(count: 3).map(\.taskId) == tasks)
            let history = MesosTaskHistory(framework.tasks + framework.completedTasks)
            #expect(history.tasks.count == 3, "\(history.tasks.map(\.id))")
        }
    }
}

import CurlHTTP
import Foundation
import Mesos
import Testing

/// A broker whose agent becomes unreachable is replaced after REPLACE_DELAY_SECONDS with
/// ENABLE_AUTO_REPLACE=true, and left alone without it.
@Suite struct AutoReplaceTests {
    @Test func withAutoReplaceABrokerOnAnUnreachableAgentIsReplacedAfterTheDelay() async throws {
        try await EndToEndCluster.with("autoreplace", agents: 4) { cluster in
            let diagnostics = { cluster.diagnostics }
            let (scheduler, _) = try await cluster.deploy(["ENABLE_AUTO_REPLACE": "true", "REPLACE_DELAY_SECONDS": "2"])
            let api = scheduler.api
            let before = try await api.broker(1)
            let task = try #require(before.taskId)
            let agent = try #require(before.agentId)
            let volume = try #require(cluster.volumePath(broker: 1))

            try await Self.partition(agent: agent, broker: 1, in: cluster)
            let replaced = try await BrokerCommandTests.awaitNewTask(
                of: 1, replacing: task, api: api, diagnostics: diagnostics)
            #expect(replaced.agentId != agent, "\(replaced)")
            // Launched no earlier than REPLACE_DELAY_SECONDS after the master reported the task unreachable.
            let history = MesosTaskHistory(await cluster.allTasks())
            let unreachableAt = try #require(
                history.task(task)?.statuses.first { $0.state == .unreachable }?.timestamp,
                "\(history.task(task)?.statuses.map(\.state) ?? [])")
            let launchedAt = try #require(history.task(replaced.taskId ?? "").flatMap(MesosTaskHistory.firstTimestamp))
            #expect(launchedAt - unreachableAt >= 2, "replaced \(launchedAt - unreachableAt) s after TASK_UNREACHABLE")
            #expect(replaced.configurationId == before.configurationId)
            // The old volume stays on the unreachable agent; the replacement starts on a fresh one.
            let volumes = cluster.volumePaths(broker: 1)
            let fresh = try #require(volumes.first { $0 != volume }, "\(volumes)")
            #expect(volumes.count == 2, "\(volumes)")
            let log = try await cluster.awaitStarts(broker: 1, count: 1, volume: fresh)
            #expect(log.count == 1, "\(log)")
            let brokers = try await api.brokers(count: 3)
            #expect(Set(brokers.compactMap(\.agentId)).count == 3, "\(brokers)")
            #expect(!brokers.contains { $0.agentId == agent }, "\(brokers)")
            _ = try await api.awaitPlanComplete(diagnostics: diagnostics)
        }
    }

    @Test func withoutAutoReplaceABrokerOnAnUnreachableAgentIsLeftAlone() async throws {
        try await EndToEndCluster.with("noreplace", agents: 4) { cluster in
            let diagnostics = { cluster.diagnostics }
            let (scheduler, _) = try await cluster.deploy(["REPLACE_DELAY_SECONDS": "1"])
            let api = scheduler.api
            let before = try await api.broker(1)
            let task = try #require(before.taskId)
            let agent = try #require(before.agentId)

            try await Self.partition(agent: agent, broker: 1, in: cluster)
            try await eventually("broker-1 to be TASK_UNREACHABLE", diagnostics: diagnostics) {
                let broker = try await api.broker(1)
                return broker.taskId == task && broker.state == "TASK_UNREACHABLE" ? true : nil
            }
            try await holds("broker-1 to stay on its unreachable agent", for: .seconds(4), diagnostics: diagnostics) {
                let broker = try await api.broker(1)
                guard broker.taskId == task, broker.agentId == agent else { return "\(broker)" }
                let tasks = await cluster.allTasks().filter { $0.id.hasPrefix("broker-1__") }.map(\.id)
                return tasks == [task] ? nil : "broker-1's tasks: \(tasks)"
            }
            let broker = try await api.broker(1)
            #expect(broker.registered == false, "\(broker)")
            #expect(broker.statusMessage?.contains("unreachable") == true, "\(broker.statusMessage ?? "")")
        }
    }

    /// Makes `agent` unreachable through mesos-local's control endpoint. mesos-local keeps the agent's processes
    /// running, where a real partition would also cut the broker off from ZooKeeper: the broker's process is
    /// killed too, so that its registration goes when its session expires.
    static func partition(agent: String, broker id: Int, in cluster: EndToEndCluster) async throws {
        let log = cluster.placeholderLog(broker: id) ?? []
        let pid = try #require(
            log.last { $0.contains(" started ") }?.split(separator: " ").first { $0.hasPrefix("pid=") }
                .flatMap { Int32($0.dropFirst(4)) },
            "no pid in broker-\(id)'s placeholder.log: \(log)")
        let removed = try await HTTPClient.shared.execute(
            HTTPClient.Request(
                method: .post, url: cluster.mesos.url + "/local/agents/\(agent)/remove", timeout: .seconds(10)))
        #expect(removed.status == 200, "\(removed.text)")
        kill(pid, SIGKILL)
    }
}

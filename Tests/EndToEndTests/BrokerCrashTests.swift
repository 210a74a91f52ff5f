import CurlHTTP
import Foundation
import Testing

/// A broker process that dies is relaunched in place.
@Suite struct BrokerCrashTests {
    @Test func aCrashedBrokerIsRelaunchedOnItsReservationAndVolume() async throws {
        try await EndToEndCluster.with("crash") { cluster in
            let diagnostics = { cluster.diagnostics }
            let (scheduler, _) = try await cluster.deploy()
            let api = scheduler.api
            let before = try await api.broker(1)
            let task = try #require(before.taskId)
            let volume = try #require(cluster.volumePath(broker: 1))
            let logBefore = cluster.placeholderLog(broker: 1) ?? []

            // mesos-local's control endpoint kills the task's process with SIGKILL.
            let crash = try await HTTPClient.shared.execute(
                HTTPClient.Request(
                    method: .post, url: cluster.mesos.url + "/local/tasks/\(task)/crash", timeout: .seconds(10)))
            #expect(crash.status == 200, "\(crash.text)")

            // The relaunched process may first find the killed one's registration (its session lives on for a
            // few seconds), fail and be relaunched again; its "started" line comes once it registered.
            let log = try await cluster.awaitStarts(
                broker: 1, count: logBefore.filter { $0.contains(" started ") }.count + 1)
            let after = try await BrokerCommandTests.awaitNewTask(
                of: 1, replacing: task, api: api, diagnostics: diagnostics)
            #expect(after.agentId == before.agentId && after.port == before.port, "\(before) → \(after)")
            #expect(after.configurationId == before.configurationId)
            #expect(cluster.volumePaths(broker: 1) == [volume])
            #expect(log.count > logBefore.count && Array(log.prefix(logBefore.count)) == logBefore, "\(log)")
            let history = MesosTaskHistory(await cluster.allTasks())
            let crashed = try #require(history.task(task))
            #expect(crashed.state == "TASK_FAILED", "\(crashed.state)")
            let relaunched = try #require(history.task(after.taskId ?? ""))
            #expect(MesosTaskHistory.volumes(relaunched) == MesosTaskHistory.volumes(crashed))
            #expect(history.brokersWithSeveralLiveTasks.isEmpty, "\(history.brokersWithSeveralLiveTasks)")
            // The other brokers were not touched.
            for id in [0, 2] {
                #expect(history.tasks(ofBroker: id).count == 1, "\(history.tasks(ofBroker: id).map(\.id))")
            }
            _ = try await api.awaitPlanComplete(diagnostics: diagnostics)
        }
    }
}

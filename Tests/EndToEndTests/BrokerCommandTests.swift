import Foundation
import Testing

/// `PUT /v1/brokers/<id>` (restart in place) and `PUT /v1/brokers/<id>?replace=true` (fresh resources).
@Suite struct BrokerCommandTests {
    @Test func restartRelaunchesInPlaceAndReplaceOnAFreshVolume() async throws {
        try await EndToEndCluster.with("commands", agents: 4) { cluster in
            let diagnostics = { cluster.diagnostics }
            let (scheduler, _) = try await cluster.deploy()
            let api = scheduler.api
            let original = try await api.broker(1)
            let originalTask = try #require(original.taskId)
            let originalVolume = try #require(cluster.volumePath(broker: 1))
            let originalLog = cluster.placeholderLog(broker: 1) ?? []

            // Restart: the answer names the task acted on; a new task runs on the same reservation and volume.
            let restart = try await api.put("/v1/brokers/1")
            #expect(restart.status == 200, "\(restart)")
            let restartIDs = try restart.decode([String].self)
            #expect(restartIDs == [originalTask], "\(restart)")
            let restarted = try await Self.awaitNewTask(
                of: 1, replacing: originalTask, api: api, diagnostics: diagnostics)
            #expect(restarted.agentId == original.agentId && restarted.port == original.port, "\(restarted)")
            #expect(cluster.volumePaths(broker: 1) == [originalVolume])
            let restartedLog = try await cluster.awaitStarts(
                broker: 1, count: originalLog.filter { $0.contains(" started ") }.count + 1)
            #expect(
                restartedLog.count > originalLog.count && Array(restartedLog.prefix(originalLog.count)) == originalLog,
                "\(restartedLog)")
            let history = MesosTaskHistory(await cluster.allTasks())
            #expect(history.task(originalTask)?.state == "TASK_KILLED")

            // Replace: a new task on fresh resources and a new, empty volume; the old volume is destroyed.
            let restartedTask = try #require(restarted.taskId)
            let replace = try await api.put("/v1/brokers/1?replace=true")
            #expect(replace.status == 200, "\(replace)")
            let replaceIDs = try replace.decode([String].self)
            #expect(replaceIDs == [restartedTask], "\(replace)")
            let replaced = try await Self.awaitNewTask(
                of: 1, replacing: restartedTask, api: api, diagnostics: diagnostics)
            let tasks = MesosTaskHistory(await cluster.allTasks())
            let oldTask = try #require(tasks.task(restartedTask))
            let newTask = try #require(tasks.task(replaced.taskId ?? ""))
            #expect(!MesosTaskHistory.volumes(newTask).isEmpty)
            #expect(MesosTaskHistory.volumes(newTask).isDisjoint(with: MesosTaskHistory.volumes(oldTask)))
            let volume = try await eventually("the old volume of broker-1 to be destroyed", diagnostics: diagnostics) {
                let paths = cluster.volumePaths(broker: 1)
                guard paths.count == 1 else { throw Poll.Observation("volumes \(paths)") }
                return paths[0]
            }
            #expect(volume != originalVolume)
            let freshLog = try await cluster.awaitStarts(broker: 1, count: 1)
            #expect(freshLog.count == 1 && freshLog[0].contains(" started "), "\(freshLog)")
            // NODE placement still holds: one broker per agent.
            let brokers = try await api.brokers(count: 3)
            #expect(Set(brokers.compactMap(\.agentId)).count == 3, "\(brokers)")
            _ = try await api.awaitPlanComplete(diagnostics: diagnostics)

            let unknown = try await api.put("/v1/brokers/7")
            #expect(unknown.status == 404, "\(unknown)")
        }
    }

    /// Waits until broker `id` runs a task other than `old`, registered with Kafka.
    static func awaitNewTask(
        of id: Int, replacing old: String, api: SchedulerAPIClient, diagnostics: () -> String
    ) async throws -> BrokerDocument {
        try await eventually("broker-\(id) to run a new task", timeout: .seconds(60), diagnostics: diagnostics) {
            let broker = try await api.broker(id)
            guard broker.taskId != old, broker.state == "TASK_RUNNING", broker.registered == true else {
                throw Poll.Observation("\(broker)")
            }
            return broker
        }
    }
}

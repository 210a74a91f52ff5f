import Foundation
import MesosLocal
import Testing

/// A configuration change, as Marathon makes it: the scheduler restarted with a new environment.
@Suite struct ConfigurationChangeTests {
    @Test func aNewMemorySizeRollsTheBrokersOneAtATimeOnTheirOwnVolumes() async throws {
        try await EndToEndCluster.with("roll") { cluster in
            let (first, _) = try await cluster.deploy()
            let oldTarget = try await first.api.targetID()
            let before = try await first.api.brokers(count: 3)
            let volumesBefore = (0..<3).map { cluster.volumePath(broker: $0) }
            let logsBefore = (0..<3).map { cluster.placeholderLog(broker: $0) ?? [] }
            #expect(volumesBefore.allSatisfy { $0 != nil }, "\((0..<3).map { cluster.volumePaths(broker: $0) })")
            let frameworkID = await cluster.framework()?.id

            let scheduler = try await cluster.restart(
                first, changes: ["BROKER_MEM": "288", "KAFKA_OVERRIDE_NUM_IO_THREADS": "4"])
            let api = scheduler.api
            let newTarget = try await eventually("a new target configuration", diagnostics: { cluster.diagnostics }) {
                let id = try await api.targetID()
                return id != oldTarget ? id : nil
            }
            let plan = try await eventually(
                "the update to \(newTarget) to complete", timeout: .seconds(120),
                diagnostics: { cluster.diagnostics }
            ) {
                let plan = try await api.plan()
                guard plan.httpStatus == 200, plan.status == "Complete",
                    plan.updatePhase?.name == "Update to: \(newTarget)"
                else { throw Poll.Observation(plan.summary) }
                return plan
            }
            #expect(plan.errors.isEmpty)

            let target = try await api.get("/v1/configurations/target")
            let configuration = try target.decode(StoredConfiguration.self)
            #expect(configuration.brokerConfiguration.mem == 288, "\(target)")
            #expect(configuration.kafkaConfiguration.overrides == ["num.io.threads": "4"], "\(target)")

            let after = try await api.brokers(count: 3)
            let history = MesosTaskHistory(await cluster.allTasks())
            for (old, new) in zip(before, after) {
                let id = old.id
                #expect(new.configurationId == newTarget, "\(new)")
                #expect(new.state == "TASK_RUNNING" && new.registered == true, "\(new)")
                #expect(new.taskId != old.taskId, "broker-\(id) was not relaunched: \(new)")
                // In place: the same agent, port, reservation and volume, with the volume's data intact.
                #expect(new.agentId == old.agentId && new.port == old.port, "\(old) → \(new)")
                #expect(cluster.volumePath(broker: id) == volumesBefore[id], "\(cluster.volumePaths(broker: id))")
                let log = try await cluster.awaitStarts(
                    broker: id, count: logsBefore[id].filter { $0.contains(" started ") }.count + 1)
                #expect(Array(log.prefix(logsBefore[id].count)) == logsBefore[id], "broker-\(id): \(log)")
                #expect(
                    log.last?.contains(" started ") == true && log.last?.contains("config_id=\(newTarget)") == true,
                    "broker-\(id): \(log)")
                let oldTask = try #require(history.task(old.taskId ?? ""))
                let newTask = try #require(history.task(new.taskId ?? ""))
                #expect(MesosTaskHistory.volumes(newTask) == MesosTaskHistory.volumes(oldTask))
                #expect(MesosTaskHistory.volumes(newTask).count == 1)
                #expect(newTask.slaveID == oldTask.slaveID)
                #expect(MesosTaskHistory.memory(newTask) == 288 && MesosTaskHistory.memory(oldTask) == 256)
                #expect(oldTask.state == "TASK_KILLED", "\(oldTask.id): \(oldTask.state)")
            }
            // One at a time, in broker order: a broker's old task is killed only once the previous broker runs
            // the new configuration.
            for id in 1..<3 {
                let previous = try #require(history.task(after[id - 1].taskId ?? ""))
                let killed = try #require(history.task(before[id].taskId ?? ""))
                let previousRunning = try #require(MesosTaskHistory.runningTime(previous))
                let killedAt = try #require(MesosTaskHistory.endTime(killed))
                #expect(killedAt >= previousRunning, "broker-\(id) was stopped before broker-\(id - 1) ran again")
            }
            #expect(history.brokersWithSeveralLiveTasks.isEmpty, "\(history.brokersWithSeveralLiveTasks)")
            #expect(await cluster.framework()?.id == frameworkID)
        }
    }

    @Test func fewerBrokersAreRefusedAndKeepTheOldTarget() async throws {
        try await EndToEndCluster.with("invalid") { cluster in
            let (first, _) = try await cluster.deploy()
            let target = try await first.api.targetID()
            let before = try await first.api.brokers(count: 3)

            let scheduler = try await cluster.restart(first, changes: ["BROKER_COUNT": "2"])
            let api = scheduler.api
            let plan = try await eventually("the plan to show the refused change", diagnostics: { cluster.diagnostics })
            {
                let plan = try await api.plan()
                guard plan.status == "Error" else { throw Poll.Observation(plan.summary) }
                return plan
            }
            #expect(plan.httpStatus == 503, "\(plan.summary)")
            #expect(!plan.errors.isEmpty)
            #expect(
                plan.errors.contains { $0.contains("BROKER_COUNT cannot decrease (from 3 to 2)") },
                "\(plan.errors)")
            #expect(try await api.targetID() == target)
            #expect(plan.updatePhase?.name == "Update to: \(target)", "\(plan.summary)")
            let list = try await api.get("/v1/configurations")
            #expect(try list.decode([String].self) == [target], "\(list)")
            // The brokers are left alone.
            let after = try await api.brokers(count: 3)
            #expect(after.map(\.taskId) == before.map(\.taskId), "\(after)")
            #expect(after.allSatisfy { $0.state == "TASK_RUNNING" && $0.configurationId == target }, "\(after)")
        }
    }
}

/// The parts of `GET /v1/configurations/<id>` the tests read.
struct StoredConfiguration: Decodable {
    struct Broker: Decodable {
        let mem: Int
        let cpus: Double
    }

    struct Kafka: Decodable {
        let overrides: [String: String]
    }

    struct Service: Decodable {
        let count: Int
        let phaseStrategy: String
    }

    let brokerConfiguration: Broker
    let kafkaConfiguration: Kafka
    let serviceConfiguration: Service
}

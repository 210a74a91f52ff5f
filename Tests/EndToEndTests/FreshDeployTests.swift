import Foundation
import Testing

/// A fresh deploy of three brokers, and what the REST API then answers.
@Suite struct FreshDeployTests {
    @Test func threeBrokersDeployOnePerAgentAndTheAPIDescribesThem() async throws {
        try await EndToEndCluster.with("deploy") { cluster in
            let (scheduler, plan) = try await cluster.deploy()
            let api = scheduler.api

            let target = try await api.targetID()
            #expect(plan.status == "Complete" && plan.errors.isEmpty, "\(plan.summary)")
            #expect(plan.phases.map(\.name) == ["Reconciliation", "Update to: \(target)"], "\(plan.summary)")
            #expect(plan.updatePhase?.blocks.map(\.name) == ["broker-0", "broker-1", "broker-2"])
            #expect(plan.updatePhase?.blocks.allSatisfy { $0.status == "Complete" } == true, "\(plan.summary)")

            let list = try await api.get("/v1/brokers")
            #expect(list.status == 200)
            #expect(try list.decode([String: [String]].self) == ["brokers": ["0", "1", "2"]], "\(list)")

            let brokers = try await api.brokers(count: 3)
            for broker in brokers {
                #expect(broker.state == "TASK_RUNNING", "\(broker)")
                #expect(broker.configurationId == target, "\(broker)")
                #expect(broker.registered == true, "\(broker)")
                #expect(broker.taskId?.hasPrefix("broker-\(broker.id)__") == true, "\(broker)")
                #expect(broker.hostname == "127.0.0.1", "\(broker)")
            }
            // NODE placement: one broker per agent.
            #expect(Set(brokers.compactMap(\.agentId)).count == 3, "\(brokers)")

            let health = try await api.get("/health")
            #expect(health.status == 200, "\(health)")
            #expect(try health.decode([String: String].self)["status"] == "healthy", "\(health)")

            let root = try await api.get("/")
            #expect(root.status == 200, "\(root)")
            let version = try root.decode([String: String].self)["version"]
            #expect(version?.isEmpty == false, "\(root)")

            let connection = try await api.get("/v1/connection")
            #expect(connection.status == 200, "\(connection)")
            let connectionDocument = try connection.decode(ConnectionDocument.self)
            let addresses = connectionDocument.address
            #expect(
                connectionDocument.zookeeper
                    == "\(cluster.zooKeeper.connectString)/dcos-service-\(cluster.frameworkName)",
                "\(connection)")
            #expect(connectionDocument.dns.count == 3, "\(connection)")
            #expect(addresses.count == 3, "\(connection)")
            #expect(
                Set(addresses) == Set(brokers.compactMap { broker in broker.port.map { "127.0.0.1:\($0)" } }),
                "\(connection) vs \(brokers)")

            // mesos-local runs exactly these three tasks, on three agents, and each broker wrote to its volume.
            let tasks = await cluster.liveTasks()
            #expect(Set(tasks.map(\.id)) == Set(brokers.compactMap(\.taskId)), "\(tasks.map(\.id))")
            #expect(tasks.allSatisfy { $0.state == "TASK_RUNNING" }, "\(tasks.map { ($0.id, $0.state) })")
            #expect(Set(tasks.map(\.slaveID)).count == 3)
            for broker in brokers {
                let log = cluster.placeholderLog(broker: broker.id) ?? []
                #expect(
                    log.contains {
                        $0.contains(" started broker.id=\(broker.id) ") && $0.contains("config_id=\(target)")
                    },
                    "broker-\(broker.id)'s placeholder.log: \(log)")
            }
        }
    }
}

/// `GET /v1/connection`.
struct ConnectionDocument: Decodable {
    let address: [String]
    let dns: [String]
    let zookeeper: String
}

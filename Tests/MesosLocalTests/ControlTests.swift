import CurlHTTP
import Foundation
import Mesos
import TestSupport
import Testing
import ZooKeeper

@testable import MesosLocal

/// Fault injection under /local/ and observation through /master/state and ZooKeeper.
@Suite struct ControlTests {
    static func control(_ cluster: MesosLocalCluster, _ path: String) async throws -> HTTPClient.Response {
        try await TestScheduler.http.execute(
            HTTPClient.Request(method: .post, url: cluster.url + "/local/" + path, timeout: .seconds(10)))
    }

    @Test func removingAnAgentReportsItsTasksRescindsItsOffersAndRestoringBringsThemBack() async throws {
        try await withCluster(agents: 2) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let agentID = try await MasterReconciliationTests.launch(["t"], on: scheduler)
            // Make sure the agent has an outstanding offer to rescind.
            _ = try await scheduler.next(.offers, timeout: .seconds(6)) {
                $0.offers!.offers.contains { $0.agentID == agentID }
            }
            let removed = try await Self.control(cluster, "agents/\(agentID)/remove")
            #expect(removed.status == 200)
            let unreachable = try await scheduler.update("t", .unreachable)
            #expect(unreachable.reason == .agentRemoved)
            #expect(unreachable.source == .master)
            #expect(unreachable.unreachableTime != nil)
            #expect(unreachable.uuid == nil)
            _ = try await scheduler.next(.rescind)
            let failure = try await scheduler.next(.failure)
            #expect(failure.failure?.agentID == agentID)
            #expect(await cluster.state().slaves.first { $0.id == agentID.value }?.state == "unreachable")

            let restored = try await Self.control(cluster, "agents/\(agentID)/restore")
            #expect(restored.status == 200)
            try await scheduler.send(.reconcile(frameworkID: scheduler.frameworkID, tasks: [.init(taskID: "t")]))
            _ = try await scheduler.reconciled("t", .running)
            let again = try await Self.control(cluster, "agents/\(agentID)/restore")
            #expect(again.status == 409)
            // RESCIND, FAILURE and UPDATE with unreachable_time parse strictly too.
            try await ProtoEventTests.check(await scheduler.log.records)
            let missing = try await Self.control(cluster, "agents/nope/remove")
            #expect(missing.status == 404)
        }
    }

    @Test func nonPartitionAwareFrameworksLoseTasksOfARemovedAgent() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(capabilities: [.multiRole]))
            defer { scheduler.close() }
            let agentID = try await MasterReconciliationTests.launch(["t"], on: scheduler)
            try await cluster.removeAgent(agentID)
            let lost = try await scheduler.update("t", .lost)
            #expect(lost.reason == .agentRemoved)
            // Back again, the agent kills what the master forgot.
            try await cluster.restoreAgent(agentID)
            try await TestScheduler.wait("the forgotten task to be killed") {
                await agents[agentID].runningTasks().isEmpty ? true : nil
            }
        }
    }

    @Test func restartAndCrashFailTasks() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let agentID = try await MasterReconciliationTests.launch(["a", "b"], on: scheduler)
            let crashed = try await Self.control(cluster, "tasks/a/crash")
            #expect(crashed.status == 200)
            #expect(try await scheduler.update("a", .failed).message == "Command terminated with signal 9")
            #expect(try await Self.control(cluster, "tasks/a/crash").status == 404)
            #expect(try await Self.control(cluster, "agents/\(agentID)/restart").status == 200)
            #expect(try await scheduler.update("b", .failed).reason == .agentRestarted)
        }
    }

    @Test func droppingAStreamDeactivatesTheFramework() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let response = try await Self.control(cluster, "frameworks/\(scheduler.frameworkID)/disconnect")
            #expect(response.status == 200)
            try await scheduler.waitForEnd()
            #expect(await cluster.state().frameworks.first?.active == false)
            #expect(try await Self.control(cluster, "frameworks/\(scheduler.frameworkID)/disconnect").status == 404)
        }
    }

    @Test func masterFailoverWithholdsOffersAndReconciliationUntilAgentsReregister() async throws {
        try await withCluster(agents: 1, configure: { $0.agentReregistrationDelay = .seconds(3) }) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            let frameworkID = scheduler.frameworkID
            let oldMaster = await cluster.masterID()
            let agentID = try await MasterReconciliationTests.launch(["t"], on: scheduler)
            let response = try await Self.control(cluster, "master/failover")
            #expect(response.status == 200)
            try await scheduler.waitForEnd()
            scheduler.close()
            let newMaster = await cluster.masterID()
            #expect(newMaster != oldMaster)
            #expect(response.text.contains(newMaster))

            let back = try await TestScheduler.subscribe(cluster.url, TestScheduler.frameworkInfo(id: frameworkID))
            defer { back.close() }
            #expect(back.subscribed.subscribed?.masterInfo?.id == newMaster)
            #expect(back.frameworkID == frameworkID)
            try await back.send(.reconcile(frameworkID: frameworkID, tasks: [.init(taskID: "t", agentID: agentID)]))
            #expect(
                try await back.expectNone(.update, within: .milliseconds(300)) {
                    $0.update?.status.taskID == "t" && $0.update?.status.reason == .reconciliation
                })
            #expect(try await back.expectNone(.offers, within: .milliseconds(200)))
            // The checks above ran while the agent had not re-registered.
            #expect(await cluster.state().slaves[0].state == "recovering")
            // Once the agent re-registered: offers, and the task is known again.
            _ = try await back.next(.offers, timeout: .seconds(6))
            try await back.send(.reconcile(frameworkID: frameworkID, tasks: [.init(taskID: "t", agentID: agentID)]))
            _ = try await back.reconciled("t", .running)
        }
    }

    @Test func aRecoveringMasterAnswers503() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            await cluster.failoverMaster(recoveryTime: .seconds(1))
            let response = try await WireTests.post(cluster.url, body: WireTests.declineWithoutFramework)
            #expect(response.status == 503)
            try await TestScheduler.wait("the recovery to end") {
                try await WireTests.post(cluster.url, body: WireTests.declineWithoutFramework).status == 400
                    ? true : nil
            }
        }
    }

    @Test func heartbeatsCanBePausedAndDelayed() async throws {
        try await withCluster(agents: 0, configure: { $0.heartbeatInterval = .milliseconds(100) }) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            _ = try await scheduler.next(.heartbeat)
            #expect(try await Self.control(cluster, "heartbeats/pause").status == 200)
            try await Task.sleep(for: .milliseconds(150))
            while await scheduler.log.take(where: { $0.type == .heartbeat }) != nil {}
            #expect(try await scheduler.expectNone(.heartbeat, within: .milliseconds(400)))
            #expect(try await Self.control(cluster, "heartbeats/resume").status == 200)
            _ = try await scheduler.next(.heartbeat, timeout: .seconds(1))
            #expect(try await Self.control(cluster, "heartbeats/delay?seconds=2").status == 200)
            try await Task.sleep(for: .milliseconds(120))
            while await scheduler.log.take(where: { $0.type == .heartbeat }) != nil {}
            #expect(try await scheduler.expectNone(.heartbeat, within: .milliseconds(500)))
            _ = try await scheduler.next(.heartbeat, timeout: .seconds(4))
            #expect(try await Self.control(cluster, "heartbeats/delay").status == 400)
        }
    }

    @Test func stateHasMesosShape() async throws {
        try await withCluster(agents: 2) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            _ = try await MasterReconciliationTests.launch(["t"], on: scheduler)
            let response = try await TestScheduler.http.execute(
                HTTPClient.Request(url: cluster.url + "/master/state", timeout: .seconds(5)))
            #expect(response.status == 200)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            let frameworks = try #require(root["frameworks"] as? [[String: Any]])
            #expect(frameworks.first?["id"] as? String == scheduler.frameworkID.value)
            #expect(frameworks.first?["name"] as? String == "test-framework")
            #expect(frameworks.first?["active"] as? Bool == true)
            let task = try #require((frameworks.first?["tasks"] as? [[String: Any]])?.first)
            #expect(task["id"] as? String == "t")
            #expect(task["name"] as? String == "t")
            #expect(task["state"] as? String == "TASK_RUNNING")
            #expect(task["framework_id"] as? String == scheduler.frameworkID.value)
            #expect(cluster.agentIDs.map(\.value).contains(task["slave_id"] as? String ?? ""))
            #expect((task["resources"] as? [String: Any])?["cpus"] as? Double == 0.1)
            let slaves = try #require(root["slaves"] as? [[String: Any]])
            #expect(slaves.count == 2)
            for slave in slaves {
                #expect(slave["hostname"] as? String == "127.0.0.1")
                #expect((slave["resources"] as? [String: Any])?["cpus"] as? Double == 4)
                #expect(slave["used_resources"] is [String: Any])
                #expect(slave["reserved_resources"] is [String: Any])
                #expect(cluster.agentIDs.map(\.value).contains(slave["id"] as? String ?? ""))
            }
        }
    }

    @Test func announcesItselfInZooKeeperAsMesosDoes() async throws {
        let server = try await ZooKeeperServer.shared()
        let path = uniqueZNodePath("mesos")
        let zk = try await server.connect()
        defer { Task { await zk.close() } }
        try await withCluster(agents: 0, configure: { $0.zooKeeperURL = "zk://\(server.connectString)\(path)" }) {
            cluster, _ in
            let children = try await zk.children(path)
            #expect(children.count == 1)
            let node = try #require(children.first)
            #expect(node.hasPrefix("json.info_") && node.count == "json.info_".count + 10)
            let info = try MesosJSON.decode(MasterInfo.self, from: try await zk.get(path + "/" + node).data)
            #expect(info.id == (await cluster.masterID()))
            #expect(info.port == UInt32(cluster.port))
            #expect(info.address?.ip == "127.0.0.1")

            let response = try await Self.control(cluster, "master/failover")
            #expect(response.status == 200)
            let newID = await cluster.masterID()
            let after = try await TestScheduler.wait("the new announcement") { () -> [String]? in
                let children = try await zk.children(path).sorted()
                return children.count == 1 && children != children.filter({ $0 == node }) ? children : nil
            }
            let lowest = try MesosJSON.decode(MasterInfo.self, from: try await zk.get(path + "/" + after[0]).data)
            #expect(lowest.id == newID)
        }
        #expect(try await zk.children(path).isEmpty)
    }
}

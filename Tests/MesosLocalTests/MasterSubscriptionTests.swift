import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// SUBSCRIBE, heartbeats, failover (a second SUBSCRIBE), disconnection, failover_timeout and TEARDOWN.
@Suite struct MasterSubscriptionTests {
    @Test func subscribedCarriesTheMasterInfoThenAHeartbeatAtOnceThenOnSchedule() async throws {
        try await withCluster(agents: 0, configure: { $0.heartbeatInterval = .milliseconds(200) }) { cluster, _ in
            let start = ContinuousClock.now
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let subscribed = try #require(scheduler.subscribed.subscribed)
            let masterID = await cluster.masterID()
            #expect(subscribed.frameworkID.value == "\(masterID)-0000")
            #expect(subscribed.heartbeatIntervalSeconds == 0.2)
            #expect(subscribed.masterInfo?.id == masterID)
            #expect(subscribed.masterInfo?.port == UInt32(cluster.port))
            #expect(subscribed.masterInfo?.ip == 16_777_343)
            // The first HEARTBEAT follows SUBSCRIBED at once, the next ones every interval.
            let events = await scheduler.log.events
            #expect(events.count >= 2 && events[1].type == .heartbeat)
            // The immediate one, then two on schedule: not before two intervals have passed.
            for _ in 0..<3 { _ = try await scheduler.next(.heartbeat) }
            #expect(ContinuousClock.now - start >= .milliseconds(390))
            let second = try await TestScheduler.subscribe(cluster.url, TestScheduler.frameworkInfo(name: "other"))
            defer { second.close() }
            #expect(second.frameworkID.value == "\(masterID)-0001")
        }
    }

    @Test func aSecondSubscribeFailsTheFirstStreamOver() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let first = try await TestScheduler.subscribe(cluster.url)
            defer { first.close() }
            let offer = try await first.next(.offers).offers!.offers[0]
            let second = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(id: first.frameworkID))
            defer { second.close() }
            #expect(second.frameworkID == first.frameworkID)
            #expect(second.streamID != first.streamID)
            let error = try await first.next(.error)
            #expect(error.error?.message == "Framework failed over")
            try await first.waitForEnd()
            // The old offer vanished without RESCIND; the old stream id no longer works.
            #expect(try await second.expectNone(.rescind, within: .milliseconds(200)))
            let stale = try await second.call(
                .decline(frameworkID: first.frameworkID, offerIDs: [offer.id]), streamID: first.streamID)
            #expect(stale.status == 400)
            let reoffer = try await second.next(.offers).offers!.offers[0]
            #expect(reoffer.id != offer.id)
            #expect(reoffer.agentID == offer.agentID)
        }
    }

    @Test func aDisconnectedFrameworkIsNotSubscribedUntilItComesBack() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [.launch([commandTask("t1", agentID: offer.agentID, resources: smallResources())])]))
            _ = try await scheduler.update("t1", .running)
            scheduler.close()
            try await TestScheduler.wait("the framework to be inactive") {
                await cluster.state().frameworks.first { $0.id == frameworkID.value && !$0.active }
            }
            let stale = try await scheduler.call(.revive(frameworkID: frameworkID))
            #expect(stale.status == 403)
            #expect(stale.text == "Framework is not subscribed")
            let back = try await TestScheduler.subscribe(cluster.url, TestScheduler.frameworkInfo(id: frameworkID))
            defer { back.close() }
            try await back.send(.reconcile(frameworkID: frameworkID))
            // (A RUNNING the agent sends again may come first: the old stream's acknowledgement may have failed.)
            let status = try await back.next(.update) { $0.update?.status.reason == .reconciliation }.update!.status
            #expect(status.state == .running)
            #expect(await agents[offer.agentID].runningTasks()["t1"] == .running)
        }
    }

    @Test func anExpiredFailoverTimeoutRemovesTheFrameworkAndKillsItsTasks() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(failoverTimeout: 0.3))
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [.launch([commandTask("t1", agentID: offer.agentID, resources: smallResources())])]))
            _ = try await scheduler.update("t1", .running)
            try await cluster.dropStream(of: frameworkID)
            try await scheduler.waitForEnd()
            try await TestScheduler.wait("the framework's removal") {
                await cluster.state().completedFrameworks.first { $0.id == frameworkID.value }
            }
            try await TestScheduler.wait("the task to be killed") {
                await agents[offer.agentID].runningTasks().isEmpty ? true : nil
            }
            await #expect(throws: TestTimeout.self) {
                _ = try await TestScheduler.subscribe(cluster.url, TestScheduler.frameworkInfo(id: frameworkID))
            }
        }
    }

    @Test func removedFrameworksGetAnErrorOnSubscribe() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [.launch([commandTask("t1", agentID: offer.agentID, resources: smallResources())])]))
            _ = try await scheduler.update("t1", .running)
            try await scheduler.send(.teardown(frameworkID: frameworkID))
            try await scheduler.waitForEnd()
            try await TestScheduler.wait("the task to be killed") {
                await agents[offer.agentID].runningTasks().isEmpty ? true : nil
            }
            do {
                _ = try await TestScheduler.subscribe(cluster.url, TestScheduler.frameworkInfo(id: frameworkID))
                Issue.record("a removed framework subscribed again")
            } catch let error as TestTimeout {
                #expect(error.description.contains("Framework has been removed"))
            }
            let state = await cluster.state()
            #expect(state.completedFrameworks.map(\.id) == [frameworkID.value])
            #expect(state.slaves[0].usedResources.cpus == 0)
        }
    }

    @Test func invalidFrameworkInfoGetsAnErrorEventNotA4xx() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            var info = TestScheduler.frameworkInfo()
            info.role = "kafka"  // MULTI_ROLE frameworks use `roles`
            do {
                _ = try await TestScheduler.subscribe(cluster.url, info)
                Issue.record("an invalid FrameworkInfo subscribed")
            } catch let error as TestTimeout {
                #expect(error.description.contains("must not be set when the framework is MULTI_ROLE capable"))
            }
            let negative = TestScheduler.frameworkInfo(failoverTimeout: -1)
            await #expect(throws: TestTimeout.self) { _ = try await TestScheduler.subscribe(cluster.url, negative) }
        }
    }
}

import Foundation
import TestSupport
import Testing
import ZooKeeper

@testable import Mesos

@Suite("Finding the leading master in ZooKeeper")
struct MasterDetectionTests {
    let frameworkID = FrameworkID("F-0000")

    /// Announces a master the way Mesos does: an ephemeral sequential `json.info_` node holding its
    /// MasterInfo as JSON. Returns the node's path.
    private func announce(
        _ master: FakeMaster, in group: String, with zooKeeper: ZooKeeperClient, acl: ACL = .open
    ) async throws -> String {
        let info = """
            {"address":{"hostname":"127.0.0.1","ip":"127.0.0.1","port":\(master.port)},"hostname":"127.0.0.1",\
            "id":"master-\(master.port)","ip":16777343,"pid":"master@127.0.0.1:\(master.port)",\
            "port":\(master.port),"version":"1.11.0"}
            """
        return try await zooKeeper.create(
            group + "/json.info_", data: Data(info.utf8), mode: .ephemeralSequential, acl: acl, createParents: true)
    }

    @Test func subscribesToTheLowestNodeAndFollowsALeaderChange() async throws {
        let server = try await ZooKeeperServer.shared()
        let group = uniqueZNodePath("mesos-detect") + "/mesos"
        let zooKeeper = try await server.connect()
        try await withFakeMaster { first in
            try await withFakeMaster { second in
                let firstNode = try await announce(first, in: group, with: zooKeeper)
                _ = try await announce(second, in: group, with: zooKeeper)
                // Not a master: Mesos keeps its replicated log's nodes beside the masters.
                try await zooKeeper.create(group + "/log_replicas", createParents: true)

                let source = try MasterSource(parsing: "zk://\(server.connectString)\(group)")
                try await withRunningClient(testConfiguration(master: source)) { client, events in
                    let subscription = try await first.subscriptions.next("SUBSCRIBE at the first master")
                    try subscription.sendSubscribed(frameworkID: frameworkID)
                    let subscribed = try await events.nextSubscription()
                    #expect(subscribed.endpoint == first.endpoint)

                    // The first master loses leadership: its node goes, the second one leads.
                    try await zooKeeper.delete(firstNode)
                    #expect(try await events.nextDisconnect() == .leaderChanged(location: nil))
                    let next = try await second.subscriptions.next("SUBSCRIBE at the new leader")
                    #expect(next.call.frameworkID == frameworkID)
                    #expect(next.call.subscribe?.frameworkInfo.id == frameworkID)
                    try next.sendSubscribed(frameworkID: frameworkID)
                    #expect(try await events.nextSubscription().endpoint == second.endpoint)
                    try await client.revive()
                    _ = try await second.calls.next("REVIVE at the new leader")
                    #expect(first.calls.all.isEmpty)
                }
            }
        }
        await zooKeeper.close()
    }

    @Test func waitsForALeaderAndNoticesItAtOnce() async throws {
        let server = try await ZooKeeperServer.shared()
        let group = uniqueZNodePath("mesos-wait") + "/mesos"
        let zooKeeper = try await server.connect()
        try await withFakeMaster { master in
            let source = try MasterSource(parsing: "zk://\(server.connectString)\(group)")
            var configuration = testConfiguration(master: source)
            // Long delays: only the watch can make the client try again within the test's patience.
            configuration.backoff = Backoff(initial: .seconds(20), cap: .seconds(30))
            try await withRunningClient(configuration) { _, events in
                let reason = try await events.nextDisconnect()
                guard case .subscribeFailed(.noLeader(let why)) = reason else {
                    Issue.record("expected no leader, got \(reason)")
                    return
                }
                #expect(why.contains(group))

                try await zooKeeper.create(group, createParents: true)
                try await zooKeeper.create(group + "/log_replicas")
                let noMaster = try await events.nextDisconnect(timeout: .seconds(5))
                guard case .subscribeFailed(.noLeader) = noMaster else {
                    Issue.record("expected no leader, got \(noMaster)")
                    return
                }

                let start = ContinuousClock.now
                _ = try await announce(master, in: group, with: zooKeeper)
                let subscription = try await master.subscriptions.next("SUBSCRIBE once a leader appears")
                #expect(ContinuousClock.now - start < .seconds(15))
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
            }
        }
        await zooKeeper.close()
    }

    @Test func readsAGroupProtectedByDigestCredentials() async throws {
        let server = try await ZooKeeperServer.shared()
        let group = uniqueZNodePath("mesos-acl") + "/mesos"
        let writer = try await server.connect(credentials: "mesos:s3cret")
        try await withFakeMaster { master in
            try await writer.create(group, acl: .creatorAll, createParents: true)
            _ = try await announce(master, in: group, with: writer, acl: .creatorAll)
            let source = try MasterSource(parsing: "zk://mesos:s3cret@\(server.connectString)\(group)")
            try await withRunningClient(testConfiguration(master: source)) { _, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE via an ACL-protected group")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
            }
            let wrong = try MasterSource(parsing: "zk://mesos:wrong@\(server.connectString)\(group)")
            try await withRunningClient(testConfiguration(master: wrong)) { _, events in
                let reason = try await events.nextDisconnect()
                guard case .subscribeFailed(.zooKeeper(let message)) = reason else {
                    Issue.record("expected a ZooKeeper error, got \(reason)")
                    return
                }
                #expect(message.contains(group))
            }
        }
        await writer.close()
    }

    @Test func anUnreachableZooKeeperIsASubscribeFailure() async throws {
        let closed = try LocalNetwork.reserveClosedPort()
        var configuration = testConfiguration(master: try MasterSource(parsing: "zk://127.0.0.1:\(closed.port)/mesos"))
        configuration.connectTimeout = .milliseconds(500)
        try await withRunningClient(configuration) { _, events in
            let reason = try await events.nextDisconnect()
            guard case .subscribeFailed(.zooKeeper(let message)) = reason else {
                Issue.record("expected a ZooKeeper error, got \(reason)")
                return
            }
            #expect(message.contains("127.0.0.1:\(closed.port)"))
        }
        withExtendedLifetime(closed) {}
    }
}

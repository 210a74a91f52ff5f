import Foundation
import KafkaFramework
import TestSupport
import Testing
import ZooKeeper

/// The leader lock against a real ZooKeeper server: each contender has a client (a session) of its own.
@Suite struct LeaderLockTests {
    @Test func oneOfTwoHoldsTheLockAndTheOtherTakesOverWhenItCloses() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        // Long sessions: a takeover within a few seconds comes from the node's deletion, not from an expiry.
        let a = try await Contender.make(
            "a", connectString: server.connectString, root: root, sessionTimeout: .seconds(30))
        let b = try await Contender.make(
            "b", connectString: server.connectString, root: root, sessionTimeout: .seconds(30))
        try await withContenders([a, b]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            try await b.start()
            #expect(a.recorder.events == [.acquired])
            #expect(a.lock.state == .leader)
            #expect(b.lock.state == .contending)
            #expect(b.recorder.events.isEmpty)

            // The node carries the identity, and both name the same holder.
            let node = try await b.client.get(try #require(a.lock.nodePath))
            let written = try JSONSerialization.jsonObject(with: node.data) as? [String: Any]
            #expect(written?["host"] as? String == "host-a")
            #expect(written?["pid"] as? Int == 4242)
            #expect(written?["api_address"] as? String == "a.example:8080")
            #expect(node.stat.isEphemeral)
            #expect(try await b.lock.currentLeader() == a.lock.identity)
            #expect(try await a.lock.currentLeader() == a.lock.identity)
            #expect(try #require(a.lock.nodePath).hasPrefix(root + "/lock/leader-"))

            let closing = ContinuousClock.now
            await a.lock.close()
            #expect(a.recorder.events == [.acquired, .lost(.closed)])
            #expect(a.lock.state == .closed)
            let takeover = try await b.recorder.waitForEvent(1, timeout: .seconds(10))
            #expect(takeover.event == .acquired)
            #expect(takeover.at - closing < .seconds(5))
            #expect(try await b.lock.currentLeader() == b.lock.identity)
            #expect(try await b.client.children(root + "/lock").count == 1)
        }
    }

    /// A is cut off from ZooKeeper: it gives up the lock before its session expires on the server (which is
    /// when B can take over), rejoins on a renewed session behind B, and holds the lock again once B leaves.
    @Test func holderCutOffGivesUpBeforeTheTakeoverAndRegainsAfterRenewal() async throws {
        let server = try await ZooKeeperServer.shared()
        let proxy = try TCPProxy(upstreamPort: server.port)
        defer { proxy.stop() }
        let root = uniqueZNodePath("lock")
        let a = try await Contender.make(
            "a", connectString: proxy.connectString, root: root, sessionTimeout: .seconds(2))
        let b = try await Contender.make("b", connectString: server.connectString, root: root)
        try await withContenders([a, b]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            try await b.start()
            let firstNode = try #require(a.lock.nodePath)
            // B is told when A is gone, and checks at that moment that A no longer claims the lock.
            let bEvents = b.lock.events()
            let observer = Task { () -> LeadershipState? in
                for await event in bEvents where event == .acquired {
                    return a.lock.state
                }
                return nil
            }
            defer { observer.cancel() }

            proxy.partition()
            let lost = try await a.recorder.waitForEvent(2)
            #expect(lost.event == .lost(.connectionLost))
            let acquired = try await b.recorder.waitForEvent(1)
            #expect(acquired.event == .acquired)
            #expect(lost.at < acquired.at)
            let aStateWhenBAcquired = await observer.value
            #expect(aStateWhenBAcquired == .suspended(.connectionLost))
            // B waited for the server to expire A's session.
            #expect(try await b.client.exists(firstNode) == nil)

            proxy.heal()
            try await eventually("a rejoins with a new node") {
                if let node = a.lock.nodePath, node != firstNode { return true }
                return false
            }
            #expect(a.lock.state == .contending)
            #expect(a.recorder.events == [.acquired, .lost(.connectionLost)])
            #expect(b.lock.isLeader)

            await b.lock.close()
            let regained = try await a.recorder.waitForEvent(3)
            #expect(regained.event == .acquired)
            #expect(try await a.lock.currentLeader() == a.lock.identity)
        }
    }

    /// Disconnected longer than the tolerance but shorter than the session: A stops acting, B cannot take
    /// over (A's session and node live on), and A holds the lock again on the same node once reconnected.
    @Test func holderDisconnectedPastTheToleranceRegainsOnTheSameSession() async throws {
        let server = try await ZooKeeperServer.shared()
        let proxy = try TCPProxy(upstreamPort: server.port)
        defer { proxy.stop() }
        let root = uniqueZNodePath("lock")
        let a = try await Contender.make(
            "a", connectString: proxy.connectString, root: root, sessionTimeout: .seconds(30),
            configuration: .init(disconnectTolerance: .milliseconds(300)))
        let b = try await Contender.make("b", connectString: server.connectString, root: root)
        try await withContenders([a, b]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            try await b.start()
            let node = try #require(a.lock.nodePath)
            let session = try #require(a.client.session)

            proxy.partition()
            #expect(try await a.recorder.waitForEvent(2).event == .lost(.connectionLost))
            #expect(a.lock.state == .suspended(.connectionLost))
            proxy.heal()
            #expect(try await a.recorder.waitForEvent(3).event == .acquired)
            #expect(a.lock.nodePath == node)
            #expect(a.client.session == session)
            #expect(b.recorder.events.isEmpty)
            #expect(b.lock.state == .contending)
        }
    }

    @Test func threeContendersTakeOverInOrder() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        var contenders: [Contender] = []
        for name in ["a", "b", "c"] {
            contenders.append(try await Contender.make(name, connectString: server.connectString, root: root))
        }
        try await withContenders(contenders) { contenders in
            let (a, b, c) = (contenders[0], contenders[1], contenders[2])
            for contender in contenders { try await contender.start() }
            try await a.recorder.waitForEvent(1)

            await a.lock.close()
            #expect(try await b.recorder.waitForEvent(1).event == .acquired)
            #expect(c.lock.state == .contending)
            #expect(try await c.lock.currentLeader() == b.lock.identity)

            await b.lock.close()
            #expect(try await c.recorder.waitForEvent(1).event == .acquired)
            #expect(c.recorder.events == [.acquired])
            #expect(b.recorder.events == [.acquired, .lost(.closed)])
        }
    }

    /// Each waiting contender watches only the node just ahead of its own, as the server's watch table
    /// shows; when a contender in the middle leaves, only the one behind it moves its watch.
    @Test func eachContenderWatchesOnlyItsPredecessor() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        var contenders: [Contender] = []
        for name in ["a", "b", "c", "d"] {
            contenders.append(try await Contender.make(name, connectString: server.connectString, root: root))
        }
        try await withContenders(contenders) { contenders in
            for contender in contenders { try await contender.start() }
            try await contenders[0].recorder.waitForEvent(1)
            let nodes = contenders.map { $0.lock.nodePath! }
            let sessions = contenders.map { $0.client.session!.id }

            /// The lock nodes each session watches, among those that exist.
            func watchedNodes() async throws -> [Int64: Set<String>] {
                let existing = Set(try await contenders[0].client.children(root + "/lock").map { root + "/lock/" + $0 })
                var watched: [Int64: Set<String>] = [:]
                for (path, watchers) in try await server.watchesByPath() where existing.contains(path) {
                    for session in watchers { watched[session, default: []].insert(path) }
                }
                return watched
            }

            // The holder watches its own node (to notice its deletion); everyone else its predecessor.
            try await eventually("the watches are in place") {
                try await watchedNodes() == [
                    sessions[0]: [nodes[0]], sessions[1]: [nodes[0]], sessions[2]: [nodes[1]], sessions[3]: [nodes[2]],
                ]
            }

            await contenders[1].shutdown()
            try await eventually("c watches a, d still watches c") {
                try await watchedNodes() == [sessions[0]: [nodes[0]], sessions[2]: [nodes[0]], sessions[3]: [nodes[2]]]
            }
            #expect(contenders[2].lock.state == .contending)
            #expect(contenders[3].recorder.events.isEmpty)
        }
    }

    @Test func holderWhoseNodeIsDeletedLosesAndCompetesAgain() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        let a = try await Contender.make("a", connectString: server.connectString, root: root)
        let b = try await Contender.make("b", connectString: server.connectString, root: root)
        try await withContenders([a, b]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            try await b.start()
            let node = try #require(a.lock.nodePath)
            // An operator deletes the holder's node: B is next, A queues up behind it.
            try await b.client.delete(node)
            #expect(try await a.recorder.waitForEvent(2).event == .lost(.nodeDeleted))
            #expect(try await b.recorder.waitForEvent(1).event == .acquired)
            try await eventually("a has a new node") { a.lock.nodePath.map { $0 != node } ?? false }
            #expect(a.lock.state == .contending)
        }
    }

    @Test func lateSubscriberLearnsThatTheLockIsHeld() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        let a = try await Contender.make("a", connectString: server.connectString, root: root)
        try await withContenders([a]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            let late = LeadershipRecorder(a.lock, name: "late")
            #expect(try await late.waitForEvent(1).event == .acquired)
        }
    }

    @Test func closedClientEndsTheLock() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("lock")
        let a = try await Contender.make("a", connectString: server.connectString, root: root)
        try await withContenders([a]) { _ in
            try await a.start()
            try await a.recorder.waitForEvent(1)
            await a.client.close()
            #expect(try await a.recorder.waitForEvent(2).event == .lost(.clientUnusable))
            try await eventually("the lock is closed") { a.lock.state == .closed }
        }
    }

    @Test func closingBeforeStartingEndsTheStreams() async throws {
        let server = try await ZooKeeperServer.shared()
        let a = try await Contender.make("a", connectString: server.connectString, root: uniqueZNodePath("lock"))
        try await withContenders([a]) { _ in
            await a.lock.close()
            #expect(a.lock.state == .closed)
            a.lock.start()
            #expect(a.lock.state == .closed)
            var iterator = a.lock.events().makeAsyncIterator()
            #expect(await iterator.next() == nil)
        }
    }
}

import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct SessionTests {
    @Test func ridesOutAServerRestartKeepingItsSession() async throws {
        try await withZooKeeperServer { server in
            try await withClient(server, sessionTimeout: .seconds(8)) { client in
                let session = try #require(client.session)
                let events = Recorder(client.sessionEvents())
                try await events.wait(for: "the current state") { $0 == [.connected(session)] }
                let path = uniqueZNodePath("restart")
                try await client.create(path, data: Data("kept".utf8))
                try await client.create(path + "-ephemeral", mode: .ephemeral)
                let values = Recorder(client.watchData(path))
                try await values.wait(for: "the value") { $0.count == 1 }

                await server.stop()
                try await events.wait(for: "the connection loss") { $0.last == .connecting }
                let duringOutage = await zooKeeperError { try await client.get(path) }
                #expect(duringOutage?.code == .connectionLoss)

                try await server.restart()
                try await events.wait(for: "the reconnection") { $0.last == .connected(session) }
                #expect(client.session == session)
                #expect(try await client.get(path).data == Data("kept".utf8))
                #expect(try await client.exists(path + "-ephemeral")?.ephemeralOwner == session.id)

                // The watch survived the outage.
                try await client.set(path, data: Data("changed".utf8))
                try await values.wait(for: "the change after the restart") { $0.last??.data == Data("changed".utf8) }
                #expect(!events.elements.contains { if case .expired = $0 { true } else { false } })
            }
        }
    }

    @Test func replacesAnExpiredSessionAndTellsItsObservers() async throws {
        try await withZooKeeperServer(ZooKeeperServer.Options(tickTime: .milliseconds(100))) { server in
            // The client reaches the server through a proxy that can cut the network; an observer connects
            // directly and sees what the server does.
            let proxy = try TCPProxy(upstreamPort: server.port)
            defer { proxy.stop() }
            let client = try await ZooKeeperClient.connect(
                connectString: proxy.connectString, sessionTimeout: .milliseconds(1000), logger: testLogger
            )
            try await withClient(server) { observer in
                let first = try #require(client.session)
                let events = Recorder(client.sessionEvents())
                let otherObserver = Recorder(client.sessionEvents())
                let path = uniqueZNodePath("expiry")
                try await client.create(path, data: Data("1".utf8))
                try await client.create(path + "/owner", mode: .ephemeral)
                let children = Recorder(client.watchChildren(path))
                try await children.wait(for: "the ephemeral child") { $0.last == ["owner"] }
                let serverView = Recorder(observer.watchChildren(path))
                try await serverView.wait(for: "the ephemeral child") { $0.last == ["owner"] }

                // A partition longer than the session timeout: the server expires the session and deletes
                // its ephemeral node, while the client cannot know yet.
                proxy.partition()
                try await events.wait(for: "the connection loss") { $0.contains(.connecting) }
                try await serverView.wait(for: "the expiry on the server") { $0.last == [] }
                #expect(!events.elements.contains(.expired(first)))
                proxy.heal()

                let seen = try await events.wait(for: "a renewed session") {
                    $0.contains { if case .sessionRenewed = $0 { true } else { false } }
                }
                guard
                    case .sessionRenewed(let previous, let current) = seen.first(where: {
                        if case .sessionRenewed = $0 { true } else { false }
                    })
                else { return }
                #expect(previous == first)
                #expect(current.generation == 2)
                #expect(current.id != first.id)
                let expiredAt = try #require(seen.firstIndex(of: .expired(first)))
                let renewedAt = try #require(seen.firstIndex(of: .sessionRenewed(previous: first, current: current)))
                #expect(expiredAt < renewedAt)
                try await events.wait(for: "the new connection") { $0.last == .connected(current) }
                try await otherObserver.wait(for: "the same events") { $0 == events.elements }
                #expect(client.session == current)

                // The watch moved to the new session: it reports the loss, then the re-created owner.
                try await children.wait(for: "the child list without the old owner") { $0.last == [] }
                #expect(try await client.get(path).data == Data("1".utf8))
                try await client.create(path + "/owner", mode: .ephemeral)
                try await children.wait(for: "the re-created owner") { $0.last == ["owner"] }
                #expect(try await client.exists(path + "/owner")?.ephemeralOwner == current.id)
            }
            await client.close()
        }
    }

    @Test func aShortPartitionKeepsTheSession() async throws {
        try await withZooKeeperServer(ZooKeeperServer.Options(tickTime: .milliseconds(100))) { server in
            let proxy = try TCPProxy(upstreamPort: server.port)
            defer { proxy.stop() }
            let client = try await ZooKeeperClient.connect(
                connectString: proxy.connectString, sessionTimeout: .seconds(4), logger: testLogger
            )
            let session = try #require(client.session)
            let events = Recorder(client.sessionEvents())
            proxy.partition()
            try await events.wait(for: "the connection loss") { $0.last == .connecting }
            proxy.heal()
            try await events.wait(for: "the reconnection") { $0.last == .connected(session) }
            #expect(client.session == session)
            await client.close()
        }
    }

    @Test func closingAnnouncesClosedAndEndsTheStream() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: testLogger)
        let session = try #require(client.session)
        let events = Recorder(client.sessionEvents())
        await client.close()
        let seen = try await events.waitForEnd()
        #expect(seen == [.connected(session), .closed])
        #expect(client.state == .closed)
        let error = await zooKeeperError { try await client.get("/") }
        #expect(error?.code == .closing)
        // A late observer learns the state and ends at once.
        let late = Recorder(client.sessionEvents())
        #expect(try await late.waitForEnd() == [.closed])
        await client.close()
    }
}

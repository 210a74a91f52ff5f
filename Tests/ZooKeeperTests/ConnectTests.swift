import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct ConnectTests {
    @Test func connectingToAServerThatIsDownFailsWithinTheTimeout() async throws {
        let reserved = try LocalNetwork.reserveClosedPort()
        let port = reserved.port
        let started = ContinuousClock.now
        let error = await zooKeeperError {
            try await ZooKeeperClient.connect(
                connectString: "127.0.0.1:\(port)",
                connectTimeout: .milliseconds(800),
                logger: testLogger
            )
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .connectTimeout)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        #expect(error?.message.contains("0.8 seconds") == true)
        #expect(elapsed >= .milliseconds(800))
        // Closing the handle that never connected follows the timeout; the bound catches a hang, with room for
        // a machine busy running the whole suite.
        #expect(elapsed < .seconds(10))
        withExtendedLifetime(reserved) {}
    }

    @Test func aChrootScopesEveryPath() async throws {
        let server = try await ZooKeeperServer.shared()
        let chroot = uniqueZNodePath("chroot")
        try await withClient(server) { client in
            try await client.create(chroot)
            let scoped = try await server.connect(chroot: chroot, logger: testLogger)
            let created = try await scoped.create("/inside", data: Data("x".utf8))
            #expect(created == "/inside")
            #expect(try await scoped.children("/") == ["inside"])
            await scoped.close()
            #expect(try await client.get(chroot + "/inside").data == Data("x".utf8))
        }
    }

    @Test func anUnusableConnectStringFailsAtOnce() async throws {
        let error = await zooKeeperError {
            try await ZooKeeperClient.connect(connectString: "", connectTimeout: .seconds(5), logger: testLogger)
        }
        #expect(error?.code == .badArguments)
    }
}

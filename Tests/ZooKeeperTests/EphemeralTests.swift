import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct EphemeralTests {
    @Test func ephemeralNodesVanishWhenTheirSessionCloses() async throws {
        let server = try await ZooKeeperServer.shared()
        let base = uniqueZNodePath("ephemeral")
        try await withClient(server) { observer in
            try await observer.create(base)
            let owner = try await server.connect(logger: testLogger)
            let lock = try await owner.create(base + "/lock-", mode: .ephemeralSequential)
            try await owner.create(base + "/member", mode: .ephemeral)
            let stat = try #require(try await observer.exists(lock))
            #expect(stat.ephemeralOwner == owner.session?.id)

            await owner.close()
            #expect(try await observer.children(base) == [])
        }
    }

    @Test func ephemeralNodesCannotHaveChildren() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("ephemeral-parent")
            try await client.create(path, mode: .ephemeral)
            let error = await zooKeeperError { try await client.create(path + "/child") }
            #expect(error?.code == .noChildrenForEphemerals)
        }
    }
}

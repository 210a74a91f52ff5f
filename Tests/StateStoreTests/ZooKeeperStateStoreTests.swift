import Foundation
import StateStore
import TestSupport
import Testing
import ZooKeeper

/// What only the ZooKeeper store does: where it keeps nodes, its ACLs, and its errors when ZooKeeper is gone.
@Suite struct ZooKeeperStateStoreTests {
    @Test func storesUnderItsRootAndCreatesTheRoot() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: quietLogger)
        do {
            let root = uniqueZNodePath("root") + "/service"
            let store = try await ZooKeeperStateStore(client: client, root: root)
            #expect(try await client.exists(root) != nil)
            try await store.create("/framework-id", data: "id".bytes)
            #expect(try await client.get(root + "/framework-id").data == "id".bytes)
            // Opening again over an existing root is fine and sees the same nodes.
            let again = try await ZooKeeperStateStore(client: client, root: root)
            #expect(try await again.get("/framework-id")?.data == "id".bytes)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    @Test func credentialsMakeItsNodesPrivate() async throws {
        let server = try await ZooKeeperServer.shared()
        let root = uniqueZNodePath("private")
        let owner = try await server.connect(credentials: "scheduler:secret", logger: quietLogger)
        let stranger = try await server.connect(credentials: "someone:else", logger: quietLogger)
        do {
            let store = try await ZooKeeperStateStore(client: owner, root: root)
            #expect(store.acl == .creatorAll)
            try await store.create("/tasks/broker-0", data: "t".bytes, createParents: true)

            let strangerStore = try await ZooKeeperStateStore(client: stranger, root: root, acl: .open)
            let error = await storeError { try await strangerStore.get("/tasks/broker-0") }
            #expect(error?.code == .noAuth)
            #expect(error?.path == "/tasks/broker-0")
        } catch {
            await owner.close()
            await stranger.close()
            throw error
        }
        await owner.close()
        await stranger.close()
    }

    @Test func aClosedClientMakesTheStoreUnavailable() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: quietLogger)
        let store = try await ZooKeeperStateStore(client: client, root: uniqueZNodePath("closed"))
        await client.close()
        let error = await storeError { try await store.get("/anything") }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("cannot get /anything: the store is unavailable") == true)
    }
}

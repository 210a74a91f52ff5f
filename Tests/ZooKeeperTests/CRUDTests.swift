import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct CRUDTests {
    @Test func createGetSetDeleteWithVersions() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("crud")
            let created = try await client.create(base + "/a/b", data: Data("one".utf8), createParents: true)
            #expect(created == base + "/a/b")

            let node = try await client.get(base + "/a/b")
            #expect(node.data == Data("one".utf8))
            #expect(node.stat.version == 0)
            #expect(node.stat.dataLength == 3)
            #expect(!node.stat.isEphemeral)

            let stat = try await client.set(base + "/a/b", data: Data("two".utf8), version: 0)
            #expect(stat.version == 1)
            #expect(try await client.get(base + "/a/b").data == Data("two".utf8))
            #expect(try await client.set(base + "/a/b", data: Data("three".utf8)).version == 2)

            #expect(try await client.children(base + "/a") == ["b"])
            #expect(try await client.exists(base + "/a/b")?.version == 2)
            try await client.delete(base + "/a/b", version: 2)
            #expect(try await client.exists(base + "/a/b") == nil)
            try await client.delete(base + "/a")
            try await client.delete(base)
        }
    }

    @Test func staleVersionsFailWithBadVersionAndChangeNothing() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("stale")
            try await client.create(path, data: Data("v0".utf8))
            try await client.set(path, data: Data("v1".utf8), version: 0)

            let setError = await zooKeeperError { try await client.set(path, data: Data("lost".utf8), version: 0) }
            #expect(setError?.code == .badVersion)
            #expect(setError?.path == path)
            #expect(setError?.message.contains(path) == true)

            let deleteError = await zooKeeperError { try await client.delete(path, version: 0) }
            #expect(deleteError?.code == .badVersion)

            let node = try await client.get(path)
            #expect(node.data == Data("v1".utf8))
            #expect(node.stat.version == 1)
            try await client.delete(path, version: 1)
        }
    }

    @Test func errorsNameTheirPath() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("errors")
            let missing = await zooKeeperError { try await client.get(base + "/missing") }
            #expect(missing?.code == .noNode)
            #expect(missing?.operation == "get")
            #expect(missing?.message == "ZooKeeper get \(base)/missing failed: node does not exist")

            let noParent = await zooKeeperError { try await client.create(base + "/x/y") }
            #expect(noParent?.code == .noNode)
            #expect(noParent?.path == base + "/x/y")

            try await client.create(base)
            let exists = await zooKeeperError { try await client.create(base) }
            #expect(exists?.code == .nodeExists)

            try await client.create(base + "/child")
            let notEmpty = await zooKeeperError { try await client.delete(base) }
            #expect(notEmpty?.code == .notEmpty)
            #expect(notEmpty?.message.contains(base) == true)

            let badPath = await zooKeeperError { try await client.get("relative/path") }
            #expect(badPath?.code == .badArguments)

            let noChildren = await zooKeeperError { try await client.children(base + "/missing") }
            #expect(noChildren?.code == .noNode)
        }
    }

    @Test func sequentialNodesGetIncreasingSuffixes() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("sequence")
            let first = try await client.create(base + "/item-", mode: .persistentSequential, createParents: true)
            let second = try await client.create(base + "/item-", mode: .persistentSequential)
            #expect(first == base + "/item-0000000000")
            #expect(second == base + "/item-0000000001")
            #expect(try await client.children(base) == ["item-0000000000", "item-0000000001"])
        }
    }

    @Test func emptyAndBinaryData() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("bytes")
            try await client.create(path)
            #expect(try await client.get(path).data == Data())
            let bytes = Data((0...255).map { UInt8($0) })
            try await client.set(path, data: bytes)
            #expect(try await client.get(path).data == bytes)
        }
    }
}

import Foundation
import TestSupport
import Testing

@testable import ZooKeeper

@Suite struct WatchTests {
    @Test func dataWatchFollowsCreationChangesAndDeletion() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("watch-data")
            let values = Recorder(client.watchData(path))
            try await values.wait(for: "the initial absence") { $0 == [nil] }

            try await client.create(path, data: Data("one".utf8))
            try await values.wait(for: "the creation") { $0.last??.data == Data("one".utf8) }

            try await client.set(path, data: Data("two".utf8))
            try await values.wait(for: "the change") { $0.last??.data == Data("two".utf8) }

            try await client.delete(path)
            let seen = try await values.wait(for: "the deletion") { $0.count > 1 && $0.last! == nil }
            #expect(seen.compactMap { $0?.data } == [Data("one".utf8), Data("two".utf8)])
            #expect(seen.compactMap { $0?.stat.version } == [0, 1])
        }
    }

    @Test func childWatchFollowsTheChildList() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("watch-children")
            let lists = Recorder(client.watchChildren(base))
            try await lists.wait(for: "the initial absence") { $0 == [nil] }

            try await client.create(base)
            try await lists.wait(for: "an empty list") { $0.last == [] }
            try await client.create(base + "/b")
            try await client.create(base + "/a")
            try await lists.wait(for: "two children") { $0.last == ["a", "b"] }
            try await client.delete(base + "/b")
            try await lists.wait(for: "one child") { $0.last == ["a"] }
            // A change of a child's data is not a change of the list.
            try await client.set(base + "/a", data: Data("x".utf8))
            try await client.create(base + "/c")
            let seen = try await lists.wait(for: "the new child") { $0.last == ["a", "c"] }
            #expect(seen.filter { $0 == ["a"] }.count == 1)
        }
    }

    @Test func severalWatchersOfOneNodeEachSeeChanges() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("watch-many")
            try await client.create(path, data: Data("0".utf8))
            let first = Recorder(client.watchData(path))
            let second = Recorder(client.watchData(path))
            try await client.set(path, data: Data("1".utf8))
            for recorder in [first, second] {
                try await recorder.wait(for: "the change") { $0.last??.data == Data("1".utf8) }
            }
        }
    }

    @Test func cancellingTheConsumerStopsTheWatch() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let path = uniqueZNodePath("watch-cancel")
            try await client.create(path, data: Data("0".utf8))
            let stream = client.watchData(path)
            let consumer = Task {
                var count = 0
                for try await _ in stream { count += 1 }
                return count
            }
            let values = Recorder(client.watchData(path))
            try await values.wait(for: "the first value") { $0.count == 1 }
            #expect(client.activeWatchCount == 2)
            consumer.cancel()
            let count = try await consumer.value
            #expect(count <= 1)
            try await eventually("the cancelled watch is removed") { client.activeWatchCount == 1 }
            // The client keeps working for the other watch.
            try await client.set(path, data: Data("1".utf8))
            try await values.wait(for: "the change") { $0.last??.data == Data("1".utf8) }
        }
    }

    @Test func watchesFinishWhenTheClientCloses() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: testLogger)
        let values = Recorder(client.watchData(uniqueZNodePath("watch-close")))
        try await values.wait(for: "the initial value") { $0.count == 1 }
        await client.close()
        try await values.waitForEnd()
        #expect(values.failure == nil)
    }
}

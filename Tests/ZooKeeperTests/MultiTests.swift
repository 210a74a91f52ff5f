import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct MultiTests {
    @Test func appliesEveryOperationWithResults() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("multi")
            try await client.create(base)
            try await client.create(base + "/old", data: Data("x".utf8))
            try await client.create(base + "/gone")
            let results = try await client.multi([
                .check(path: base, version: 0),
                .create(path: base + "/new", data: Data("n".utf8)),
                .create(path: base + "/seq-", data: Data(), mode: .persistentSequential),
                .set(path: base + "/old", data: Data("y".utf8), version: 0),
                .delete(path: base + "/gone"),
            ])
            #expect(results.count == 5)
            #expect(results[0] == .check)
            #expect(results[1] == .create(path: base + "/new"))
            #expect(results[2] == .create(path: base + "/seq-0000000003"))
            guard case .set(let stat) = results[3] else {
                Issue.record("expected a set result, got \(results[3])")
                return
            }
            #expect(stat.version == 1)
            #expect(results[4] == .delete)
            #expect(try await client.get(base + "/old").data == Data("y".utf8))
            #expect(try await client.exists(base + "/gone") == nil)
        }
    }

    @Test func failedCheckRollsBackEveryOperation() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("rollback")
            try await client.create(base)
            try await client.create(base + "/value", data: Data("before".utf8))
            try await client.create(base + "/doomed")

            let error = await zooKeeperError {
                try await client.multi([
                    .create(path: base + "/created", data: Data()),
                    .set(path: base + "/value", data: Data("after".utf8)),
                    .delete(path: base + "/doomed"),
                    .check(path: base + "/value", version: 7),
                ])
            }
            #expect(error?.code == .badVersion)
            #expect(error?.failedOperationIndex == 3)
            #expect(error?.path == base + "/value")
            #expect(error?.message.contains("operation 3") == true)

            #expect(try await client.exists(base + "/created") == nil)
            let value = try await client.get(base + "/value")
            #expect(value.data == Data("before".utf8))
            #expect(value.stat.version == 0)
            #expect(try await client.exists(base + "/doomed") != nil)
        }
    }

    @Test func reportsTheFirstFailingOperation() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { client in
            let base = uniqueZNodePath("first-failure")
            try await client.create(base)
            let error = await zooKeeperError {
                try await client.multi([
                    .create(path: base + "/a", data: Data()),
                    .create(path: base + "/a", data: Data()),
                    .delete(path: base + "/missing"),
                ])
            }
            #expect(error?.code == .nodeExists)
            #expect(error?.failedOperationIndex == 1)
            #expect(try await client.exists(base + "/a") == nil)
        }
    }
}

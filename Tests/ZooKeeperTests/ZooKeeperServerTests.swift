import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct ZooKeeperServerTests {
    @Test func servesOnItsOwnPortAndCleansUp() async throws {
        var directory = ""
        var pid: Int32 = 0
        try await withZooKeeperServer { server in
            directory = server.directory
            pid = try #require(server.pid)
            #expect(LocalNetwork.processListens(pid: pid, port: server.port))
            #expect(try await server.fourLetterWord("srvr").contains("Mode: standalone"))
            #expect(FileManager.default.fileExists(atPath: server.dataDirectory))
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(kill(pid, 0) != 0)
    }

    @Test func stopsEvenWhenTheBodyThrows() async throws {
        struct Failure: Error {}
        var pid: Int32 = 0
        await #expect(throws: Failure.self) {
            try await withZooKeeperServer { server in
                pid = server.pid ?? 0
                throw Failure()
            }
        }
        #expect(pid != 0)
        #expect(kill(pid, 0) != 0)
    }

    @Test func restartKeepsPortAndData() async throws {
        try await withZooKeeperServer { server in
            let path = uniqueZNodePath("server-restart")
            try await withClient(server) { try await $0.create(path, data: Data("persisted".utf8)) }
            let before = server.pid
            try await server.restart()
            #expect(server.pid != before)
            let node = try await withClient(server) { try await $0.get(path) }
            #expect(node.data == Data("persisted".utf8))
        }
    }

    @Test func pausedServerDoesNotAnswer() async throws {
        try await withZooKeeperServer { server in
            await server.pause()
            let port = server.port
            let answer = await Task.detached {
                LocalNetwork.exchange(port: port, request: "srvr", timeout: .milliseconds(300))
            }.value
            #expect(answer == nil)
            server.resume()
            let resumed = try await server.fourLetterWord("srvr")
            #expect(resumed.contains("Mode: standalone"))
        }
    }
}

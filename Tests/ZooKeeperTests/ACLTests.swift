import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct ACLTests {
    @Test func digestACLDeniesAnotherIdentity() async throws {
        let server = try await ZooKeeperServer.shared()
        let path = uniqueZNodePath("acl")
        try await withClient(server, credentials: "scheduler:secret") { owner in
            try await owner.create(path, data: Data("private".utf8), acl: .creatorAll)
            #expect(try await owner.get(path).data == Data("private".utf8))

            try await withClient(server, credentials: "intruder:guess") { intruder in
                let readError = await zooKeeperError { try await intruder.get(path) }
                #expect(readError?.code == .noAuth)
                #expect(readError?.path == path)
                let writeError = await zooKeeperError { try await intruder.set(path, data: Data()) }
                #expect(writeError?.code == .noAuth)
            }
            try await withClient(server) { anonymous in
                let error = await zooKeeperError { try await anonymous.get(path) }
                #expect(error?.code == .noAuth)
            }
            // The same identity on another session is allowed.
            try await withClient(server, credentials: "scheduler:secret") { again in
                try await again.set(path, data: Data("updated".utf8))
            }
            #expect(try await owner.get(path).data == Data("updated".utf8))
            try await owner.delete(path)
        }
    }

    @Test func creatorACLsNeedCredentials() async throws {
        try await withClient(try await ZooKeeperServer.shared()) { anonymous in
            let error = await zooKeeperError { try await anonymous.create(uniqueZNodePath("acl"), acl: .creatorAll) }
            #expect(error?.code == .invalidACL)
        }
    }

    @Test func worldReadAndCreatorAllWorldRead() async throws {
        let server = try await ZooKeeperServer.shared()
        let base = uniqueZNodePath("acl-read")
        try await withClient(server, credentials: "scheduler:secret") { owner in
            try await owner.create(base)
            try await owner.create(base + "/frozen", data: Data("f".utf8), acl: .worldRead)
            try await owner.create(base + "/shared", data: Data("s".utf8), acl: .creatorAllWorldRead)
            let frozen = await zooKeeperError { try await owner.set(base + "/frozen", data: Data()) }
            #expect(frozen?.code == .noAuth)
            try await owner.set(base + "/shared", data: Data("s2".utf8))

            try await withClient(server) { reader in
                let frozen = try await reader.get(base + "/frozen")
                let shared = try await reader.get(base + "/shared")
                #expect(frozen.data == Data("f".utf8))
                #expect(shared.data == Data("s2".utf8))
                let error = await zooKeeperError { try await reader.set(base + "/shared", data: Data()) }
                #expect(error?.code == .noAuth)
            }
        }
    }
}

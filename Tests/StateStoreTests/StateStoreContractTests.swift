import Foundation
import StateStore
import Testing

/// The behaviour every `StateStore` shares, run against ZooKeeper and the in-memory store alike.
@Suite struct StateStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func createReadUpdateDelete(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.get("/config") == nil)
            #expect(try await store.exists("/config") == nil)
            try await store.create("/config", data: "a".bytes)
            #expect(try await store.get("/config") == StoredNode(data: "a".bytes, version: 0))
            #expect(try await store.exists("/config") == 0)

            #expect(try await store.set("/config", data: "b".bytes, expectedVersion: 0) == 1)
            #expect(try await store.set("/config", data: "c".bytes) == 2)
            #expect(try await store.get("/config") == StoredNode(data: "c".bytes, version: 2))

            try await store.delete("/config", expectedVersion: 2)
            #expect(try await store.get("/config") == nil)
            // A deleted node starts again at version 0.
            try await store.create("/config", data: Data())
            #expect(try await store.exists("/config") == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func childrenAreSortedNames(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/tasks")
            for name in ["broker-2", "broker-0", "broker-10"] {
                try await store.create("/tasks/" + name, data: name.bytes)
            }
            #expect(try await store.children("/tasks") == ["broker-0", "broker-10", "broker-2"])
            #expect(try await store.children("/tasks/broker-0") == [])
            #expect(try await store.children("/") == ["tasks"])
            let missing = await storeError { try await store.children("/missing") }
            #expect(ErrorShape(missing) == ErrorShape(.noNode, "children", "/missing"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func createNeedsItsParentUnlessAskedToCreateParents(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let error = await storeError { try await store.create("/a/b/c", data: "x".bytes) }
            #expect(ErrorShape(error) == ErrorShape(.noNode, "create", "/a/b/c"))
            #expect(error?.message == "cannot create /a/b/c: its parent does not exist")
            #expect(try await store.get("/a") == nil)

            try await store.create("/a/b/c", data: "x".bytes, createParents: true)
            #expect(try await store.get("/a") == StoredNode(data: Data(), version: 0))
            #expect(try await store.get("/a/b") == StoredNode(data: Data(), version: 0))
            #expect(try await store.get("/a/b/c") == StoredNode(data: "x".bytes, version: 0))

            let exists = await storeError { try await store.create("/a/b/c", data: Data(), createParents: true) }
            #expect(ErrorShape(exists) == ErrorShape(.nodeExists, "create", "/a/b/c"))
            let root = await storeError { try await store.create("/", data: Data()) }
            #expect(ErrorShape(root) == ErrorShape(.nodeExists, "create", "/"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func staleVersionsFailAndChangeNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/node", data: "v0".bytes)
            try await store.set("/node", data: "v1".bytes, expectedVersion: 0)

            let set = await storeError { try await store.set("/node", data: "lost".bytes, expectedVersion: 0) }
            #expect(ErrorShape(set) == ErrorShape(.badVersion, "set", "/node"))
            let delete = await storeError { try await store.delete("/node", expectedVersion: 5) }
            #expect(ErrorShape(delete) == ErrorShape(.badVersion, "delete", "/node"))
            #expect(try await store.get("/node") == StoredNode(data: "v1".bytes, version: 1))

            let missingSet = await storeError { try await store.set("/missing", data: Data(), expectedVersion: nil) }
            #expect(ErrorShape(missingSet) == ErrorShape(.noNode, "set", "/missing"))
            let missingDelete = await storeError { try await store.delete("/missing") }
            #expect(ErrorShape(missingDelete) == ErrorShape(.noNode, "delete", "/missing"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deletingANodeWithChildrenFails(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/parent/child", data: Data(), createParents: true)
            let error = await storeError { try await store.delete("/parent") }
            #expect(ErrorShape(error) == ErrorShape(.notEmpty, "delete", "/parent"))
            // The version is checked before the children.
            let stale = await storeError { try await store.delete("/parent", expectedVersion: 3) }
            #expect(ErrorShape(stale) == ErrorShape(.badVersion, "delete", "/parent"))
            try await store.delete("/parent/child")
            try await store.delete("/parent", expectedVersion: 0)
            #expect(try await store.children("/") == [])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func multiAppliesEverythingInOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/tasks")
            try await store.create("/tasks/broker-0", data: "old".bytes)
            try await store.create("/obsolete")
            let results = try await store.multi([
                .check(path: "/tasks", expectedVersion: 0),
                .create(path: "/tasks/broker-1", data: "new".bytes),
                .create(path: "/tasks/broker-1/volume", data: "v".bytes),
                .set(path: "/tasks/broker-0", data: "updated".bytes, expectedVersion: 0),
                .delete(path: "/obsolete", expectedVersion: nil),
                .check(path: "/tasks/broker-1", expectedVersion: nil),
            ])
            #expect(results == [.checked, .created, .created, .set(version: 1), .deleted, .checked])
            #expect(try await store.get("/tasks/broker-0") == StoredNode(data: "updated".bytes, version: 1))
            #expect(try await store.get("/tasks/broker-1/volume") == StoredNode(data: "v".bytes, version: 0))
            #expect(try await store.get("/obsolete") == nil)
            #expect(try await store.multi([]) == [])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func multiIsAllOrNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/value", data: "before".bytes)
            try await store.create("/doomed")
            let error = await storeError {
                try await store.multi([
                    .create(path: "/created", data: Data()),
                    .set(path: "/value", data: "after".bytes, expectedVersion: 0),
                    .delete(path: "/doomed", expectedVersion: nil),
                    .check(path: "/value", expectedVersion: 0),
                ])
            }
            // The set made /value version 1, so the check of version 0 fails.
            #expect(ErrorShape(error) == ErrorShape(.badVersion, "check", "/value", index: 3))
            #expect(error?.message.hasPrefix("multi failed at operation 3: cannot check /value") == true)
            #expect(try await store.get("/created") == nil)
            #expect(try await store.get("/value") == StoredNode(data: "before".bytes, version: 0))
            #expect(try await store.get("/doomed") != nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func multiReportsTheFirstFailure(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.create("/parent/full", data: Data(), createParents: true)
            let cases: [([StateOperation], ErrorShape)] = [
                (
                    [.create(path: "/a", data: Data()), .create(path: "/a", data: Data())],
                    ErrorShape(.nodeExists, "create", "/a", index: 1)
                ),
                ([.create(path: "/x/y", data: Data())], ErrorShape(.noNode, "create", "/x/y", index: 0)),
                ([.check(path: "/missing", expectedVersion: nil)], ErrorShape(.noNode, "check", "/missing", index: 0)),
                (
                    [.set(path: "/parent", data: Data(), expectedVersion: 1)],
                    ErrorShape(.badVersion, "set", "/parent", index: 0)
                ),
                (
                    [
                        .delete(path: "/parent/full", expectedVersion: nil),
                        .delete(path: "/parent", expectedVersion: nil),
                        .delete(path: "/parent", expectedVersion: nil),
                    ],
                    ErrorShape(.noNode, "delete", "/parent", index: 2)
                ),
                (
                    [.delete(path: "/parent", expectedVersion: nil)],
                    ErrorShape(.notEmpty, "delete", "/parent", index: 0)
                ),
                (
                    [.check(path: "/parent", expectedVersion: nil), .delete(path: "/", expectedVersion: nil)],
                    ErrorShape(.invalidPath, "delete", "/", index: 1)
                ),
            ]
            for (operations, expected) in cases {
                let error = await storeError { try await store.multi(operations) }
                #expect(ErrorShape(error) == expected, "for \(operations)")
            }
            #expect(try await store.get("/a") == nil)
            #expect(try await store.children("/parent") == ["full"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func invalidPathsAreRefusedByEveryOperation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for path in ["", "relative", "/trailing/", "/double//slash", "/dot/./x", "/dot/../x", "/nul\u{0}"] {
                let operations: [(String, () async throws -> Void)] = [
                    ("get", { _ = try await store.get(path) }),
                    ("exists", { _ = try await store.exists(path) }),
                    ("children", { _ = try await store.children(path) }),
                    ("create", { try await store.create(path, data: Data(), createParents: true) }),
                    ("set", { try await store.set(path, data: Data()) }),
                    ("delete", { try await store.delete(path) }),
                ]
                for (name, operation) in operations {
                    let error = await storeError { try await operation() }
                    #expect(
                        ErrorShape(error) == ErrorShape(.invalidPath, name, path), "\(name) \(path.debugDescription)")
                }
            }
            let root = await storeError { try await store.delete("/") }
            #expect(ErrorShape(root) == ErrorShape(.invalidPath, "delete", "/"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func dataIsBinaryAndBounded(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let bytes = Data((0...255).map { UInt8($0) })
            try await store.create("/binary", data: bytes)
            #expect(try await store.get("/binary")?.data == bytes)
            let large = Data(count: StateStoreLimits.maxDataSize)
            try await store.set("/binary", data: large)
            #expect(try await store.get("/binary")?.data.count == StateStoreLimits.maxDataSize)

            let tooLarge = Data(count: StateStoreLimits.maxDataSize + 1)
            let error = await storeError { try await store.set("/binary", data: tooLarge) }
            #expect(ErrorShape(error) == ErrorShape(.dataTooLarge, "set", "/binary"))
            let create = await storeError { try await store.create("/big", data: tooLarge) }
            #expect(ErrorShape(create) == ErrorShape(.dataTooLarge, "create", "/big"))
            #expect(try await store.exists("/binary") == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theRootExistsAndHoldsData(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let version = try await store.exists("/")
            let children = try await store.children("/")
            #expect(version != nil)
            #expect(children == [])
        }
    }
}

import Foundation

/// A `StateStore` in memory, behaving exactly like `ZooKeeperStateStore` (same errors, same versions), for
/// tests and for running the scheduler's core without ZooKeeper.
public actor InMemoryStateStore: StateStore {
    private var tree = InMemoryTree()

    public init() {}

    public func get(_ path: String) throws -> StoredNode? {
        try StatePath.validate(path, operation: "get")
        return tree.get(path)
    }

    public func exists(_ path: String) throws -> Int32? {
        try StatePath.validate(path, operation: "exists")
        return tree.get(path)?.version
    }

    public func children(_ path: String) throws -> [String] {
        try StatePath.validate(path, operation: "children")
        return try tree.children(path)
    }

    public func create(_ path: String, data: Data, createParents: Bool) throws {
        try StatePath.precheck(.create(path: path, data: data))
        try tree.create(path, data: data, createParents: createParents)
    }

    @discardableResult
    public func set(_ path: String, data: Data, expectedVersion: Int32?) throws -> Int32 {
        try StatePath.precheck(.set(path: path, data: data, expectedVersion: expectedVersion))
        return try tree.set(path, data: data, expectedVersion: expectedVersion)
    }

    public func delete(_ path: String, expectedVersion: Int32?) throws {
        try StatePath.precheck(.delete(path: path, expectedVersion: expectedVersion))
        try tree.delete(path, expectedVersion: expectedVersion)
    }

    @discardableResult
    public func multi(_ operations: [StateOperation]) throws -> [StateOperationResult] {
        try StatePath.precheck(multi: operations)
        return try tree.multi(operations)
    }

    /// Every node but the root with its data and version, for assertions in tests.
    public func snapshot() -> [String: StoredNode] {
        tree.allNodes
    }
}

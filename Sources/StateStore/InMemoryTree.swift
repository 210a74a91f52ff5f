import Foundation

/// The in-memory store's tree as a value: each operation either applies fully or throws and leaves the tree
/// unchanged, following ZooKeeper's order of checks (existence, then version, then children).
struct InMemoryTree: Sendable {
    private struct Node: Sendable {
        var data: Data
        var version: Int32
        var children: Set<String> = []
    }

    private var nodes: [String: Node] = [StatePath.root: Node(data: Data(), version: 0)]

    func get(_ path: String) -> StoredNode? {
        nodes[path].map { StoredNode(data: $0.data, version: $0.version) }
    }

    func children(_ path: String) throws -> [String] {
        guard let node = nodes[path] else {
            throw StateStoreError(code: .noNode, operation: "children", path: path)
        }
        return node.children.sorted()
    }

    /// Every node but the root, for inspection in tests.
    var allNodes: [String: StoredNode] {
        var result: [String: StoredNode] = [:]
        for (path, node) in nodes where path != StatePath.root {
            result[path] = StoredNode(data: node.data, version: node.version)
        }
        return result
    }

    mutating func create(_ path: String, data: Data, createParents: Bool) throws {
        if createParents {
            var copy = self
            for ancestor in StatePath.ancestors(of: path) where copy.nodes[ancestor] == nil {
                try copy.create(ancestor, data: Data(), createParents: false)
            }
            try copy.create(path, data: data, createParents: false)
            self = copy
            return
        }
        let parent = StatePath.parent(of: path)
        guard nodes[parent] != nil else {
            throw StateStoreError(code: .noNode, operation: "create", path: path)
        }
        guard nodes[path] == nil else {
            throw StateStoreError(code: .nodeExists, operation: "create", path: path)
        }
        nodes[path] = Node(data: data, version: 0)
        nodes[parent]!.children.insert(StatePath.name(of: path))
    }

    mutating func set(_ path: String, data: Data, expectedVersion: Int32?) throws -> Int32 {
        let node = try existing(path, operation: "set", expectedVersion: expectedVersion)
        let version = node.version &+ 1
        nodes[path]!.data = data
        nodes[path]!.version = version
        return version
    }

    mutating func delete(_ path: String, expectedVersion: Int32?) throws {
        let node = try existing(path, operation: "delete", expectedVersion: expectedVersion)
        guard node.children.isEmpty else {
            throw StateStoreError(code: .notEmpty, operation: "delete", path: path)
        }
        nodes[path] = nil
        nodes[StatePath.parent(of: path)]?.children.remove(StatePath.name(of: path))
    }

    func check(_ path: String, expectedVersion: Int32?) throws {
        _ = try existing(path, operation: "check", expectedVersion: expectedVersion)
    }

    /// Applies the operations to a copy and keeps it only if all succeed.
    mutating func multi(_ operations: [StateOperation]) throws -> [StateOperationResult] {
        var copy = self
        var results: [StateOperationResult] = []
        for (index, operation) in operations.enumerated() {
            do {
                switch operation {
                case .check(let path, let version):
                    try copy.check(path, expectedVersion: version)
                    results.append(.checked)
                case .create(let path, let data):
                    try copy.create(path, data: data, createParents: false)
                    results.append(.created)
                case .set(let path, let data, let version):
                    results.append(.set(version: try copy.set(path, data: data, expectedVersion: version)))
                case .delete(let path, let version):
                    try copy.delete(path, expectedVersion: version)
                    results.append(.deleted)
                }
            } catch let error as StateStoreError {
                throw error.inMulti(at: index)
            }
        }
        self = copy
        return results
    }

    private func existing(_ path: String, operation: String, expectedVersion: Int32?) throws -> Node {
        guard let node = nodes[path] else {
            throw StateStoreError(code: .noNode, operation: operation, path: path)
        }
        if let expectedVersion, expectedVersion != node.version {
            throw StateStoreError(code: .badVersion, operation: operation, path: path)
        }
        return node
    }
}

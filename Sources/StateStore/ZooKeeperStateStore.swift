import Foundation
import ZooKeeper

/// A `StateStore` in ZooKeeper: store path `/a/b` is the znode `<root>/a/b`, and `/` is the root znode.
public struct ZooKeeperStateStore: StateStore {
    public let client: ZooKeeperClient
    /// The znode under which everything is stored (within the client's chroot).
    public let root: String
    /// The ACL of every node the store creates.
    public let acl: ACL

    /// Opens the store, creating `root` (and its parents) when missing.
    ///
    /// - Parameter acl: the ACL of the nodes it creates; nil means `.creatorAll` when the client uses
    ///   credentials (only that identity may read or change the state) and `.open` otherwise.
    public init(client: ZooKeeperClient, root: String, acl: ACL? = nil) async throws {
        try StatePath.validate(root, operation: "open")
        self.client = client
        self.root = root
        self.acl = acl ?? (client.usesCredentials ? .creatorAll : .open)
        guard root != StatePath.root else { return }
        do {
            if try await client.exists(root) == nil {
                try await client.create(root, acl: self.acl, createParents: true)
            }
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Created meanwhile by another client: fine.
        } catch {
            throw Self.translate(error, operation: "open", path: root)
        }
    }

    public func get(_ path: String) async throws -> StoredNode? {
        try StatePath.validate(path, operation: "get")
        return try await run("get", path) {
            do {
                let node = try await client.get(znode(path))
                return StoredNode(data: node.data, version: node.stat.version)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
        }
    }

    public func exists(_ path: String) async throws -> Int32? {
        try StatePath.validate(path, operation: "exists")
        return try await run("exists", path) { try await client.exists(znode(path))?.version }
    }

    public func children(_ path: String) async throws -> [String] {
        try StatePath.validate(path, operation: "children")
        return try await run("children", path) { try await client.children(znode(path)) }
    }

    public func create(_ path: String, data: Data, createParents: Bool) async throws {
        try StatePath.precheck(.create(path: path, data: data))
        try await run("create", path) {
            _ = try await client.create(znode(path), data: data, acl: acl, createParents: createParents)
        }
    }

    @discardableResult
    public func set(_ path: String, data: Data, expectedVersion: Int32?) async throws -> Int32 {
        try StatePath.precheck(.set(path: path, data: data, expectedVersion: expectedVersion))
        return try await run("set", path) {
            try await client.set(znode(path), data: data, version: expectedVersion ?? anyVersion).version
        }
    }

    public func delete(_ path: String, expectedVersion: Int32?) async throws {
        try StatePath.precheck(.delete(path: path, expectedVersion: expectedVersion))
        try await run("delete", path) {
            try await client.delete(znode(path), version: expectedVersion ?? anyVersion)
        }
    }

    @discardableResult
    public func multi(_ operations: [StateOperation]) async throws -> [StateOperationResult] {
        try StatePath.precheck(multi: operations)
        let translated: [MultiOperation] = operations.map { operation in
            switch operation {
            case .check(let path, let version):
                return .check(path: znode(path), version: version ?? anyVersion)
            case .create(let path, let data):
                return .create(path: znode(path), data: data, mode: .persistent, acl: acl)
            case .set(let path, let data, let version):
                return .set(path: znode(path), data: data, version: version ?? anyVersion)
            case .delete(let path, let version):
                return .delete(path: znode(path), version: version ?? anyVersion)
            }
        }
        let results: [MultiResult]
        do {
            results = try await client.multi(translated)
        } catch let error as ZooKeeperError {
            if let index = error.failedOperationIndex, operations.indices.contains(index) {
                let operation = operations[index]
                throw Self.translate(error, operation: operation.name, path: operation.path).inMulti(at: index)
            }
            throw Self.translate(error, operation: "multi", path: operations.first?.path ?? StatePath.root)
        }
        return results.map { result in
            switch result {
            case .check: return .checked
            case .create: return .created
            case .set(let stat): return .set(version: stat.version)
            case .delete: return .deleted
            }
        }
    }

    /// The znode of a store path.
    func znode(_ path: String) -> String {
        if root == StatePath.root { return path }
        return path == StatePath.root ? root : root + path
    }

    private func run<Result>(_ operation: String, _ path: String, _ body: () async throws -> Result) async throws
        -> Result
    {
        do {
            return try await body()
        } catch {
            throw Self.translate(error, operation: operation, path: path)
        }
    }

    static func translate(_ error: any Error, operation: String, path: String) -> StateStoreError {
        guard let error = error as? ZooKeeperError else {
            if let error = error as? StateStoreError { return error }
            return StateStoreError(code: .failed, operation: operation, path: path, detail: "\(error)")
        }
        let code: StateStoreError.Code
        var detail: String?
        switch error.code {
        case .noNode: code = .noNode
        case .nodeExists: code = .nodeExists
        case .badVersion: code = .badVersion
        case .notEmpty: code = .notEmpty
        case .badArguments: code = .invalidPath
        case .noAuth, .invalidACL, .authFailed: code = .noAuth
        case .closing, .connectionLoss, .operationTimeout, .sessionExpired, .sessionMoved, .connectTimeout,
            .throttledOp, .invalidState:
            code = .unavailable
            detail = error.message
        default:
            code = .failed
            detail = error.message
        }
        return StateStoreError(code: code, operation: operation, path: path, detail: detail)
    }
}

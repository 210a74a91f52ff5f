import Foundation

/// The small persistent store the scheduler keeps its state in: a tree of nodes addressed by absolute paths
/// (`/tasks/broker-0`), each holding bytes and a version, with atomic multi-node transactions.
///
/// Semantics, identical in every implementation:
/// - Versions start at 0 when a node is created and grow by 1 with each `set`.
/// - An expected version of nil accepts any version; a different version fails with `badVersion` and changes
///   nothing.
/// - `create` needs the parent to exist (else `noNode`) unless `createParents`, which creates missing ancestors
///   with empty data.
/// - `delete` of a node with children fails with `notEmpty` (after the version check).
/// - `multi` applies all operations in order or none, and reports the first failing operation.
/// - Paths follow ZooKeeper's rules (absolute, no empty, `.` or `..` components, no trailing slash, no control
///   characters), else `invalidPath`; `/` is the store's root, which always exists and cannot be deleted.
/// - Data is at most `StateStoreLimits.maxDataSize` bytes, else `dataTooLarge`.
///
/// Every error is a `StateStoreError`.
public protocol StateStore: Sendable {
    /// The node's data and version, or nil when it does not exist.
    func get(_ path: String) async throws -> StoredNode?
    /// The node's version, or nil when it does not exist.
    func exists(_ path: String) async throws -> Int32?
    /// The names of the node's children, sorted.
    func children(_ path: String) async throws -> [String]
    /// Creates a node with version 0.
    func create(_ path: String, data: Data, createParents: Bool) async throws
    /// Replaces the node's data if its version is `expectedVersion` (nil: any); returns the new version.
    @discardableResult
    func set(_ path: String, data: Data, expectedVersion: Int32?) async throws -> Int32
    /// Deletes a node without children if its version is `expectedVersion` (nil: any).
    func delete(_ path: String, expectedVersion: Int32?) async throws
    /// Applies every operation, in order, or none.
    @discardableResult
    func multi(_ operations: [StateOperation]) async throws -> [StateOperationResult]
}

extension StateStore {
    /// Creates a node whose parent exists.
    public func create(_ path: String, data: Data = Data()) async throws {
        try await create(path, data: data, createParents: false)
    }

    /// Replaces the node's data whatever its version.
    @discardableResult
    public func set(_ path: String, data: Data) async throws -> Int32 {
        try await set(path, data: data, expectedVersion: nil)
    }

    /// Deletes a node without children whatever its version.
    public func delete(_ path: String) async throws {
        try await delete(path, expectedVersion: nil)
    }
}

/// Limits every `StateStore` enforces the same way.
public enum StateStoreLimits {
    /// The largest data a node may hold: ZooKeeper refuses requests over about 1 MiB (jute.maxbuffer).
    public static let maxDataSize = 1_000_000
}

/// A node's data and version.
public struct StoredNode: Sendable, Hashable {
    public var data: Data
    public var version: Int32

    public init(data: Data, version: Int32) {
        self.data = data
        self.version = version
    }
}

/// One operation of `StateStore.multi`.
public enum StateOperation: Sendable, Hashable {
    /// Fails the transaction unless the node exists with this version (nil: exists at all).
    case check(path: String, expectedVersion: Int32?)
    case create(path: String, data: Data)
    case set(path: String, data: Data, expectedVersion: Int32?)
    case delete(path: String, expectedVersion: Int32?)

    public var path: String {
        switch self {
        case .check(let path, _), .create(let path, _), .set(let path, _, _), .delete(let path, _):
            return path
        }
    }

    /// The operation's name in errors.
    public var name: String {
        switch self {
        case .check: return "check"
        case .create: return "create"
        case .set: return "set"
        case .delete: return "delete"
        }
    }
}

/// The result of one operation of a successful `multi`, in order.
public enum StateOperationResult: Sendable, Hashable {
    case checked
    case created
    /// The node's new version.
    case set(version: Int32)
    case deleted
}

import Foundation
import Logging

/// An asynchronous ZooKeeper client over libzookeeper-mt.
///
/// ```swift
/// let client = try await ZooKeeperClient.connect(connectString: "127.0.0.1:2181/kafka")
/// try await client.create("/a/b", data: Data("x".utf8), createParents: true)
/// let node = try await client.get("/a/b")
/// try await client.set("/a/b", data: Data("y".utf8), version: node.stat.version)
/// await client.close()
/// ```
///
/// Connection and session: while the connection is lost but the session lives, the library reconnects by
/// itself (requests fail with `connectionLoss` meanwhile) and the session, its ephemeral nodes and its watches
/// survive. When the server expires the session, the client opens a new one with the same credentials and
/// announces it through `sessionEvents()` (`.expired`, then `.sessionRenewed`); requests made in between fail
/// with `sessionExpired`. Every error is a `ZooKeeperError`.
///
/// Streams from `watchData`, `watchChildren` and `sessionEvents` keep the client's internals alive; close the
/// client with `close()` when done, which ends them all.
public final class ZooKeeperClient: Sendable {
    let core: ClientCore

    /// The connect string this client was created with (`host:port,host:port[/chroot]`).
    public var connectString: String { core.connectString }

    /// The session timeout requested from the server.
    public let sessionTimeout: Duration

    /// True when the client authenticates with digest credentials (so it can create nodes with creator ACLs).
    public var usesCredentials: Bool { core.credentials != nil }

    private init(core: ClientCore, sessionTimeout: Duration) {
        self.core = core
        self.sessionTimeout = sessionTimeout
    }

    /// Connects and waits for the first session.
    ///
    /// - Parameters:
    ///   - connectString: `host:port[,host:port…][/chroot]`. The chroot node must exist.
    ///   - sessionTimeout: how long the server keeps the session (and its ephemeral nodes) without hearing
    ///     from the client. The server bounds it to [2, 20] × its tickTime unless configured otherwise.
    ///   - connectTimeout: how long to wait for the first session before failing with `connectTimeout`.
    ///   - credentials: digest `user:password`; added before the session starts and again on every new session.
    ///   - logger: receives the client's events and, process-wide, the C library's log lines.
    public static func connect(
        connectString: String,
        sessionTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(10),
        credentials: String? = nil,
        logger: Logger = Logger(label: "kafka-scheduler.zookeeper")
    ) async throws -> ZooKeeperClient {
        ZooKeeperLogSink.use(logger)
        let core = ClientCore(
            connectString: connectString,
            sessionTimeoutMilliseconds: milliseconds(sessionTimeout),
            credentials: credentials,
            logger: logger
        )
        // The gate is in place before the handle exists: a local server connects within microseconds.
        let gate = ConnectGate(needsAuthentication: credentials != nil)
        core.setGate(gate)
        let opened = await DedicatedThread.run(name: "zookeeper-init") {
            Result { try core.openHandle(generation: 1) }
        }
        core.install(try opened.get())

        let hosts = connectString.split(separator: "/", maxSplits: 1).first.map(String.init) ?? connectString
        let timer = Task {
            guard (try? await Task.sleep(for: connectTimeout)) != nil else { return }
            gate.fail(
                ZooKeeperError(
                    code: .connectTimeout,
                    operation: "connect",
                    detail: "no session with \(hosts) within \(connectTimeout); is a ZooKeeper server running there?"
                )
            )
        }
        defer { timer.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await gate.wait()
            } onCancel: {
                gate.fail(CancellationError())
            }
        } catch {
            await core.close()
            throw error
        }
        core.clearGate()
        return ZooKeeperClient(core: core, sessionTimeout: sessionTimeout)
    }

    /// Ends the session (its ephemeral nodes disappear), ends every stream and frees the C handle. Idempotent.
    public func close() async {
        await core.close()
    }

    // MARK: Session

    /// Where the session stands now.
    public var state: SessionState { core.sessionState }

    /// The current session when connected.
    public var session: Session? {
        if case .connected(let session) = state { return session }
        return nil
    }

    /// The session's changes, starting with the current state; see `SessionEvent`. Any number of observers
    /// may subscribe; each stream finishes after `.closed` or when its consumer stops.
    public func sessionEvents() -> AsyncStream<SessionEvent> {
        core.sessionEvents()
    }

    // MARK: Operations

    /// Creates a node and returns its path (with the sequence suffix for sequential modes).
    ///
    /// With `createParents`, missing ancestors are created first as empty persistent nodes, with the same ACL
    /// for the creator ACLs and `.open` otherwise (so that the creator can add the node below them).
    @discardableResult
    public func create(
        _ path: String,
        data: Data = Data(),
        mode: CreateMode = .persistent,
        acl: ACL = .open,
        createParents: Bool = false
    ) async throws -> String {
        try await core.perform(operation: "create", path: path) { handle in
            do {
                return try await handle.create(path: path, data: data, mode: mode, acl: acl)
            } catch let error as ZooKeeperError where error.code == .noNode && createParents {
                let parentACL: ACL = (acl == .creatorAll || acl == .creatorAllWorldRead) ? acl : .open
                for ancestor in Self.ancestors(of: path) {
                    do {
                        _ = try await handle.create(path: ancestor, data: Data(), mode: .persistent, acl: parentACL)
                    } catch let error as ZooKeeperError where error.code == .nodeExists {
                        continue
                    }
                }
                return try await handle.create(path: path, data: data, mode: mode, acl: acl)
            }
        }
    }

    /// Reads a node's data and stat; `noNode` when it does not exist.
    public func get(_ path: String) async throws -> NodeData {
        try await core.perform(operation: "get", path: path) { try await $0.get(path: path, watch: false) }
    }

    /// Replaces a node's data if its version is `version` (`anyVersion`: any); returns the new stat.
    /// A stale version fails with `badVersion` and changes nothing.
    @discardableResult
    public func set(_ path: String, data: Data, version: Int32 = anyVersion) async throws -> NodeStat {
        try await core.perform(operation: "set", path: path) {
            try await $0.set(path: path, data: data, version: version)
        }
    }

    /// Deletes a node without children if its version is `version` (`anyVersion`: any).
    public func delete(_ path: String, version: Int32 = anyVersion) async throws {
        try await core.perform(operation: "delete", path: path) { try await $0.delete(path: path, version: version) }
    }

    /// The node's stat, or nil when it does not exist.
    public func exists(_ path: String) async throws -> NodeStat? {
        try await core.perform(operation: "exists", path: path) { try await $0.exists(path: path, watch: false) }
    }

    /// The names of a node's children, sorted; `noNode` when the node does not exist.
    public func children(_ path: String) async throws -> [String] {
        try await core.perform(operation: "children", path: path) {
            try await $0.children(path: path, watch: false)
        }
    }

    /// Runs the operations as one atomic transaction: all apply or none. On failure the error names the first
    /// failing operation (`failedOperationIndex`, its `path`) and its cause.
    @discardableResult
    public func multi(_ operations: [MultiOperation]) async throws -> [MultiResult] {
        try await core.perform(operation: "multi", path: nil) { try await $0.multi(operations) }
    }

    // MARK: Helpers

    /// The ancestors of `path` from the top down, excluding the root (and `path` itself, unless it ends with
    /// `/`, the prefix form of a sequential node).
    static func ancestors(of path: String) -> [String] {
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !path.hasSuffix("/") {
            components = Array(components.dropLast())
        }
        var result: [String] = []
        var current = ""
        for component in components {
            current += "/" + component
            result.append(current)
        }
        return result
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}

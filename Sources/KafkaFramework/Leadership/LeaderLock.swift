import Foundation
import Logging
import ZooKeeper

/// A ZooKeeper leader lock: of the scheduler instances sharing a service root, at most one holds it and may
/// act (subscribe to Mesos, write state, answer commands); the others wait, ready to take over.
///
/// Each instance creates an ephemeral sequential node `<root>/lock/leader-<seq>` holding its `LeaderIdentity`;
/// the lowest sequence number holds the lock. A waiting instance watches only the node just ahead of its own,
/// so a departure wakes one instance, not all of them.
///
/// ZooKeeper trouble is handled conservatively, because two instances acting at once is worse than none:
/// - session expired: the node is gone, another instance may already hold the lock; `.lost(.sessionExpired)`
///   is announced at once, and a new node is created on the renewed session;
/// - connection lost: the session may expire on the server before the client hears of it. The holder gives
///   up (`.lost(.connectionLost)`) once the connection has been down for `disconnectTolerance`, which by
///   default is a third of the session timeout: the client notices a silent connection after two thirds of
///   the timeout without a word from the server, so the server may expire the session a third of the timeout
///   after that, and not earlier. Reconnecting on the same session regains the lock without a new node.
///
/// `close()` deletes the node, so a successor takes over at once instead of waiting for the session to
/// expire. The lock does not own the ZooKeeper client; it only stops using it.
///
/// ```swift
/// let lock = LeaderLock(client: zk, root: "/dcos-service-kafka", identity: .current(apiAddress: "10.0.0.5:8080"))
/// let events = lock.events()
/// lock.start()
/// for await event in events { … }   // .acquired: act; .lost(reason): stop acting at once
/// ```
public final class LeaderLock: Sendable {
    /// Timing of the lock.
    public struct Configuration: Sendable, Equatable {
        /// How long the holder keeps the lock while disconnected from ZooKeeper; nil: a third of the client's
        /// session timeout (see the type's documentation). Must not exceed what the server may let the session
        /// live: the server may grant a shorter session timeout than the client asks for.
        public var disconnectTolerance: Duration?
        /// The pause before competing again after a failed round (an unexpected ZooKeeper error).
        public var retryDelay: Duration
        /// How long `close()` waits for ZooKeeper to delete the node before leaving it to the session's end.
        public var closeTimeout: Duration

        public init(
            disconnectTolerance: Duration? = nil, retryDelay: Duration = .seconds(1),
            closeTimeout: Duration = .seconds(5)
        ) {
            self.disconnectTolerance = disconnectTolerance
            self.retryDelay = retryDelay
            self.closeTimeout = closeTimeout
        }
    }

    /// The node under which the lock nodes live: `<root>/lock`.
    public let lockPath: String
    /// What this instance writes into its node.
    public let identity: LeaderIdentity
    public let configuration: Configuration
    let client: ZooKeeperClient
    let logger: Logger
    let driver: Driver

    /// A lock for the service rooted at `root` (for example `/dcos-service-kafka`). Nothing happens until
    /// `start()`.
    public init(
        client: ZooKeeperClient,
        root: String,
        identity: LeaderIdentity,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kafka-scheduler.leader-lock")
    ) {
        let trimmed = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.lockPath = trimmed + "/lock"
        self.identity = identity
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.driver = Driver()
    }

    /// Starts competing for the lock. Idempotent; does nothing after `close()`.
    public func start() {
        driver.start(lock: self)
    }

    /// Where the lock stands now.
    public var state: LeadershipState {
        driver.snapshot.state
    }

    /// True while this instance holds the lock.
    public var isLeader: Bool { state.isLeader }

    /// This instance's lock node, while it has one.
    public var nodePath: String? {
        driver.snapshot.node
    }

    /// Leadership changes from now on. A subscriber that joins while the lock is held receives `.acquired`
    /// first. Any number of observers may subscribe; each stream finishes when the lock is closed (after a
    /// final `.lost` if it was held) or when its consumer stops.
    public func events() -> AsyncStream<LeadershipEvent> {
        driver.subscribe()
    }

    /// Gives up the lock: announces `.lost(.closed)` if it was held, deletes this instance's node (waiting at
    /// most `closeTimeout`), ends the event streams. Idempotent.
    public func close() async {
        await driver.close()
    }

    /// Who holds the lock now, read from ZooKeeper: the identity in the lowest node, or nil when nobody
    /// competes. This instance's own identity when it is the holder.
    public func currentLeader() async throws -> LeaderIdentity? {
        for _ in 0..<5 {
            let nodes: [String]
            do {
                nodes = try await client.children(lockPath)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
            guard let lowest = LockNodes.sorted(nodes).first else { return nil }
            let path = lockPath + "/" + lowest
            do {
                let node = try await client.get(path)
                do {
                    return try LeaderIdentity.decode(node.data)
                } catch {
                    throw LeaderLockError.unreadableNode(path: path, detail: "\(error)")
                }
            } catch let error as ZooKeeperError where error.code == .noNode {
                // The holder left between the two reads: look again.
                continue
            }
        }
        throw LeaderLockError.unstable(path: lockPath)
    }
}

/// A failure reading the lock's nodes.
public enum LeaderLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A lock node does not hold a `LeaderIdentity` (written by something else).
    case unreadableNode(path: String, detail: String)
    /// The holder changed on every attempt to read it.
    case unstable(path: String)

    public var description: String {
        switch self {
        case .unreadableNode(let path, let detail):
            "leader lock node \(path) does not hold a leader identity (host, pid, api_address): \(detail)"
        case .unstable(let path):
            "the leader under \(path) changed on every attempt to read it; try again"
        }
    }
}

/// Lock node names: `leader-<10-digit sequence>`.
enum LockNodes {
    static let prefix = "leader-"

    static func sequence(of name: String) -> Int64? {
        guard name.hasPrefix(prefix) else { return nil }
        return Int64(name.dropFirst(prefix.count))
    }

    /// The lock nodes among `names`, lowest sequence first; other names are ignored.
    static func sorted(_ names: [String]) -> [String] {
        names.compactMap { name in sequence(of: name).map { (name, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }
}

/// Where a `LeaderLock` stands.
public enum LeadershipState: Sendable, Hashable, CustomStringConvertible {
    /// Not started yet.
    case idle
    /// Competing: creating its lock node, or waiting for the instance ahead of it to go.
    case contending
    /// Holding the lock: this instance may act.
    case leader
    /// Lost the lock (or may have lost it) and must not act; it competes again once its ZooKeeper session is
    /// usable.
    case suspended(LeadershipLossReason)
    /// Closed, for good.
    case closed

    /// True only while the lock is held.
    public var isLeader: Bool { self == .leader }

    public var description: String {
        switch self {
        case .idle: "idle"
        case .contending: "contending"
        case .leader: "leader"
        case .suspended(let reason): "suspended (\(reason))"
        case .closed: "closed"
        }
    }
}

/// A change of leadership, as delivered by `LeaderLock.events()`.
public enum LeadershipEvent: Sendable, Hashable, CustomStringConvertible {
    /// The lock is held: start acting.
    case acquired
    /// The lock is lost, or may be: stop acting at once.
    case lost(LeadershipLossReason)

    public var description: String {
        switch self {
        case .acquired: "acquired"
        case .lost(let reason): "lost (\(reason))"
        }
    }
}

/// Why a held lock was given up.
public enum LeadershipLossReason: Sendable, Hashable, CustomStringConvertible {
    /// ZooKeeper expired the session: the lock node is gone and another instance may hold the lock.
    case sessionExpired
    /// The connection to ZooKeeper has been lost long enough that the session may have expired on the server
    /// (which the client learns only when it reconnects).
    case connectionLost
    /// The lock node was deleted while the session lived (by an operator or another tool).
    case nodeDeleted
    /// `close()` was called.
    case closed
    /// The ZooKeeper client was closed or rejected its credentials: the lock cannot be held any more.
    case clientUnusable

    public var description: String {
        switch self {
        case .sessionExpired: "ZooKeeper session expired"
        case .connectionLost: "ZooKeeper connection lost for longer than the session could survive"
        case .nodeDeleted: "lock node deleted"
        case .closed: "lock closed"
        case .clientUnusable: "ZooKeeper client closed or unauthenticated"
        }
    }
}

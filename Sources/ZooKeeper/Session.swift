/// One ZooKeeper session of a client.
public struct Session: Sendable, Hashable, CustomStringConvertible {
    /// The server's id for the session.
    public let id: Int64
    /// 1 for the client's first session; +1 each time a new session replaces an expired one.
    public let generation: Int

    public init(id: Int64, generation: Int) {
        self.id = id
        self.generation = generation
    }

    public var description: String {
        "0x\(String(UInt64(bitPattern: id), radix: 16)) (generation \(generation))"
    }
}

/// Where the client's session stands.
public enum SessionState: Sendable, Hashable {
    /// Not connected. Either no session exists yet, or the connection was lost and the library is
    /// reconnecting; the session (and its ephemeral nodes) survives if it reconnects within the session timeout.
    case connecting(Session?)
    /// Connected with a live session.
    case connected(Session)
    /// The server expired this session: its ephemeral nodes and watches are gone. A new session is being
    /// established with the same credentials.
    case expired(Session)
    /// The server rejected the credentials; the client stays unusable until closed.
    case authFailed
    /// `close()` was called.
    case closed
}

/// A change of the client's session, as delivered by `ZooKeeperClient.sessionEvents()`.
///
/// A new subscriber first receives the current state (`connecting`, `connected`, `expired`, `authFailed` or
/// `closed`), then every change in order. A connection loss that the session survives reads
/// `.connecting`, `.connected(sameSession)`. An expiry reads `.expired(old)`, then, once the replacement session
/// is connected, `.sessionRenewed(previous: old, current: new)` followed by `.connected(new)`: owners of
/// ephemeral nodes (a leader lock) must re-create them on `.sessionRenewed`. The stream finishes after `.closed`.
public enum SessionEvent: Sendable, Hashable {
    case connecting
    case connected(Session)
    case expired(Session)
    case sessionRenewed(previous: Session, current: Session)
    case authFailed
    case closed
}

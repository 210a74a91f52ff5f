import CZooKeeper

/// How a node is created.
public enum CreateMode: Sendable, Hashable, CaseIterable {
    /// Stays until deleted.
    case persistent
    /// Deleted by the server when the session that created it ends.
    case ephemeral
    /// Persistent, with a 10-digit increasing counter appended to the name.
    case persistentSequential
    /// Ephemeral, with a 10-digit increasing counter appended to the name (leader election, locks).
    case ephemeralSequential

    var flags: Int32 {
        switch self {
        case .persistent: return czk_mode_persistent()
        case .ephemeral: return czk_mode_ephemeral()
        case .persistentSequential: return czk_mode_persistent_sequential()
        case .ephemeralSequential: return czk_mode_ephemeral_sequential()
        }
    }

    var isSequential: Bool {
        self == .persistentSequential || self == .ephemeralSequential
    }
}

import StateStore

/// Why the scheduler's stored state cannot be used.
public enum SchedulerStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state was written by a newer build whose layout this one does not know. Running on it could
    /// damage it: the daemon stops.
    case unsupportedSchemaVersion(found: String, supported: Int, path: String)
    /// A stored node cannot be read (not the JSON or text this build expects).
    case unreadable(path: String, reason: String)
    /// The store failed (ZooKeeper unreachable, a concurrent change, …).
    case store(StateStoreError)

    public var description: String {
        switch self {
        case .unsupportedSchemaVersion(let found, let supported, let path):
            return "the state under \(path) has schema version \(found), but this scheduler reads version "
                + "\(supported): run a scheduler release that knows version \(found), or move the state away"
        case .unreadable(let path, let reason):
            return "the stored node \(path) cannot be read: \(reason)"
        case .store(let error):
            return error.message
        }
    }

    /// Wraps any error of a store call.
    static func wrap(_ error: any Error, path: String) -> SchedulerStateError {
        if let error = error as? SchedulerStateError { return error }
        if let error = error as? StateStoreError { return .store(error) }
        return .store(StateStoreError(code: .failed, operation: "access", path: path, detail: "\(error)"))
    }
}

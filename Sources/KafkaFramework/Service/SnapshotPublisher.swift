import Foundation

/// Holds the latest `SchedulerSnapshot`: the scheduler publishes, any thread reads, neither waits on the
/// other for longer than a pointer swap.
public final class SnapshotPublisher: @unchecked Sendable {
    // @unchecked: `current` is only read and written with `lock` held, and snapshots are immutable.
    private let lock = NSLock()
    private var _current: SchedulerSnapshot

    public init(_ initial: SchedulerSnapshot) {
        _current = initial
    }

    /// The latest published snapshot.
    public var current: SchedulerSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return _current
    }

    /// Makes `snapshot` the one readers get from now on.
    public func publish(_ snapshot: SchedulerSnapshot) {
        lock.lock()
        _current = snapshot
        lock.unlock()
    }
}

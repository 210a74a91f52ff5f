import Synchronization

/// Holds the latest `SchedulerSnapshot`: the scheduler publishes, any thread reads, neither waits on the
/// other for longer than a pointer swap.
public final class SnapshotPublisher: Sendable {
    private let latest: Mutex<SchedulerSnapshot>

    public init(_ initial: SchedulerSnapshot) {
        latest = Mutex(initial)
    }

    /// The latest published snapshot.
    public var current: SchedulerSnapshot {
        latest.withLock { $0 }
    }

    /// Makes `snapshot` the one readers get from now on.
    public func publish(_ snapshot: SchedulerSnapshot) {
        latest.withLock { $0 = snapshot }
    }
}

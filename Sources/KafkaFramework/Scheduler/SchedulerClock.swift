import Foundation

/// The scheduler's time: what time it is, and waiting for a moment. Injected so that tests control time.
public protocol SchedulerClock: Sendable {
    /// The current wall-clock time.
    var now: Date { get }
    /// Returns at `deadline` (at once when it has passed); throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system's clock.
public struct SystemSchedulerClock: SchedulerClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 {
            try await Task.sleep(for: .milliseconds(Int64((interval * 1000).rounded(.up))))
        }
    }
}

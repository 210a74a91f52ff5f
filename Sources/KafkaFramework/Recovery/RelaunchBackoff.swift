/// How long a failed broker waits before it is relaunched: at once after its first failure, then 5 s doubling
/// up to 2 minutes while it keeps failing. A task that ran long enough (`stableAfter`) before failing starts
/// the count afresh.
public struct RelaunchBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    /// A task that ran at least this long before it failed counts as a first failure.
    public var stableAfter: Duration

    public init(
        initial: Duration = .seconds(5), maximum: Duration = .seconds(120), stableAfter: Duration = .seconds(60)
    ) {
        self.initial = initial
        self.maximum = maximum
        self.stableAfter = stableAfter
    }

    /// The delay before relaunching after `failures` failures in a row (1 for the first).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 1 else { return .zero }
        var delay = initial
        for _ in 2..<failures {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// The failure count after one more failure, given the previous count and how long the task ran (nil when
    /// it never reached TASK_RUNNING).
    public func failures(after previous: Int, ranFor: Duration?) -> Int {
        if let ranFor, ranFor >= stableAfter { return 1 }
        return previous + 1
    }
}

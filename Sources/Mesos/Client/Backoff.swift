/// Exponential backoff with jitter, capped.
///
/// The ceiling for retry `n` (0-based) is `min(cap, initial × 2ⁿ)`; the delay is drawn from the upper
/// half of it, `[ceiling / 2, ceiling)`, so that retries of many clients spread out while each one still
/// waits at least half the ceiling (a client that keeps failing never spins).
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry.
    public var initial: Duration
    /// The largest delay.
    public var cap: Duration

    public init(initial: Duration = .milliseconds(500), cap: Duration = .seconds(15)) {
        self.initial = initial
        self.cap = cap
    }

    /// The delay before retry `attempt` (0 for the first), with `random` in `[0, 1)`.
    public func delay(attempt: Int, random: Double) -> Duration {
        let initialSeconds = initial.inSeconds
        let capSeconds = Swift.max(cap.inSeconds, 0)
        let factor = Double(1 << Swift.min(Swift.max(attempt, 0), 62))
        let ceiling = Swift.min(capSeconds, initialSeconds * factor)
        let unit = Swift.min(Swift.max(random, 0), 1)
        return .seconds(Swift.min(ceiling / 2 + ceiling / 2 * unit, capSeconds))
    }

    /// The delay before retry `attempt`, drawn with the system's random generator.
    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, random: Double.random(in: 0..<1))
    }
}

/// Counts failures between subscriptions to pick the next reconnect delay.
///
/// A SUBSCRIBED resets the count, except when the same stream then ends with an ERROR event (a removed
/// framework or a fight between two schedulers): that counts as one more failure after those before the
/// SUBSCRIBED, so such a loop backs off to the cap instead of reconnecting at once for ever.
struct ReconnectBackoff: Sendable, Hashable {
    let backoff: Backoff
    private(set) var failures = 0
    private var failuresBeforeSubscribed = 0

    init(backoff: Backoff) {
        self.backoff = backoff
    }

    mutating func subscribed() {
        failuresBeforeSubscribed = failures
        failures = 0
    }

    /// The delay before the next SUBSCRIBE after a disconnect; `random` in `[0, 1)`.
    mutating func nextDelay(after reason: MesosDisconnectReason, random: Double) -> Duration {
        if case .errorEvent = reason {
            failures = Swift.max(failures, failuresBeforeSubscribed)
        }
        let delay = backoff.delay(attempt: failures, random: random)
        failures += 1
        return delay
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

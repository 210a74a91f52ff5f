import Testing

@testable import Mesos

@Suite("Client backoff")
struct ClientBackoffTests {
    let backoff = Backoff(initial: .milliseconds(500), cap: .seconds(15))

    @Test func growsExponentiallyWithinTheUpperHalfOfItsCeiling() {
        for attempt in 0..<5 {
            let ceiling = Duration.milliseconds(500) * (1 << attempt)
            #expect(backoff.delay(attempt: attempt, random: 0) == ceiling / 2, "attempt \(attempt)")
            let top = backoff.delay(attempt: attempt, random: 0.999_999)
            #expect(top < ceiling && top > ceiling * 0.99, "attempt \(attempt): \(top)")
        }
    }

    @Test func isCappedAtFifteenSeconds() {
        for attempt in [5, 6, 10, 62, 63, 1000, Int.max] {
            for random in [0.0, 0.5, 0.999_999, 1.0] {
                let delay = backoff.delay(attempt: attempt, random: random)
                #expect(delay <= .seconds(15), "attempt \(attempt) random \(random): \(delay)")
                #expect(delay >= .milliseconds(7500), "attempt \(attempt) random \(random): \(delay)")
            }
        }
        #expect(backoff.delay(attempt: 40, random: 1.0) == .seconds(15))
    }

    @Test func isJittered() {
        let delays = Set((0..<50).map { _ in backoff.delay(attempt: 3) })
        #expect(delays.count > 40, "50 draws gave only \(delays.count) distinct delays")
        for delay in delays {
            #expect(delay >= .seconds(2) && delay < .seconds(4))
        }
    }

    @Test func outOfRangeInputsStayInRange() {
        #expect(backoff.delay(attempt: -3, random: 0) == .milliseconds(250))
        #expect(backoff.delay(attempt: 0, random: -1) == .milliseconds(250))
        #expect(backoff.delay(attempt: 0, random: 7) == .milliseconds(500))
    }

    @Test func subscribedResetsTheFailureCount() {
        var reconnect = ReconnectBackoff(backoff: backoff)
        for _ in 0..<4 {
            _ = reconnect.nextDelay(after: .streamEnded, random: 0)
        }
        #expect(reconnect.failures == 4)
        reconnect.subscribed()
        #expect(reconnect.nextDelay(after: .streamEnded, random: 0) == .milliseconds(250))
    }

    @Test func errorEventsKeepGrowingAcrossSubscriptions() {
        // A removed framework: SUBSCRIBED never comes, ERROR each time.
        var removed = ReconnectBackoff(backoff: backoff)
        let removedDelays = (0..<8).map { _ in
            removed.nextDelay(after: .errorEvent(message: "Framework has been removed"), random: 0)
        }
        #expect(removedDelays.last == .milliseconds(7500))

        // Two schedulers failing each other over: SUBSCRIBED, then ERROR, again and again.
        var fighting = ReconnectBackoff(backoff: backoff)
        var delays: [Duration] = []
        for _ in 0..<8 {
            fighting.subscribed()
            delays.append(fighting.nextDelay(after: .errorEvent(message: "Framework failed over"), random: 0))
        }
        #expect(delays == [250, 500, 1000, 2000, 4000, 7500, 7500, 7500].map { Duration.milliseconds($0) })

        // A stream that ends without ERROR after SUBSCRIBED starts over.
        fighting.subscribed()
        #expect(fighting.nextDelay(after: .streamEnded, random: 0) == .milliseconds(250))
    }
}

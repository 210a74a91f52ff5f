import CurlHTTP
import Foundation
import Logging
import Synchronization
import Testing

@testable import Mesos

// MARK: Waiting for things

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Items in arrival order for one reader that waits with a deadline.
final class AsyncQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var consumed = 0
        var waiter: (id: Int, continuation: CheckedContinuation<Element?, Never>)?
        var nextWaiterID = 0
        var finished = false
    }

    private let state = Mutex(State())

    func push(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            state.items.append(element)
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.consumed += 1
            return waiter.continuation
        }
        waiter?.resume(returning: element)
    }

    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: nil)
    }

    /// Everything pushed so far, read or not.
    var all: [Element] {
        state.withLock { $0.items }
    }

    /// The next unread element; nil after `timeout` or when finished.
    func next(timeout: Duration) async -> Element? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
            let (immediate, id) = state.withLock { state -> (Element??, Int) in
                if state.consumed < state.items.count {
                    state.consumed += 1
                    return (.some(state.items[state.consumed - 1]), 0)
                }
                if state.finished { return (.some(nil), 0) }
                state.nextWaiterID += 1
                state.waiter = (state.nextWaiterID, continuation)
                return (nil, state.nextWaiterID)
            }
            if let immediate {
                continuation.resume(returning: immediate)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: timeout)
                let expired = self.state.withLock { state -> CheckedContinuation<Element?, Never>? in
                    guard let waiter = state.waiter, waiter.id == id else { return nil }
                    state.waiter = nil
                    return waiter.continuation
                }
                expired?.resume(returning: nil)
            }
        }
    }

    /// The next unread element, or a `TimedOut` error naming `what`.
    func next(_ what: String, timeout: Duration = .seconds(10)) async throws -> Element {
        guard let element = await next(timeout: timeout) else { throw TimedOut(what: what) }
        return element
    }
}

// MARK: The client under test

/// A FrameworkInfo as the Kafka scheduler sends it.
func testFrameworkInfo(principal: String? = "kafka-fw") -> FrameworkInfo {
    FrameworkInfo(
        user: "kafka", name: "kafka-scheduler", failoverTimeout: 604_800, checkpoint: true, roles: ["kafka"],
        principal: principal,
        capabilities: [.init(.multiRole), .init(.reservationRefinement), .init(.partitionAware)])
}

/// Small intervals so that reconnects happen within a test's patience.
func testConfiguration(
    master: MasterSource, secret: String? = nil, frameworkID: FrameworkID? = nil,
    requestTimeout: Duration = .seconds(5), heartbeatMissLimit: Int = 5, deliversHeartbeats: Bool = false
) -> MesosSchedulerClient.Configuration {
    MesosSchedulerClient.Configuration(
        master: master, frameworkInfo: testFrameworkInfo(), secret: secret, frameworkID: frameworkID,
        requestTimeout: requestTimeout, connectTimeout: .seconds(2), heartbeatMissLimit: heartbeatMissLimit,
        backoff: Backoff(initial: .milliseconds(20), cap: .milliseconds(200)),
        deliversHeartbeats: deliversHeartbeats)
}

/// Runs `client.run()` beside `body`, with its events in a queue; cancels it and waits for it to end
/// afterwards, also when `body` throws.
func withRunningClient<T: Sendable>(
    _ configuration: MesosSchedulerClient.Configuration,
    _ body: (MesosSchedulerClient, AsyncQueue<MesosSchedulerEvent>) async throws -> T
) async throws -> T {
    let client = try MesosSchedulerClient(configuration: configuration)
    let events = AsyncQueue<MesosSchedulerEvent>()
    let runner = Task {
        try await client.run()
    }
    let reader = Task {
        for await event in client.events {
            events.push(event)
        }
        events.finish()
    }
    do {
        let result = try await body(client, events)
        runner.cancel()
        _ = await runner.result
        await reader.value
        return result
    } catch {
        runner.cancel()
        _ = await runner.result
        await reader.value
        throw error
    }
}

extension AsyncQueue where Element == MesosSchedulerEvent {
    /// The next event that is not a disconnect (those come one per failed attempt).
    func nextSkippingDisconnects(_ what: String, timeout: Duration = .seconds(10)) async throws -> MesosSchedulerEvent {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let event = try await next(what, timeout: ContinuousClock.now.duration(to: deadline))
            if case .disconnected = event { continue }
            return event
        }
    }

    /// The next `.subscribed`, skipping disconnects; fails on any other event.
    func nextSubscription(timeout: Duration = .seconds(10)) async throws -> MesosSubscription {
        let event = try await nextSkippingDisconnects("SUBSCRIBED", timeout: timeout)
        guard case .subscribed(let subscription) = event else {
            Issue.record("expected .subscribed, got \(event)")
            throw TimedOut(what: "SUBSCRIBED")
        }
        return subscription
    }

    /// The next `.disconnected` reason; fails on any other event.
    func nextDisconnect(timeout: Duration = .seconds(10)) async throws -> MesosDisconnectReason {
        let event = try await next("a disconnect", timeout: timeout)
        guard case .disconnected(let reason) = event else {
            Issue.record("expected .disconnected, got \(event)")
            throw TimedOut(what: "a disconnect")
        }
        return reason
    }
}

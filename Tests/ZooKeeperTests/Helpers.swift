import Foundation
import Logging
import TestSupport
import Testing
import ZooKeeper

/// Runs `body` with a client of `server` and always closes it.
@discardableResult
func withClient<Result>(
    _ server: ZooKeeperServer,
    sessionTimeout: Duration = .seconds(10),
    credentials: String? = nil,
    _ body: (ZooKeeperClient) async throws -> Result
) async throws -> Result {
    let client = try await server.connect(sessionTimeout: sessionTimeout, credentials: credentials, logger: testLogger)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "kafka-scheduler.zookeeper.tests")
    logger.logLevel =
        ProcessInfo.processInfo.environment["ZK_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// Runs `operation` and returns the `ZooKeeperError` it throws; fails the test if it succeeds or throws
/// something else.
func zooKeeperError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: () async throws -> some Any
) async -> ZooKeeperError? {
    do {
        _ = try await operation()
        Issue.record("expected a ZooKeeperError, the operation succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as ZooKeeperError {
        return error
    } catch {
        Issue.record("expected a ZooKeeperError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    let description: String
}

/// Consumes a stream in the background and lets a test await a condition on everything received so far.
final class Recorder<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var finished = false
        var failure: String?
        var waiters:
            [Int: (predicate: @Sendable (State) -> Bool, continuation: CheckedContinuation<[Element], any Error>)] = [:]
        var nextWaiter = 0
    }

    private let state = SharedMutex(State())
    private let task: Task<Void, Never>

    init<Sequence: AsyncSequence & Sendable>(_ sequence: Sequence) where Sequence.Element == Element {
        let state = self.state
        task = Task {
            do {
                for try await element in sequence {
                    Recorder.update(state) { $0.elements.append(element) }
                }
                Recorder.update(state) { $0.finished = true }
            } catch {
                Recorder.update(state) {
                    $0.finished = true
                    $0.failure = "\(error)"
                }
            }
        }
    }

    deinit {
        task.cancel()
    }

    var elements: [Element] { state.withLock { $0.elements } }
    var finished: Bool { state.withLock { $0.finished } }
    var failure: String? { state.withLock { $0.failure } }

    /// Stops consuming (cancels the consumer task).
    func cancel() {
        task.cancel()
    }

    /// Waits until `predicate` holds for the elements received so far; throws after `timeout`.
    @discardableResult
    func wait(
        for what: String,
        timeout: Duration = .seconds(20),
        _ predicate: @escaping @Sendable ([Element]) -> Bool
    ) async throws -> [Element] {
        try await wait(for: what, timeout: timeout, state: { predicate($0.elements) })
    }

    /// Waits until the stream has ended.
    @discardableResult
    func waitForEnd(timeout: Duration = .seconds(20)) async throws -> [Element] {
        try await wait(for: "the end of the stream", timeout: timeout, state: { $0.finished })
    }

    private func wait(
        for what: String,
        timeout: Duration,
        state predicate: @escaping @Sendable (State) -> Bool
    ) async throws -> [Element] {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task { [state] in
            try await Task.sleep(for: timeout)
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            let seen = state.withLock { $0.elements }
            waiter?.continuation.resume(
                throwing: TimeoutError(description: "no \(what) within \(timeout); received \(seen)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> [Element]? in
                if predicate(state) { return state.elements }
                state.waiters[id] = (predicate, continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private static func update(_ state: SharedMutex<State>, _ change: (inout State) -> Void) {
        let ready = state.withLock { state -> [(CheckedContinuation<[Element], any Error>, [Element])] in
            change(&state)
            var ready: [(CheckedContinuation<[Element], any Error>, [Element])] = []
            for (id, waiter) in state.waiters where waiter.predicate(state) {
                ready.append((waiter.continuation, state.elements))
                state.waiters[id] = nil
            }
            return ready
        }
        ready.forEach { $0.0.resume(returning: $0.1) }
    }
}

/// Polls `condition` every 20 ms until it holds; throws after `timeout`. For states of other processes that
/// send no event (a signal taking effect, a file being written).
func eventually(
    _ what: String,
    timeout: Duration = .seconds(10),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw TimeoutError(description: "\(what) did not happen within \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

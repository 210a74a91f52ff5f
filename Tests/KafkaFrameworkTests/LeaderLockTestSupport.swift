import Foundation
import KafkaFramework
import Logging
import TestSupport
import Testing
import ZooKeeper

/// Records a lock's leadership events with the moment each arrived, and lets a test wait for the n-th one.
final class LeadershipRecorder: Sendable {
    struct Entry: Sendable {
        let event: LeadershipEvent
        let at: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Int: (count: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter = 0
        /// Waits whose timeout passed before they were registered.
        var expired: Set<Int> = []
    }

    let name: String
    private let state = SharedMutex(State())
    private let task: Task<Void, Never>

    init(_ lock: LeaderLock, name: String) {
        self.name = name
        let events = lock.events()
        let state = self.state
        task = Task {
            for await event in events {
                let ready = state.withLock { state in
                    state.entries.append(Entry(event: event, at: .now))
                    let count = state.entries.count
                    let ready = state.waiters.filter { $0.value.count <= count }
                    ready.keys.forEach { state.waiters.removeValue(forKey: $0) }
                    return ready.values.map(\.continuation)
                }
                ready.forEach { $0.resume() }
            }
        }
    }

    deinit {
        task.cancel()
    }

    var events: [LeadershipEvent] { state.withLock { $0.entries.map(\.event) } }
    var entries: [Entry] { state.withLock { $0.entries } }

    /// Waits until `count` events have arrived and returns the last of them; fails the test after `timeout`.
    @discardableResult
    func waitForEvent(
        _ count: Int, timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Entry {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let state = self.state
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.expired.insert(id)
                    return CheckedContinuation<Void, Never>?.none
                }
                return waiter.continuation
            }
            waiter?.resume()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.entries.count >= count || state.expired.remove(id) != nil { return true }
                state.waiters[id] = (count, continuation)
                return false
            }
            if now { continuation.resume() }
        }
        let entries = self.entries
        guard entries.count >= count else {
            throw TestSupportError(
                "\(name): expected \(count) leadership events within \(timeout), got \(entries.map(\.event))")
        }
        return entries[count - 1]
    }
}

/// Test logs stay quiet (cut-off connections are expected); `LEADER_LOCK_TEST_LOG=debug` shows everything.
func leaderLockTestLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "kafka-scheduler.leader-lock.tests")
    logger.logLevel =
        ProcessInfo.processInfo.environment["LEADER_LOCK_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? level
    return logger
}

/// Waits until `condition` holds, checking every 10 ms; fails after `timeout` with `what`.
func eventually(
    _ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestSupportError("timed out after \(timeout) waiting until \(what)")
}

/// One competing scheduler instance: its own ZooKeeper client (so its own session), its lock and a recorder.
struct Contender: Sendable {
    let name: String
    let client: ZooKeeperClient
    let lock: LeaderLock
    let recorder: LeadershipRecorder

    static func make(
        _ name: String, connectString: String, root: String, sessionTimeout: Duration = .seconds(10),
        configuration: LeaderLock.Configuration = .init()
    ) async throws -> Contender {
        let client = try await ZooKeeperClient.connect(
            connectString: connectString, sessionTimeout: sessionTimeout, logger: leaderLockTestLogger(level: .error))
        let identity = LeaderIdentity(host: "host-\(name)", pid: 4242, apiAddress: "\(name).example:8080")
        let lock = LeaderLock(
            client: client, root: root, identity: identity, configuration: configuration,
            logger: leaderLockTestLogger(level: .warning))
        return Contender(name: name, client: client, lock: lock, recorder: LeadershipRecorder(lock, name: name))
    }

    /// Starts competing and waits until its node exists, so that contenders started one after the other
    /// line up in that order.
    func start() async throws {
        lock.start()
        try await eventually("\(name) has a lock node") { lock.nodePath != nil }
    }

    func shutdown() async {
        await lock.close()
        await client.close()
    }
}

/// Runs `body` with the contenders and always closes them afterwards.
func withContenders<Result>(
    _ contenders: [Contender], _ body: ([Contender]) async throws -> Result
) async throws -> Result {
    do {
        let result = try await body(contenders)
        for contender in contenders { await contender.shutdown() }
        return result
    } catch {
        for contender in contenders { await contender.shutdown() }
        throw error
    }
}

extension ZooKeeperServer {
    /// The server's watches by path (`wchp`): each watched path with the ids of the sessions watching it.
    func watchesByPath() async throws -> [String: Set<Int64>] {
        let report = try await fourLetterWord("wchp")
        var watches: [String: Set<Int64>] = [:]
        var path: String?
        for line in report.split(separator: "\n") {
            if line.hasPrefix("/") {
                path = String(line)
                watches[String(line), default: []] = []
            } else if let path, let id = UInt64(line.trimmingCharacters(in: .whitespaces).dropFirst(2), radix: 16) {
                watches[path, default: []].insert(Int64(bitPattern: id))
            }
        }
        return watches
    }
}

import CZooKeeper
import Foundation
import Logging
import Synchronization

/// The shared state of a `ZooKeeperClient`: the current C handle, the session state machine, the session
/// observers and the watches. The library's threads deliver events here; Swift tasks read the current handle.
final class ClientCore: Sendable {
    enum WatchKind: Sendable {
        case data
        case children
    }

    struct WatchSubscription: Sendable {
        let path: String
        let kind: WatchKind
        /// Wakes the watch loop to read the node again.
        let signal: AsyncStream<Void>.Continuation
        /// Ends the consumer's stream when the client closes.
        let finish: @Sendable () -> Void
    }

    private struct State {
        var machine = SessionStateMachine()
        var handle: ZooKeeperHandle?
        var observers: [Int: AsyncStream<SessionEvent>.Continuation] = [:]
        var watches: [Int: WatchSubscription] = [:]
        var nextID = 0
        var gate: ConnectGate?

        mutating func makeID() -> Int {
            nextID += 1
            return nextID
        }
    }

    let connectString: String
    let sessionTimeoutMilliseconds: Int32
    let credentials: String?
    let logger: Logger
    private let state = Mutex(State())
    /// Held while session events are handed to observers, so that every observer sees them in the machine's
    /// order. Continuations are never yielded to (or finished) under `state`: a consumer's stream ends
    /// (`onTermination`, which takes `state`) on the thread that cancels the consumer's task while the
    /// runtime holds that task's status lock, and resuming that task's continuation waits for the same status
    /// lock. Yielding under `state` could therefore deadlock; termination handlers never take this lock, and
    /// this lock is always taken before `state`, never while holding it.
    private let announcing = Mutex(())

    init(connectString: String, sessionTimeoutMilliseconds: Int32, credentials: String?, logger: Logger) {
        self.connectString = connectString
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.credentials = credentials
        self.logger = logger
    }

    deinit {
        let (observers, watches) = state.withLock { ($0.observers.values, $0.watches.values) }
        observers.forEach { $0.finish() }
        watches.forEach { $0.finish() }
    }

    var sessionState: SessionState {
        state.withLock { $0.machine.state }
    }

    // MARK: Handles

    /// Opens the C handle of `generation`. Blocking: call it on a dedicated thread.
    func openHandle(generation: Int) throws -> ZooKeeperHandle {
        try ZooKeeperHandle.open(
            hosts: connectString,
            sessionTimeoutMilliseconds: sessionTimeoutMilliseconds,
            credentials: credentials,
            generation: generation,
            onEvent: { [weak self] generation, event in self?.handle(event, generation: generation) }
        )
    }

    func setGate(_ gate: ConnectGate) {
        state.withLock { $0.gate = gate }
    }

    func install(_ handle: ZooKeeperHandle) {
        state.withLock { $0.handle = handle }
    }

    func clearGate() {
        state.withLock { $0.gate = nil }
    }

    /// Runs `body` with the current handle, translating a handle that closed under it: `closing` when the
    /// client closed, `sessionExpired` when the handle was closed because a new session replaced it.
    func perform<Result: Sendable>(
        operation: String,
        path: String?,
        _ body: (ZooKeeperHandle) async throws -> Result
    ) async throws -> Result {
        let handle = try state.withLock { state -> ZooKeeperHandle in
            guard !state.machine.isClosed, let handle = state.handle else {
                throw ZooKeeperError(code: .closing, operation: operation, path: path)
            }
            return handle
        }
        do {
            return try await body(handle)
        } catch is ZooKeeperHandle.Closed {
            throw ZooKeeperError(code: closedCode, operation: operation, path: path)
        } catch let error as ZooKeeperError where error.code == .closing {
            // Requests pending on a replaced handle complete with ZCLOSING when it is closed.
            throw ZooKeeperError(
                code: closedCode, operation: error.operation, path: error.path,
                failedOperationIndex: error.failedOperationIndex
            )
        }
    }

    private var closedCode: ZooKeeperError.Code {
        state.withLock { $0.machine.isClosed } ? .closing : .sessionExpired
    }

    /// Closes the client: announces `.closed`, ends every stream, closes the handle.
    func close() async {
        let (handle, watches, gate) = announcing.withLock { _ in
            let (transition, observers, handle, watches, gate) = state.withLock { state in
                defer {
                    state.handle = nil
                    state.observers = [:]
                    state.watches = [:]
                    state.gate = nil
                }
                return (
                    state.machine.close(), Array(state.observers.values), state.handle, Array(state.watches.values),
                    state.gate
                )
            }
            for event in transition.events {
                observers.forEach { $0.yield(event) }
            }
            observers.forEach { $0.finish() }
            return (handle, watches, gate)
        }
        for watch in watches {
            watch.signal.finish()
            watch.finish()
        }
        gate?.fail(ZooKeeperError(code: .closing, operation: "connect"))
        if let handle {
            logger.debug("Closing ZooKeeper session", metadata: ["zk.generation": "\(handle.generation)"])
            await handle.close()
        }
    }

    // MARK: Events from the library

    private func handle(_ event: HandleEvent, generation: Int) {
        switch event {
        case .session(let sessionState, let sessionID):
            handleSession(sessionState, sessionID: sessionID, generation: generation)
        case .node(let type, let path):
            let childEvent = type == czk_event_child()
            let changedEvent = type == czk_event_changed()
            let concerned = state.withLock { state -> [WatchSubscription] in
                guard generation == state.machine.generation else { return [] }
                return state.watches.values.filter { watch in
                    guard watch.path == path else { return false }
                    switch watch.kind {
                    case .data: return !childEvent
                    case .children: return !changedEvent
                    }
                }
            }
            // Outside the lock, like every yield (see `announcing`).
            concerned.forEach { $0.signal.yield() }
        case .authCompleted(let resultCode):
            let gate = state.withLock { generation == $0.machine.generation ? $0.gate : nil }
            if resultCode == ZOK.rawValue {
                gate?.markAuthenticated()
            } else {
                let error = ZooKeeperError(resultCode: resultCode, operation: "authenticate", path: nil)
                logger.error("ZooKeeper rejected the digest credentials", metadata: ["zk.error": "\(error)"])
                gate?.fail(error)
            }
        }
    }

    private func handleSession(_ sessionState: Int32, sessionID: Int64, generation: Int) {
        let (transition, gate) = announcing.withLock { _ in
            let (transition, gate, observers, watches) = state.withLock { state in
                let transition: SessionStateMachine.Transition
                switch sessionState {
                case czk_state_connected(), czk_state_readonly():
                    transition = state.machine.connected(generation: generation, sessionID: sessionID)
                case czk_state_expired_session():
                    transition = state.machine.expired(generation: generation)
                case czk_state_auth_failed():
                    transition = state.machine.authFailed(generation: generation)
                default:
                    transition = state.machine.disconnected(generation: generation)
                }
                return (transition, state.gate, Array(state.observers.values), Array(state.watches.values))
            }
            // Announced under `announcing`, which keeps every observer's order identical to the machine's.
            for event in transition.events {
                observers.forEach { $0.yield(event) }
            }
            if transition.events.contains(where: { if case .connected = $0 { true } else { false } }) {
                // Watches re-read after every (re)connection: the value may have changed meanwhile, and after
                // a new session their registrations must be made again.
                watches.forEach { $0.signal.yield() }
            }
            return (transition, gate)
        }
        for event in transition.events {
            log(event)
        }
        if transition.becameConnected {
            gate?.markConnected()
        }
        if transition.events.contains(.authFailed) {
            gate?.fail(ZooKeeperError(code: .authFailed, operation: "connect", detail: "digest credentials rejected"))
        }
        if let newGeneration = transition.startGeneration {
            startRenewal(generation: newGeneration)
        }
    }

    private func log(_ event: SessionEvent) {
        switch event {
        case .connecting:
            logger.warning("ZooKeeper connection lost, reconnecting", metadata: ["zk.hosts": "\(connectString)"])
        case .connected(let session):
            logger.info("ZooKeeper session connected", metadata: ["zk.session": "\(session)"])
        case .expired(let session):
            logger.warning("ZooKeeper session expired, starting a new one", metadata: ["zk.session": "\(session)"])
        case .sessionRenewed(let previous, let current):
            logger.notice(
                "ZooKeeper session renewed",
                metadata: ["zk.previous": "\(previous)", "zk.session": "\(current)"]
            )
        case .authFailed:
            logger.error("ZooKeeper authentication failed", metadata: ["zk.hosts": "\(connectString)"])
        case .closed:
            logger.debug("ZooKeeper client closed")
        }
    }

    /// Replaces the expired handle with a new one of `generation`, on a dedicated thread (never on the
    /// library's completion thread, which `zookeeper_close` joins).
    private func startRenewal(generation: Int) {
        DedicatedThread.detach(name: "zookeeper-renew") { [weak self] in
            var attempt = 0
            while let self {
                let stillWanted = self.state.withLock { !$0.machine.isClosed && $0.machine.generation == generation }
                guard stillWanted else { return }
                do {
                    let replacement = try self.openHandle(generation: generation)
                    let (expired, unused) = self.state.withLock { state -> (ZooKeeperHandle?, ZooKeeperHandle?) in
                        guard !state.machine.isClosed, state.machine.generation == generation else {
                            return (nil, replacement)
                        }
                        defer { state.handle = replacement }
                        return (state.handle, nil)
                    }
                    unused?.closeBlocking()
                    expired?.closeBlocking()
                    return
                } catch {
                    attempt += 1
                    self.logger.error(
                        "Cannot start a new ZooKeeper session, retrying",
                        metadata: ["zk.error": "\(error)", "zk.attempt": "\(attempt)"]
                    )
                }
                Thread.sleep(forTimeInterval: min(Double(attempt), 5))
            }
        }
    }

    // MARK: Observers and watches

    func sessionEvents() -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self)
        let id = state.withLock { $0.makeID() }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.observers.removeValue(forKey: id) }
        }
        announcing.withLock { _ in
            let (current, closed) = state.withLock { state in
                if !state.machine.isClosed { state.observers[id] = continuation }
                return (state.machine.currentEvent, state.machine.isClosed)
            }
            // Holding `announcing` keeps any later event from overtaking the current one.
            continuation.yield(current)
            if closed { continuation.finish() }
        }
        return stream
    }

    /// Registers a watch; nil when the client is closed.
    func addWatch(_ subscription: WatchSubscription) -> Int? {
        state.withLock { state in
            guard !state.machine.isClosed else { return nil }
            let id = state.makeID()
            state.watches[id] = subscription
            return id
        }
    }

    var watchCount: Int {
        state.withLock { $0.watches.count }
    }

    func removeWatch(_ id: Int) {
        _ = state.withLock { $0.watches.removeValue(forKey: id) }
    }
}

import Logging
import Synchronization
import ZooKeeper

extension LeaderLock {
    /// Runs the state machine: one loop takes the inputs in order and performs the actions; ZooKeeper calls,
    /// watches and timers run in tasks of their own and report back as inputs. Readers see a snapshot and
    /// the observers' streams, both updated under one lock so that every observer sees the same order.
    /// Logs what a step changed: the lock gained or lost, the node waited behind.
    func log(_ actions: [LeaderLockStateMachine.Action], node: String?) {
        let metadata: Logger.Metadata = ["lock.node": "\(node ?? "-")"]
        for action in actions {
            switch action {
            case .announce(.acquired):
                logger.notice("Holding the leader lock: this instance acts", metadata: metadata)
            case .announce(.lost(.closed)):
                logger.info("Released the leader lock", metadata: metadata)
            case .announce(.lost(let reason)):
                logger.warning("Gave up the leader lock (\(reason)): this instance stops acting", metadata: metadata)
            case .watchPredecessor(let path, _):
                logger.info("Waiting for the leader lock behind \(path)", metadata: metadata)
            default:
                break
            }
        }
    }

    final class Driver: Sendable {
        typealias Input = LeaderLockStateMachine.Input

        struct Snapshot: Sendable {
            var state: LeadershipState = .idle
            var node: String?
        }

        private struct Shared {
            var snapshot = Snapshot()
            var observers: [Int: AsyncStream<LeadershipEvent>.Continuation] = [:]
            var nextObserver = 0
            var input: AsyncStream<Input>.Continuation?
            var started = false
            var finished = false
            var closeWaiters: [CheckedContinuation<Void, Never>] = []
        }

        private let shared = Mutex(Shared())

        var snapshot: Snapshot {
            shared.withLock { $0.snapshot }
        }

        func start(lock: LeaderLock) {
            let (inputs, input) = AsyncStream.makeStream(of: Input.self)
            let begin = shared.withLock { shared -> Bool in
                guard !shared.started, !shared.finished else { return false }
                shared.started = true
                shared.input = input
                return true
            }
            guard begin else { return }
            input.yield(.start)
            // The session task ends at the stream's next event once the lock has finished (the client's
            // `.closed` at the latest); meanwhile it holds the driver only weakly.
            let sessions = lock.client.sessionEvents()
            Task { [weak self] in
                for await event in sessions {
                    guard let self, !self.isFinished else { return }
                    input.yield(.session(event))
                }
            }
            Task {
                await run(lock: lock, inputs: inputs, input: input)
            }
        }

        func subscribe() -> AsyncStream<LeadershipEvent> {
            let (stream, continuation) = AsyncStream.makeStream(of: LeadershipEvent.self)
            let id = shared.withLock { shared -> Int? in
                guard !shared.finished else { return nil }
                shared.nextObserver += 1
                shared.observers[shared.nextObserver] = continuation
                if shared.snapshot.state == .leader { continuation.yield(.acquired) }
                return shared.nextObserver
            }
            guard let id else {
                continuation.finish()
                return stream
            }
            continuation.onTermination = { [weak self] _ in
                self?.shared.withLock { _ = $0.observers.removeValue(forKey: id) }
            }
            return stream
        }

        func close() async {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let (input, resumeNow, observers) = shared.withLock {
                    shared -> (AsyncStream<Input>.Continuation?, Bool, [AsyncStream<LeadershipEvent>.Continuation]) in
                    if shared.finished { return (nil, true, []) }
                    guard shared.started else {
                        // Never started: nothing to release.
                        shared.finished = true
                        shared.snapshot = Snapshot(state: .closed, node: nil)
                        defer { shared.observers = [:] }
                        return (nil, true, Array(shared.observers.values))
                    }
                    shared.closeWaiters.append(waiter)
                    return (shared.input, false, [])
                }
                observers.forEach { $0.finish() }
                input?.yield(.close)
                if resumeNow { waiter.resume() }
            }
        }

        // MARK: The loop

        /// The tasks the loop has running.
        private struct Effects {
            var watch: Task<Void, Never>?
            var deadline: Task<Void, Never>?
            var retry: Task<Void, Never>?
            var round: Task<LeaderLockStateMachine.CompetitionOutcome, Never>?

            func cancelAll() {
                watch?.cancel()
                deadline?.cancel()
                retry?.cancel()
            }
        }

        private func run(lock: LeaderLock, inputs: AsyncStream<Input>, input: AsyncStream<Input>.Continuation) async {
            var machine = LeaderLockStateMachine()
            var effects = Effects()
            let tolerance = lock.configuration.disconnectTolerance ?? lock.client.sessionTimeout / 3
            for await next in inputs {
                let actions = machine.handle(next)
                publish(machine, announcing: actions)
                lock.log(actions, node: machine.node)
                for action in actions {
                    switch action {
                    case .compete(let round, let node):
                        let task = Task { await lock.compete(node: node) }
                        effects.round = task
                        Task {
                            input.yield(.competed(round: round, await task.value))
                        }
                    case .watchPredecessor(let path, let id):
                        effects.watch?.cancel()
                        effects.watch = lock.watchUntilGone(path) { input.yield(.predecessorGone(watch: id)) }
                    case .watchOwnNode(let path, let id):
                        effects.watch?.cancel()
                        effects.watch = lock.watchUntilGone(path) { input.yield(.ownNodeGone(watch: id)) }
                    case .cancelWatch:
                        effects.watch?.cancel()
                        effects.watch = nil
                    case .startDisconnectDeadline(let id):
                        effects.deadline?.cancel()
                        effects.deadline = Self.after(tolerance) { input.yield(.disconnectDeadlinePassed(timer: id)) }
                    case .cancelDisconnectDeadline:
                        effects.deadline?.cancel()
                        effects.deadline = nil
                    case .scheduleRetry(let id):
                        effects.retry?.cancel()
                        effects.retry = Self.after(lock.configuration.retryDelay) { input.yield(.retryDue(timer: id)) }
                    case .announce:
                        // Announced by `publish`, together with the new state.
                        break
                    case .release(let deletingNodes):
                        effects.cancelAll()
                        if deletingNodes {
                            await lock.release(pendingRound: effects.round)
                        }
                    }
                }
                if machine.isClosed { break }
            }
            input.finish()
            finish()
        }

        /// Publishes the new state, then announces the events. Only the loop publishes, so the events reach
        /// every observer in order; they are yielded outside the lock because an observer's stream ending
        /// (its consumer cancelled) takes the lock.
        private func publish(_ machine: LeaderLockStateMachine, announcing actions: [LeaderLockStateMachine.Action]) {
            let observers = shared.withLock { shared in
                shared.snapshot = Snapshot(state: machine.state, node: machine.node)
                return Array(shared.observers.values)
            }
            for case .announce(let event) in actions {
                observers.forEach { $0.yield(event) }
            }
        }

        private var isFinished: Bool {
            shared.withLock { $0.finished }
        }

        private func finish() {
            let (observers, waiters) = shared.withLock { shared in
                shared.finished = true
                shared.input = nil
                defer {
                    shared.observers = [:]
                    shared.closeWaiters = []
                }
                return (Array(shared.observers.values), shared.closeWaiters)
            }
            observers.forEach { $0.finish() }
            waiters.forEach { $0.resume() }
        }

        private static func after(_ delay: Duration, _ fire: @escaping @Sendable () -> Void) -> Task<Void, Never> {
            Task {
                guard (try? await Task.sleep(for: delay)) != nil else { return }
                fire()
            }
        }
    }
}

import ZooKeeper

/// The leader lock's decisions as a value: each input (a session change, the result of a competition round,
/// a watch or timer firing) returns the actions the caller performs. The caller performs them and feeds their
/// results back as inputs, in order, one at a time.
///
/// A competition round (`Action.compete`) makes sure this instance has a lock node in the current session and
/// finds its place among the nodes; only one round runs at a time. Results, watches and timers carry the id
/// they were started with; those of a superseded round, watch or timer are ignored.
struct LeaderLockStateMachine: Sendable {
    enum Input: Sendable, Equatable {
        case start
        case session(SessionEvent)
        case competed(round: Int, CompetitionOutcome)
        case predecessorGone(watch: Int)
        case ownNodeGone(watch: Int)
        case disconnectDeadlinePassed(timer: Int)
        case retryDue(timer: Int)
        case close
    }

    /// What a competition round found.
    enum CompetitionOutcome: Sendable, Equatable {
        /// `node` is the lowest: the lock is held.
        case lowest(node: String)
        /// `node` waits behind `predecessor`.
        case waiting(node: String, predecessor: String)
        /// The round failed; another one is due after a delay.
        case failed
    }

    enum Action: Sendable, Equatable {
        /// Run a competition round with the node known so far (nil: find or create one).
        case compete(round: Int, node: String?)
        /// Watch `path` and report `predecessorGone(watch:)` once it does not exist.
        case watchPredecessor(path: String, watch: Int)
        /// Watch this instance's own node and report `ownNodeGone(watch:)` once it does not exist.
        case watchOwnNode(path: String, watch: Int)
        /// Stop the current watch, if any.
        case cancelWatch
        /// Report `disconnectDeadlinePassed(timer:)` after the disconnect tolerance.
        case startDisconnectDeadline(timer: Int)
        case cancelDisconnectDeadline
        /// Report `retryDue(timer:)` after the retry delay.
        case scheduleRetry(timer: Int)
        /// Tell the observers.
        case announce(LeadershipEvent)
        /// Stop for good: delete this instance's nodes (when the client is still usable), end the observers'
        /// streams.
        case release(deletingNodes: Bool)
    }

    private enum Connection: Sendable, Equatable {
        case connected(Session)
        /// No connection yet, or the connection is lost and the session may live on.
        case disconnected
        /// The session expired; a new one is being established.
        case expired
    }

    private(set) var state: LeadershipState = .idle
    /// This instance's lock node in the current session, when known.
    private(set) var node: String?
    private var connection: Connection = .disconnected
    /// The last session seen connected, to tell a reconnection (the node survives) from a new session.
    private var lastSession: Session?
    private var started = false
    private var competing = false
    private var wantsRound = false
    private var round = 0
    /// Bumped by every session change; a round started under an older value saw an outdated session.
    private var epoch = 0
    private var roundEpoch = 0
    private var watch = 0
    private var deadlineTimer = 0
    private var retryTimer = 0

    var isClosed: Bool { state == .closed }

    mutating func handle(_ input: Input) -> [Action] {
        guard !isClosed else { return [] }
        switch input {
        case .start:
            guard !started else { return [] }
            started = true
            state = .contending
            wantsRound = true
            return startRoundIfPossible()
        case .session(let event):
            return handleSession(event)
        case .competed(let finished, let outcome):
            return handleOutcome(of: finished, outcome)
        case .predecessorGone(let id):
            guard id == watch, state == .contending else { return [] }
            wantsRound = true
            return startRoundIfPossible()
        case .ownNodeGone(let id):
            guard id == watch, state == .leader, case .connected = connection else { return [] }
            node = nil
            state = .contending
            wantsRound = true
            watch += 1
            return [.cancelWatch, .announce(.lost(.nodeDeleted))] + startRoundIfPossible()
        case .disconnectDeadlinePassed(let id):
            guard id == deadlineTimer, state == .leader, connection == .disconnected else { return [] }
            state = .suspended(.connectionLost)
            watch += 1
            return [.cancelWatch, .announce(.lost(.connectionLost))]
        case .retryDue(let id):
            guard id == retryTimer else { return [] }
            wantsRound = true
            return startRoundIfPossible()
        case .close:
            return stop(reason: .closed, deletingNodes: true)
        }
    }

    private mutating func handleSession(_ event: SessionEvent) -> [Action] {
        switch event {
        case .connected(let session), .sessionRenewed(_, let session):
            if case .connected(let current) = connection, current == session { return [] }
            var actions: [Action] = []
            if let lastSession, lastSession != session, connection != .expired {
                // A new session without an expiry announced: the old one's node is gone all the same.
                actions += expire()
            }
            let resumed = lastSession == session
            connection = .connected(session)
            lastSession = session
            if state == .leader {
                deadlineTimer += 1
                actions.append(.cancelDisconnectDeadline)
            }
            if case .suspended = state { wantsRound = true }
            if !resumed && started { wantsRound = true }
            return actions + startRoundIfPossible()
        case .connecting:
            guard case .connected = connection else { return [] }
            connection = .disconnected
            epoch += 1
            guard state == .leader else { return [] }
            deadlineTimer += 1
            return [.startDisconnectDeadline(timer: deadlineTimer)]
        case .expired:
            guard connection != .expired else { return [] }
            return expire()
        case .authFailed, .closed:
            return stop(reason: .clientUnusable, deletingNodes: false)
        }
    }

    /// The session is gone, and with it the node and any watch.
    private mutating func expire() -> [Action] {
        connection = .expired
        epoch += 1
        node = nil
        watch += 1
        deadlineTimer += 1
        var actions: [Action] = [.cancelWatch, .cancelDisconnectDeadline]
        if state == .leader {
            state = .suspended(.sessionExpired)
            actions.append(.announce(.lost(.sessionExpired)))
        }
        if started { wantsRound = true }
        return actions
    }

    private mutating func stop(reason: LeadershipLossReason, deletingNodes: Bool) -> [Action] {
        let wasLeader = state == .leader
        state = .closed
        var actions: [Action] = [.cancelWatch, .cancelDisconnectDeadline]
        if wasLeader { actions.append(.announce(.lost(reason))) }
        actions.append(.release(deletingNodes: deletingNodes))
        return actions
    }

    private mutating func handleOutcome(of finished: Int, _ outcome: CompetitionOutcome) -> [Action] {
        guard finished == round, competing else { return [] }
        competing = false
        guard roundEpoch == epoch, case .connected = connection else {
            // The connection dropped or the session changed meanwhile: what the round saw may be outdated.
            // A node it created in a new session is found again by the next round.
            wantsRound = true
            return startRoundIfPossible()
        }
        var actions: [Action] = []
        switch outcome {
        case .lowest(let lowest):
            node = lowest
            if state != .leader {
                state = .leader
                watch += 1
                actions += [.cancelWatch, .announce(.acquired), .watchOwnNode(path: lowest, watch: watch)]
            }
        case .waiting(let waiting, let predecessor):
            let wasLeader = state == .leader
            node = waiting
            state = .contending
            watch += 1
            actions.append(.cancelWatch)
            // Only a deleted node can fall behind another: sequence numbers only grow.
            if wasLeader { actions.append(.announce(.lost(.nodeDeleted))) }
            actions.append(.watchPredecessor(path: predecessor, watch: watch))
        case .failed:
            retryTimer += 1
            actions.append(.scheduleRetry(timer: retryTimer))
        }
        return actions + startRoundIfPossible()
    }

    private mutating func startRoundIfPossible() -> [Action] {
        guard wantsRound, started, !competing, !isClosed, case .connected = connection else { return [] }
        wantsRound = false
        competing = true
        round += 1
        roundEpoch = epoch
        return [.compete(round: round, node: node)]
    }
}

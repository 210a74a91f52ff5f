/// The client's session life cycle as a value: each input from the ZooKeeper library (tagged with the
/// generation of the C handle that produced it) yields the events to announce and whether a new session must
/// be started. Inputs from a handle that has been replaced are ignored.
struct SessionStateMachine: Sendable {
    /// What the caller must do after an input.
    struct Transition: Sendable, Equatable {
        /// Announce these to the session observers, in order.
        var events: [SessionEvent] = []
        /// Close the current handle and open one for this generation (after an expiry).
        var startGeneration: Int?
        /// The first session of the client is connected (completes `connect`).
        var becameConnected = false
    }

    private(set) var state: SessionState = .connecting(nil)
    /// The generation of the handle whose inputs count.
    private(set) var generation = 1

    /// The event describing the current state, sent first to a new observer.
    var currentEvent: SessionEvent {
        switch state {
        case .connecting: return .connecting
        case .connected(let session): return .connected(session)
        case .expired(let session): return .expired(session)
        case .authFailed: return .authFailed
        case .closed: return .closed
        }
    }

    var isClosed: Bool { state == .closed }

    mutating func connected(generation: Int, sessionID: Int64) -> Transition {
        guard generation == self.generation else { return Transition() }
        let session = Session(id: sessionID, generation: generation)
        switch state {
        case .connecting(nil):
            state = .connected(session)
            return Transition(events: [.connected(session)], becameConnected: generation == 1)
        case .connecting(.some):
            state = .connected(session)
            return Transition(events: [.connected(session)])
        case .expired(let previous):
            state = .connected(session)
            return Transition(events: [.sessionRenewed(previous: previous, current: session), .connected(session)])
        case .connected(let current) where current.id != sessionID:
            state = .connected(session)
            return Transition(events: [.connected(session)])
        case .connected, .authFailed, .closed:
            return Transition()
        }
    }

    mutating func disconnected(generation: Int) -> Transition {
        guard generation == self.generation, case .connected(let session) = state else { return Transition() }
        state = .connecting(session)
        return Transition(events: [.connecting])
    }

    mutating func expired(generation: Int) -> Transition {
        guard generation == self.generation else { return Transition() }
        switch state {
        case .connected(let session), .connecting(.some(let session)):
            state = .expired(session)
            self.generation += 1
            return Transition(events: [.expired(session)], startGeneration: self.generation)
        case .connecting(nil), .expired, .authFailed, .closed:
            return Transition()
        }
    }

    mutating func authFailed(generation: Int) -> Transition {
        guard generation == self.generation else { return Transition() }
        switch state {
        case .authFailed, .closed:
            return Transition()
        case .connecting, .connected, .expired:
            state = .authFailed
            return Transition(events: [.authFailed])
        }
    }

    mutating func close() -> Transition {
        guard state != .closed else { return Transition() }
        state = .closed
        return Transition(events: [.closed])
    }
}

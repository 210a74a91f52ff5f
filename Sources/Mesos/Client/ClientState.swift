/// The client's connection state as a value: each input is a mutating function; the client performs
/// the effects (events, calls) around it.
struct ClientState: Sendable {
    enum Connection: Sendable {
        /// `run()` has not been called.
        case idle
        /// Between streams: detecting the leader, subscribing or backing off.
        case disconnected
        /// A stream is open, SUBSCRIBED has not arrived.
        case awaitingSubscribed(ActiveStream)
        /// Calls are accepted.
        case subscribed(ActiveStream, MesosSubscription)
        /// `run()` has ended.
        case stopped
    }

    /// Where a call goes.
    struct CallTarget: Sendable {
        let stream: ActiveStream
        let frameworkID: FrameworkID
    }

    private(set) var connection: Connection = .idle
    private(set) var frameworkID: FrameworkID?
    private(set) var frameworkInfo: FrameworkInfo

    init(frameworkInfo: FrameworkInfo, frameworkID: FrameworkID?) {
        self.frameworkInfo = frameworkInfo
        self.frameworkID = frameworkID
    }

    /// False when `run()` was called before.
    mutating func start() -> Bool {
        guard case .idle = connection else { return false }
        connection = .disconnected
        return true
    }

    /// The SUBSCRIBE call for the next attempt: the known framework id in both places.
    var subscribeFrameworkInfo: FrameworkInfo {
        var info = frameworkInfo
        info.id = frameworkID
        return info
    }

    mutating func streamOpened(_ stream: ActiveStream) {
        guard case .disconnected = connection else { return }
        connection = .awaitingSubscribed(stream)
    }

    /// SUBSCRIBED arrived on `stream`; false when that stream is no longer the current one.
    mutating func subscribed(_ subscription: MesosSubscription, on stream: ActiveStream) -> Bool {
        switch connection {
        case .awaitingSubscribed(let current) where current === stream,
            .subscribed(let current, _) where current === stream:
            frameworkID = subscription.frameworkID
            connection = .subscribed(stream, subscription)
            return true
        default:
            return false
        }
    }

    mutating func disconnected() {
        switch connection {
        case .awaitingSubscribed, .subscribed:
            connection = .disconnected
        case .idle, .disconnected, .stopped:
            break
        }
    }

    /// `stream` was dropped: calls stop at once, before the run loop has noticed.
    mutating func dropped(_ stream: ActiveStream) {
        switch connection {
        case .awaitingSubscribed(let current) where current === stream,
            .subscribed(let current, _) where current === stream:
            connection = .disconnected
        default:
            break
        }
    }

    mutating func stop() {
        connection = .stopped
    }

    /// Replaces the framework id used by later SUBSCRIBEs.
    mutating func setFrameworkID(_ id: FrameworkID?) {
        frameworkID = id
    }

    /// Replaces the FrameworkInfo used by later SUBSCRIBEs (after UPDATE_FRAMEWORK).
    mutating func setFrameworkInfo(_ info: FrameworkInfo) {
        frameworkInfo = info
    }

    var callTarget: CallTarget? {
        guard case .subscribed(let stream, let subscription) = connection else { return nil }
        return CallTarget(stream: stream, frameworkID: subscription.frameworkID)
    }

    var subscription: MesosSubscription? {
        guard case .subscribed(_, let subscription) = connection else { return nil }
        return subscription
    }
}

import CurlHTTP

/// What `MesosSchedulerClient.events` delivers, in the order it happened.
///
/// A connection starts with `.subscribed`, carries the master's events, and ends with `.disconnected`
/// before the client subscribes again. A failed SUBSCRIBE also yields `.disconnected`, so while the master
/// is unreachable one arrives per attempt.
public enum MesosSchedulerEvent: Sendable, Hashable {
    /// SUBSCRIBED: calls are accepted from now on. Forget offers from earlier connections.
    case subscribed(MesosSubscription)
    /// OFFERS.
    case offers([Offer])
    /// INVERSE_OFFERS.
    case inverseOffers([InverseOffer])
    /// RESCIND: the offer is no longer valid.
    case rescind(OfferID)
    /// RESCIND_INVERSE_OFFER.
    case rescindInverseOffer(OfferID)
    /// UPDATE: a task status update; acknowledge it when it carries a uuid.
    case update(TaskStatus)
    /// UPDATE_OPERATION_STATUS.
    case updateOperationStatus(OperationStatus)
    /// MESSAGE from an executor.
    case message(ExecutorMessage)
    /// FAILURE: an agent was removed (`agentID` only) or an executor exited.
    case failure(Event.Failure)
    /// ERROR from the master, e.g. `Framework has been removed`. The stream ends after it; the client
    /// keeps subscribing again with growing delays, and the scheduler decides whether to stop.
    case error(message: String)
    /// HEARTBEAT; only delivered when the configuration asks for it.
    case heartbeat
    /// The subscription ended, or a SUBSCRIBE failed; calls fail with `.notSubscribed` until the next
    /// `.subscribed`.
    case disconnected(MesosDisconnectReason)
}

/// An established subscription.
public struct MesosSubscription: Sendable, Hashable {
    /// The framework's id: persist it and pass it as `Configuration.frameworkID` on the next start.
    public var frameworkID: FrameworkID
    /// How often the master sends HEARTBEAT events.
    public var heartbeatInterval: Duration
    /// The leading master, as it describes itself.
    public var masterInfo: MasterInfo?
    /// The `Mesos-Stream-Id` of this subscription.
    public var streamID: String
    /// The scheduler endpoint of the leading master, e.g. `http://10.0.0.1:5050/api/v1/scheduler`.
    public var endpoint: String

    public init(
        frameworkID: FrameworkID, heartbeatInterval: Duration, masterInfo: MasterInfo?, streamID: String,
        endpoint: String
    ) {
        self.frameworkID = frameworkID
        self.heartbeatInterval = heartbeatInterval
        self.masterInfo = masterInfo
        self.streamID = streamID
        self.endpoint = endpoint
    }
}

/// Why a subscription ended or could not start.
public enum MesosDisconnectReason: Sendable, Hashable, CustomStringConvertible {
    /// No subscription could be made: no leader found, the master refused or could not be reached.
    case subscribeFailed(MesosClientError)
    /// The master closed the event stream.
    case streamEnded
    /// The event stream broke (connection reset, timeout).
    case streamFailed(HTTPClientError)
    /// The event stream was not valid RecordIO.
    case framingError(RecordIOError)
    /// Nothing arrived on the stream for `silence` (the heartbeat miss limit times the heartbeat interval).
    case heartbeatsMissed(silence: Duration)
    /// The master sent an ERROR event (also delivered as `.error`).
    case errorEvent(message: String)
    /// Another master leads now: a call was redirected to `location`, or ZooKeeper names a new leader.
    case leaderChanged(location: String?)

    public var description: String {
        switch self {
        case .subscribeFailed(let error): "SUBSCRIBE failed: \(error)"
        case .streamEnded: "the master closed the event stream"
        case .streamFailed(let error): "the event stream failed: \(error)"
        case .framingError(let error): "the event stream is not valid RecordIO: \(error)"
        case .heartbeatsMissed(let silence): "no event from the master for \(silence)"
        case .errorEvent(let message): "the master sent ERROR: \(message)"
        case .leaderChanged(let location): "the leading master changed" + (location.map { " to \($0)" } ?? "")
        }
    }
}

import CurlHTTP
import Logging
import ServiceLifecycle
import Synchronization

/// The scheduler side of the Mesos v1 HTTP scheduler API.
///
/// `run()` keeps a subscription: it finds the leading master (a URL list or ZooKeeper), SUBSCRIBEs,
/// reads the RecordIO event stream and delivers it through `events`; when the stream ends, breaks,
/// stays silent past the heartbeat limit or carries an ERROR, it yields `.disconnected` and subscribes
/// again with exponential backoff and jitter, with the framework id in both places. Calls go on other
/// connections to the same master with its `Mesos-Stream-Id`.
///
/// ```swift
/// let client = try MesosSchedulerClient(configuration: .init(
///     master: try MasterSource(parsing: "zk://zk-1:2181/mesos"), frameworkInfo: info, secret: secret))
/// // In a ServiceGroup, or: Task { try await client.run() }
/// for await event in client.events {
///     switch event {
///     case .subscribed(let subscription): persist(subscription.frameworkID)
///     case .offers(let offers): try await client.decline(offerIDs: offers.map(\.id))
///     case .update(let status): try await client.acknowledge(status)
///     default: break
///     }
/// }
/// ```
public final class MesosSchedulerClient: Service, Sendable {
    public let configuration: Configuration
    /// The client's events in order, for one consumer. Ends when `run()` returns.
    public let events: AsyncStream<MesosSchedulerEvent>

    let continuation: AsyncStream<MesosSchedulerEvent>.Continuation
    let http: HTTPClient
    let detector: any MasterDetector
    let state: Mutex<ClientState>
    let logger: Logger

    /// - Parameters:
    ///   - configuration: checked here; an impossible one throws `.invalidConfiguration`.
    ///   - httpClient: the client for SUBSCRIBE and calls; by default one of its own.
    public init(
        configuration: Configuration,
        httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "kafka-scheduler.mesos")
    ) throws(MesosClientError) {
        try configuration.validate()
        self.configuration = configuration
        self.http = httpClient ?? HTTPClient()
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: MesosSchedulerEvent.self, bufferingPolicy: .unbounded)
        state = Mutex(
            ClientState(
                frameworkInfo: configuration.frameworkInfo,
                frameworkID: configuration.frameworkID ?? configuration.frameworkInfo.id))
        switch configuration.master {
        case .urls(let urls):
            // Validated above: every entry normalizes.
            detector = MasterListDetector(urls: urls.compactMap(SchedulerEndpoint.normalize))
        case .zooKeeper(let group):
            detector = ZooKeeperMasterDetector(
                group: group,
                scheme: configuration.zooKeeperMasterScheme,
                sessionTimeout: configuration.zooKeeperSessionTimeout,
                connectTimeout: configuration.connectTimeout,
                logger: logger
            )
        }
    }

    /// Keeps the subscription until the task is cancelled or a graceful shutdown of the enclosing
    /// `ServiceGroup` begins; then stops the stream at once, ends `events` and returns.
    ///
    /// - Throws: `MesosClientError.alreadyStarted` when called a second time. Connection problems are
    ///   not thrown: they are `.disconnected` events, followed by another attempt.
    public func run() async throws {
        guard state.withLock({ $0.start() }) else { throw MesosClientError.alreadyStarted }
        await cancelWhenGracefulShutdown { [self] in
            await subscriptionLoop()
        }
        state.withLock { $0.stop() }
        await detector.close()
        continuation.finish()
    }

    /// The framework id used by the next SUBSCRIBE: the last one SUBSCRIBED named, or the configured one.
    public var frameworkID: FrameworkID? {
        state.withLock { $0.frameworkID }
    }

    /// The current subscription, or nil while not subscribed.
    public var subscription: MesosSubscription? {
        state.withLock { $0.subscription }
    }

    /// Whether calls are accepted now.
    public var isSubscribed: Bool {
        subscription != nil
    }

    /// Replaces the framework id of later SUBSCRIBEs, e.g. nil to register as a new framework after
    /// `Framework has been removed`. The current subscription is not affected.
    public func setFrameworkID(_ id: FrameworkID?) {
        state.withLock { $0.setFrameworkID(id) }
    }

    func emit(_ event: MesosSchedulerEvent) {
        continuation.yield(event)
    }
}

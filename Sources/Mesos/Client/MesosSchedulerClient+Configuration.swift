extension MesosSchedulerClient {
    /// How the client finds the master, who the framework is, and its timing.
    public struct Configuration: Sendable {
        /// Where the leading master is found.
        public var master: MasterSource
        /// The framework as it subscribes; its `id` counts only when `frameworkID` is nil.
        public var frameworkInfo: FrameworkInfo
        /// The principal's secret. When set, every request (SUBSCRIBE included) carries
        /// `Authorization: Basic base64(principal:secret)` with `frameworkInfo.principal`.
        public var secret: String?
        /// The id of a framework that subscribed before (persisted by the scheduler); nil for a new one.
        /// Once SUBSCRIBED names an id, every later SUBSCRIBE uses that one.
        public var frameworkID: FrameworkID?
        /// Roles subscribed with offers suppressed.
        public var suppressedRoles: [String]
        /// Limit for a call, its 503 retries included, and for the answer to SUBSCRIBE (status and
        /// headers; the event stream itself has no limit).
        public var requestTimeout: Duration
        /// Limit for the TCP connect of each request.
        public var connectTimeout: Duration
        /// The stream is dropped after this many heartbeat intervals without any record.
        public var heartbeatMissLimit: Int
        /// The heartbeat interval assumed when SUBSCRIBED does not state one (Mesos's default).
        public var defaultHeartbeatInterval: Duration
        /// Delays between SUBSCRIBE attempts and between 503 retries of a call.
        public var backoff: Backoff
        /// Redirects followed by one SUBSCRIBE attempt.
        public var maximumRedirects: Int
        /// Whether HEARTBEAT events are delivered (they always feed the watchdog).
        public var deliversHeartbeats: Bool
        /// The scheme of masters found in ZooKeeper (`http` or `https`).
        public var zooKeeperMasterScheme: String
        /// The ZooKeeper session timeout of the master detector.
        public var zooKeeperSessionTimeout: Duration
        /// The largest event record accepted; a longer one drops the stream.
        public var maximumRecordLength: Int

        public init(
            master: MasterSource,
            frameworkInfo: FrameworkInfo,
            secret: String? = nil,
            frameworkID: FrameworkID? = nil,
            suppressedRoles: [String] = [],
            requestTimeout: Duration = .seconds(75),
            connectTimeout: Duration = .seconds(10),
            heartbeatMissLimit: Int = 5,
            defaultHeartbeatInterval: Duration = .seconds(15),
            backoff: Backoff = Backoff(),
            maximumRedirects: Int = 5,
            deliversHeartbeats: Bool = false,
            zooKeeperMasterScheme: String = "http",
            zooKeeperSessionTimeout: Duration = .seconds(10),
            maximumRecordLength: Int = RecordIO.defaultMaximumRecordLength
        ) {
            self.master = master
            self.frameworkInfo = frameworkInfo
            self.secret = secret
            self.frameworkID = frameworkID
            self.suppressedRoles = suppressedRoles
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.heartbeatMissLimit = heartbeatMissLimit
            self.defaultHeartbeatInterval = defaultHeartbeatInterval
            self.backoff = backoff
            self.maximumRedirects = maximumRedirects
            self.deliversHeartbeats = deliversHeartbeats
            self.zooKeeperMasterScheme = zooKeeperMasterScheme
            self.zooKeeperSessionTimeout = zooKeeperSessionTimeout
            self.maximumRecordLength = maximumRecordLength
        }

        /// Checks the values that cannot work together.
        func validate() throws(MesosClientError) {
            if case .urls(let urls) = master {
                guard !urls.isEmpty else { throw .invalidConfiguration(reason: "the master list is empty") }
                for url in urls where SchedulerEndpoint.normalize(url) == nil {
                    throw .invalidMasterSource(
                        url, reason: "not a master URL (expected http://host:port, https://host:port or host:port)")
                }
            }
            if secret != nil && (frameworkInfo.principal ?? "").isEmpty {
                throw .invalidConfiguration(reason: "a secret needs frameworkInfo.principal for basic authentication")
            }
            if let principal = frameworkInfo.principal, secret != nil, principal.contains(":") {
                throw .invalidConfiguration(
                    reason: "principal '\(principal)' contains ':', which basic authentication cannot carry")
            }
            guard heartbeatMissLimit >= 1 else {
                throw .invalidConfiguration(
                    reason: "heartbeatMissLimit is \(heartbeatMissLimit); it must be at least 1")
            }
            guard requestTimeout > .zero, connectTimeout > .zero, defaultHeartbeatInterval > .zero else {
                throw .invalidConfiguration(
                    reason: "requestTimeout, connectTimeout and defaultHeartbeatInterval must be positive")
            }
            guard backoff.initial > .zero, backoff.cap >= backoff.initial else {
                throw .invalidConfiguration(
                    reason: "backoff needs 0 < initial (\(backoff.initial)) <= cap (\(backoff.cap))")
            }
            guard maximumRedirects >= 0 else {
                throw .invalidConfiguration(reason: "maximumRedirects is \(maximumRedirects); it must not be negative")
            }
            guard zooKeeperMasterScheme == "http" || zooKeeperMasterScheme == "https" else {
                throw .invalidConfiguration(
                    reason: "zooKeeperMasterScheme is '\(zooKeeperMasterScheme)'; allowed: http, https")
            }
            guard maximumRecordLength > 0 else {
                throw .invalidConfiguration(reason: "maximumRecordLength must be positive")
            }
        }
    }
}

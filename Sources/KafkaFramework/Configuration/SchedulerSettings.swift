/// The daemon's own settings from the environment: how it reaches Mesos and ZooKeeper, its REST API and
/// its behaviour. None of it is stored as a configuration or shapes the brokers, so changing it never
/// rolls the brokers; secrets live only here.
public struct SchedulerSettings: Sendable, Equatable {
    /// `MESOS_MASTER`.
    public var mesosMaster: MesosMasterAddress
    /// `MESOS_SECRET` or the contents of `MESOS_SECRET_FILE`: the framework principal's secret for HTTP
    /// authentication with the master.
    public var mesosSecret: Secret?
    /// `FAILOVER_TIMEOUT_SECONDS`: how long Mesos keeps the framework's tasks while no scheduler is connected.
    public var failoverTimeoutSeconds: Int
    /// `ZOOKEEPER`: the ensemble holding the scheduler's state (`host:port,…[/chroot]`).
    public var zookeeper: String
    /// `ZOOKEEPER_AUTH`: digest credentials; when set, the scheduler's znodes get creator-all ACLs.
    public var zookeeperAuth: ZooKeeperCredentials?
    /// `API_HOST`.
    public var apiHost: String
    /// `API_PORT`, else `PORT0`, else 8080.
    public var apiPort: Int
    /// `API_AUTH_TOKEN` or the contents of `API_AUTH_TOKEN_FILE`; nil leaves the REST API open.
    public var apiAuthToken: Secret?
    /// `ENABLE_AUTO_REPLACE`.
    public var enableAutoReplace: Bool
    /// `REPLACE_DELAY_SECONDS`: how long an agent must stay unreachable before its broker is replaced.
    public var replaceDelaySeconds: Int
    /// `KAFKA_DEFAULT_PARTITION_COUNT`: partitions of a topic created without a count.
    public var defaultPartitionCount: Int
    /// `KAFKA_DEFAULT_REPLICATION_FACTOR`: replication of a topic created without one.
    public var defaultReplicationFactor: Int
    /// `LOG_LEVEL`: the lowest level the daemon logs.
    public var logLevel: SchedulerLogLevel

    public init(
        mesosMaster: MesosMasterAddress, mesosSecret: Secret?, failoverTimeoutSeconds: Int, zookeeper: String,
        zookeeperAuth: ZooKeeperCredentials?, apiHost: String, apiPort: Int, apiAuthToken: Secret?,
        enableAutoReplace: Bool, replaceDelaySeconds: Int, defaultPartitionCount: Int,
        defaultReplicationFactor: Int, logLevel: SchedulerLogLevel = .info
    ) {
        self.mesosMaster = mesosMaster
        self.mesosSecret = mesosSecret
        self.failoverTimeoutSeconds = failoverTimeoutSeconds
        self.zookeeper = zookeeper
        self.zookeeperAuth = zookeeperAuth
        self.apiHost = apiHost
        self.apiPort = apiPort
        self.apiAuthToken = apiAuthToken
        self.enableAutoReplace = enableAutoReplace
        self.replaceDelaySeconds = replaceDelaySeconds
        self.defaultPartitionCount = defaultPartitionCount
        self.defaultReplicationFactor = defaultReplicationFactor
        self.logLevel = logLevel
    }
}

/// Where the Mesos master is (`MESOS_MASTER`).
public enum MesosMasterAddress: Sendable, Equatable, CustomStringConvertible {
    /// One or more master base URLs (`http://host:port`, no trailing slash), tried in order; a non-leading
    /// master redirects to the leader.
    case urls([String])
    /// The masters' ZooKeeper group: `servers` (`host:port,…`) and `path` (`/mesos`), with optional
    /// credentials from `zk://user:password@…`.
    case zookeeper(servers: String, path: String, credentials: ZooKeeperCredentials?)

    public var description: String {
        switch self {
        case .urls(let urls):
            return urls.joined(separator: ",")
        case .zookeeper(let servers, let path, let credentials):
            let auth = credentials.map { "\($0)@" } ?? ""
            return "zk://\(auth)\(servers)\(path)"
        }
    }
}

/// A `user:password` pair for ZooKeeper digest authentication; the password never shows in descriptions.
public struct ZooKeeperCredentials: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: Secret

    public init(user: String, password: Secret) {
        self.user = user
        self.password = password
    }

    /// `user:password`, as ZooKeeper's digest scheme takes it.
    public var digestCredentials: String { "\(user):\(password.value)" }

    public var description: String { "\(user):\(password)" }
}

/// A secret value. Its descriptions are masked, so it cannot leak into logs or error messages by accident;
/// read `value` where the secret is really needed.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "******" }
    public var debugDescription: String { "Secret(******)" }
}

/// `LOG_LEVEL`: swift-log's levels, lowest first.
public enum SchedulerLogLevel: String, Sendable, Equatable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

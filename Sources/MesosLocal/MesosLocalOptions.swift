/// How to run a `mesos-local` cluster: the master's endpoint and behaviour, and the agents it simulates.
///
/// Every field has the command line's default; see `docs/mesos-local.md`.
public struct MesosLocalOptions: Sendable {
    /// Address the master binds and announces.
    public var host: String
    /// Port of the master; 0 lets the system choose (read it back from `MesosLocalCluster.port`).
    public var port: Int
    /// A second endpoint that answers 307 to the leader, as a non-leading master does; nil for none
    /// (0 lets the system choose).
    public var followerPort: Int?
    public var agents: Int
    public var agentCPUs: Double
    public var agentMemory: Double
    public var agentDisk: Double
    /// The port range the agents share; each agent offers its own disjoint slice of it.
    public var agentPorts: ClosedRange<UInt64>
    /// MOUNT disks per agent and the size of each (MB); each is a directory under the agent's work dir.
    public var agentMountDisks: (count: Int, size: Double)?
    /// Hostname the agents report (resolves to loopback).
    public var agentHostname: String
    /// Where agents keep sandboxes and volumes (`<work>/agents/<agent id>`).
    public var workDirectory: String
    public var heartbeatInterval: Duration
    /// How often the allocator looks for resources to offer (and for expired filters).
    public var allocationInterval: Duration
    /// First retry of an unacknowledged status update (doubling, capped at 10 minutes).
    public var updateRetryInterval: Duration
    /// `zk://host:port[,host:port…]/path`: announce this master as the leader there, as Mesos does.
    public var zooKeeperURL: String?
    /// Credentials every scheduler request must carry (HTTP basic auth); nil for none.
    public var credentials: (principal: String, secret: String)?
    /// How long agents take to re-register after a master failover.
    public var agentReregistrationDelay: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 5050,
        followerPort: Int? = nil,
        agents: Int = 3,
        agentCPUs: Double = 4,
        agentMemory: Double = 8192,
        agentDisk: Double = 20000,
        agentPorts: ClosedRange<UInt64> = 31000...32000,
        agentMountDisks: (count: Int, size: Double)? = nil,
        agentHostname: String = "127.0.0.1",
        workDirectory: String,
        heartbeatInterval: Duration = .seconds(15),
        allocationInterval: Duration = .seconds(1),
        updateRetryInterval: Duration = .seconds(10),
        zooKeeperURL: String? = nil,
        credentials: (principal: String, secret: String)? = nil,
        agentReregistrationDelay: Duration = .milliseconds(500)
    ) {
        self.host = host
        self.port = port
        self.followerPort = followerPort
        self.agents = agents
        self.agentCPUs = agentCPUs
        self.agentMemory = agentMemory
        self.agentDisk = agentDisk
        self.agentPorts = agentPorts
        self.agentMountDisks = agentMountDisks
        self.agentHostname = agentHostname
        self.workDirectory = workDirectory
        self.heartbeatInterval = heartbeatInterval
        self.allocationInterval = allocationInterval
        self.updateRetryInterval = updateRetryInterval
        self.zooKeeperURL = zooKeeperURL
        self.credentials = credentials
        self.agentReregistrationDelay = agentReregistrationDelay
    }
}

/// The state of this scheduler instance, for `GET /health` and the metrics.
public struct HealthSnapshot: Sendable, Equatable {
    /// This instance holds the leader lock in ZooKeeper.
    public var isLeader: Bool
    /// This instance is subscribed to the Mesos master.
    public var isSubscribed: Bool
    /// The ZooKeeper session is connected.
    public var isZooKeeperConnected: Bool
    /// Why the instance is not healthy, in words a user can act on (e.g. `waiting for the leader lock`,
    /// `Mesos subscription lost: connection refused; retrying in 4 s`). May be empty; `problems` then
    /// names the failed conditions itself.
    public var reasons: [String]

    public init(isLeader: Bool, isSubscribed: Bool, isZooKeeperConnected: Bool, reasons: [String] = []) {
        self.isLeader = isLeader
        self.isSubscribed = isSubscribed
        self.isZooKeeperConnected = isZooKeeperConnected
        self.reasons = reasons
    }

    /// Leader, subscribed and connected.
    public var isHealthy: Bool { isLeader && isSubscribed && isZooKeeperConnected }

    /// `reasons`, or when it is empty a sentence for each failed condition.
    public var problems: [String] {
        if !reasons.isEmpty { return reasons }
        var problems: [String] = []
        if !isLeader { problems.append("this instance does not hold the leader lock") }
        if !isSubscribed { problems.append("not subscribed to the Mesos master") }
        if !isZooKeeperConnected { problems.append("not connected to ZooKeeper") }
        return problems
    }
}

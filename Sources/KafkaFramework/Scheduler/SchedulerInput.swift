import Mesos

/// What the outside world tells the scheduler, in the order it happened. The daemon feeds these with
/// `KafkaScheduler.submit(_:)`: the Mesos client's events (a one-line mapping) and the leader lock's changes.
public enum SchedulerInput: Sendable {
    /// This instance holds the leader lock: read the state and start acting.
    case leadershipAcquired
    /// The leader lock is lost (or may be): stop acting at once. `leader` names the current holder if known.
    case leadershipLost(reason: String, leader: String?)
    /// While this instance waits for the leader lock: the instance holding it (its REST API's `host:port`), named
    /// in `/health` and in the 503 answers to commands. Ignored while this instance leads.
    case leaderElsewhere(leader: String?)
    /// The Mesos master accepted the subscription (SUBSCRIBED).
    case subscribed(frameworkID: FrameworkID, masterInfo: MasterInfo?)
    /// An event of the subscription: OFFERS, RESCIND, UPDATE, FAILURE, ERROR, HEARTBEAT, …
    case event(Event)
    /// The subscription ended or could not be made; calls fail until the next `subscribed`.
    case disconnected(reason: String)
    /// The ZooKeeper session's connection changed (shown in `/health`).
    case zooKeeperConnection(connected: Bool)
}

extension SchedulerInput {
    /// The input for a master's event as it arrives on the stream (SUBSCRIBED becomes `.subscribed`).
    public init(_ event: Event) {
        if event.type == .subscribed, let subscribed = event.subscribed {
            self = .subscribed(frameworkID: subscribed.frameworkID, masterInfo: subscribed.masterInfo)
        } else {
            self = .event(event)
        }
    }
}

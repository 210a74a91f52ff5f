/// What the scheduler has seen of one broker, fed to `PlanEngine.observe(broker:_:)`.
public enum BrokerObservation: Sendable, Equatable {
    /// The broker runs the target configuration and passes the readiness check (`BROKER_READY_CHECK`).
    case ready
    /// The broker is not there yet. `reason` completes the sentence "waiting for …", e.g.
    /// `broker 1 to register with Kafka`; it shows in the block's message while the block is in progress.
    case waiting(for: String)
}

/// Where the scheduler's task reconciliation stands, fed to `PlanEngine.observeReconciliation(_:)`.
public enum ReconciliationProgress: Sendable, Equatable {
    /// Not started.
    case pending
    /// Started; `unansweredTasks` stored tasks have not had their status reported by the master yet.
    case inProgress(unansweredTasks: Int)
    /// Every stored task has been answered (explicit reconciliation done, implicit sent).
    case complete
}

/// The block the scheduler should work on now: bring broker `broker` onto the target configuration.
public struct PlanWork: Sendable, Equatable, Hashable {
    /// The broker index (block `broker-<N>`).
    public let broker: Int
    /// The block's id.
    public let blockID: String
    /// The block's name, `broker-<N>`.
    public let blockName: String
    /// A `restart` command asked for this block's work to be redone: relaunch the broker even if it already
    /// runs the target configuration, then call `PlanEngine.brokerRelaunched(_:)`.
    public let relaunch: Bool

    public init(broker: Int, blockID: String, blockName: String, relaunch: Bool) {
        self.broker = broker
        self.blockID = blockID
        self.blockName = blockName
        self.relaunch = relaunch
    }
}

/// What an input did to the engine.
public enum PlanChange: Sendable, Equatable {
    /// Nothing the scheduler persists changed.
    case unchanged
    /// `PlanEngine.progress` changed: persist it.
    case progressChanged
}

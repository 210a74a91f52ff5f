import Plan

/// Everything the REST API shows about the scheduler, as of one moment.
///
/// The scheduler publishes a new snapshot after each input it handles (a Mesos event, a command, a timer)
/// through a `SnapshotPublisher`; readers take the latest one without waiting on the scheduler. A snapshot
/// never changes once made. It is a class so that a reader can tell a new snapshot from one it has already
/// seen by identity (`===`) and reuse what it derived from the old one (the REST API caches its encoded
/// answers per snapshot this way).
public final class SchedulerSnapshot: Sendable {
    /// `FRAMEWORK_NAME`.
    public let frameworkName: String
    /// The id Mesos gave the framework; nil until the first subscription succeeded.
    public let frameworkID: String?
    /// The body of `GET /v1/plan`.
    public let plan: PlanSnapshot
    /// The body of `GET /v1/plan/status`.
    public let planStatus: PlanStatusSnapshot
    /// Whether every phase of the plan is complete and it shows no errors: `GET /v1/plan` answers 200 then,
    /// 503 otherwise (a refused configuration change is not a finished deployment).
    public let planComplete: Bool
    /// Every broker the service manages, `0 ..< BROKER_COUNT` of the target configuration, in id order;
    /// a broker that is down or was never launched is here too.
    public let brokers: [BrokerSnapshot]
    /// The stored configurations and the target.
    public let configurations: ConfigurationsSnapshot
    /// What clients need to reach Kafka.
    public let connection: ConnectionSnapshot
    /// The state of this scheduler instance (leader lock, Mesos subscription, ZooKeeper session).
    public let health: HealthSnapshot

    /// - Parameter planComplete: nil derives it from `plan`: complete when it has phases, every one is
    ///   `Complete`, and it has no errors.
    public init(
        frameworkName: String, frameworkID: String?, plan: PlanSnapshot, planStatus: PlanStatusSnapshot,
        planComplete: Bool? = nil, brokers: [BrokerSnapshot], configurations: ConfigurationsSnapshot,
        connection: ConnectionSnapshot, health: HealthSnapshot
    ) {
        self.frameworkName = frameworkName
        self.frameworkID = frameworkID
        self.plan = plan
        self.planStatus = planStatus
        self.planComplete =
            planComplete
            ?? (!plan.phases.isEmpty && plan.errors.isEmpty && plan.phases.allSatisfy { $0.status == .complete })
        self.brokers = brokers.sorted { $0.id < $1.id }
        self.configurations = configurations
        self.connection = connection
        self.health = health
    }

    /// What to publish before the scheduler has read its state (e.g. while it waits for the leader lock):
    /// no plan, brokers or configurations yet, so `GET /v1/plan` answers 503 and `/health` tells why.
    public static func starting(
        frameworkName: String, kafkaZookeeper: String, health: HealthSnapshot
    ) -> SchedulerSnapshot {
        SchedulerSnapshot(
            frameworkName: frameworkName, frameworkID: nil,
            plan: PlanSnapshot(errors: [], phases: [], status: .pending),
            planStatus: PlanStatusSnapshot(
                block: nil, phase: nil, stage: PlanStatusSnapshot.Stage(errors: [], phaseCount: 0, status: .pending)),
            brokers: [], configurations: ConfigurationsSnapshot(ids: [], targetID: nil, byID: [:]),
            connection: ConnectionSnapshot(frameworkName: frameworkName, kafkaZookeeper: kafkaZookeeper, brokers: []),
            health: health)
    }

    /// The broker with this id, if the service manages it.
    public func broker(_ id: Int) -> BrokerSnapshot? {
        brokers.first { $0.id == id }
    }
}

import Foundation
import Mesos

/// What the scheduler remembers of one broker (`tasks/broker-<N>`): its current task, where it runs, its
/// reservation and volume, its last status and what the scheduler wants of it. Written before the ACCEPT
/// that launches a task, so a restarted scheduler knows every task it may have launched.
public struct BrokerRecord: Codable, Sendable, Equatable {
    /// The Kafka broker id, `broker.id`.
    public var brokerID: Int
    /// The current task, `broker-<N>__<uuid>`; nil when no task was launched since the broker was created or
    /// replaced.
    public var taskID: String?
    /// The current task as it was sent in the ACCEPT.
    public var taskInfo: TaskInfo?
    /// The configuration the current task runs.
    public var configID: String?
    /// The agent the reservation and volume are on.
    public var agentID: String?
    public var hostname: String?
    /// The reserved listener port.
    public var port: Int?
    /// The `resource_id` reservation label of this broker incarnation's resources; a replace makes a new one.
    public var resourceID: String?
    /// The persistent volume's id, `broker-<N>-<resource id>`.
    public var persistenceID: String?
    /// Whether the reservation and volume are known to exist: a task of this incarnation reached
    /// TASK_STARTING or TASK_RUNNING. Until then a failed launch is retried on fresh resources.
    public var reservationConfirmed: Bool
    /// The last status update of the current task.
    public var lastStatus: BrokerTaskStatus?
    /// What the scheduler wants of the broker.
    public var goal: BrokerGoal
    /// When the current task was first reported unreachable (or its agent gone), for automatic replacement.
    public var unreachableSince: Date?
    /// When the current task last reached TASK_RUNNING.
    public var runningSince: Date?
    /// Failures in a row, for the relaunch backoff.
    public var consecutiveFailures: Int
    /// When the broker may be relaunched after its last failure.
    public var relaunchNotBefore: Date?
    /// The task id the next launch uses (answered by restart and replace before the launch happens).
    public var nextTaskID: String?
    /// The creation id (czxid) of the broker's Kafka registration seen when the current task was launched:
    /// a registration left by an earlier process does not count for the readiness check.
    public var staleRegistration: Int64?

    public init(brokerID: Int) {
        self.brokerID = brokerID
        self.reservationConfirmed = false
        self.goal = .running
        self.consecutiveFailures = 0
    }

    enum CodingKeys: String, CodingKey {
        case brokerID = "broker_id"
        case taskID = "task_id"
        case taskInfo = "task_info"
        case configID = "config_id"
        case agentID = "agent_id"
        case hostname
        case port
        case resourceID = "resource_id"
        case persistenceID = "persistence_id"
        case reservationConfirmed = "reservation_confirmed"
        case lastStatus = "last_status"
        case goal
        case unreachableSince = "unreachable_since"
        case runningSince = "running_since"
        case consecutiveFailures = "consecutive_failures"
        case relaunchNotBefore = "relaunch_not_before"
        case nextTaskID = "next_task_id"
        case staleRegistration = "stale_registration"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        brokerID = try c.decode(Int.self, forKey: .brokerID)
        taskID = try c.decodeIfPresent(String.self, forKey: .taskID)
        taskInfo = try c.decodeIfPresent(TaskInfo.self, forKey: .taskInfo)
        configID = try c.decodeIfPresent(String.self, forKey: .configID)
        agentID = try c.decodeIfPresent(String.self, forKey: .agentID)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        resourceID = try c.decodeIfPresent(String.self, forKey: .resourceID)
        persistenceID = try c.decodeIfPresent(String.self, forKey: .persistenceID)
        reservationConfirmed = try c.decodeIfPresent(Bool.self, forKey: .reservationConfirmed) ?? false
        lastStatus = try c.decodeIfPresent(BrokerTaskStatus.self, forKey: .lastStatus)
        goal = try c.decodeIfPresent(BrokerGoal.self, forKey: .goal) ?? .running
        unreachableSince = try c.decodeIfPresent(Double.self, forKey: .unreachableSince).map(Self.date)
        runningSince = try c.decodeIfPresent(Double.self, forKey: .runningSince).map(Self.date)
        consecutiveFailures = try c.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
        relaunchNotBefore = try c.decodeIfPresent(Double.self, forKey: .relaunchNotBefore).map(Self.date)
        nextTaskID = try c.decodeIfPresent(String.self, forKey: .nextTaskID)
        staleRegistration = try c.decodeIfPresent(Int64.self, forKey: .staleRegistration)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(brokerID, forKey: .brokerID)
        try c.encodeIfPresent(taskID, forKey: .taskID)
        try c.encodeIfPresent(taskInfo, forKey: .taskInfo)
        try c.encodeIfPresent(configID, forKey: .configID)
        try c.encodeIfPresent(agentID, forKey: .agentID)
        try c.encodeIfPresent(hostname, forKey: .hostname)
        try c.encodeIfPresent(port, forKey: .port)
        try c.encodeIfPresent(resourceID, forKey: .resourceID)
        try c.encodeIfPresent(persistenceID, forKey: .persistenceID)
        try c.encode(reservationConfirmed, forKey: .reservationConfirmed)
        try c.encodeIfPresent(lastStatus, forKey: .lastStatus)
        try c.encode(goal, forKey: .goal)
        try c.encodeIfPresent(unreachableSince?.timeIntervalSince1970, forKey: .unreachableSince)
        try c.encodeIfPresent(runningSince?.timeIntervalSince1970, forKey: .runningSince)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encodeIfPresent(relaunchNotBefore?.timeIntervalSince1970, forKey: .relaunchNotBefore)
        try c.encodeIfPresent(nextTaskID, forKey: .nextTaskID)
        try c.encodeIfPresent(staleRegistration, forKey: .staleRegistration)
    }

    private static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// The state of the current task: from its last status, STAGING when launched without news yet, nil
    /// without a task.
    public var taskState: TaskState? {
        guard taskID != nil else { return nil }
        return lastStatus.map { TaskState(wireName: $0.state) } ?? .staging
    }

    /// The task is (or may be) alive: launched and not reported over.
    public var isTaskActive: Bool {
        switch taskState {
        case .staging?, .starting?, .running?, .killing?: return true
        default: return false
        }
    }

    /// The task is reported running.
    public var isTaskRunning: Bool { taskState == .running }
}

/// What the scheduler wants of a broker.
public enum BrokerGoal: String, Codable, Sendable, CaseIterable {
    /// Keep it running; relaunch it in place when it stops.
    case running
    /// It was killed to be relaunched in place (configuration update, restart); relaunch it as soon as its
    /// task is over.
    case stoppedForUpdate = "stopped-for-update"
    /// It was replaced: launch it on fresh resources wherever placement allows.
    case replacing
}

/// The last status update of a broker's task, as stored.
public struct BrokerTaskStatus: Codable, Sendable, Equatable {
    /// Mesos's name of the state, e.g. `TASK_RUNNING`.
    public var state: String
    public var reason: String?
    public var message: String?
    /// Seconds since the epoch.
    public var timestamp: Double?
    /// `SOURCE_MASTER`, `SOURCE_AGENT` or `SOURCE_EXECUTOR`.
    public var source: String?

    public init(
        state: String, reason: String? = nil, message: String? = nil, timestamp: Double? = nil,
        source: String? = nil
    ) {
        self.state = state
        self.reason = reason
        self.message = message
        self.timestamp = timestamp
        self.source = source
    }

    public init(_ status: TaskStatus) {
        self.init(
            state: status.state.wireName, reason: status.reason?.wireName, message: status.message,
            timestamp: status.timestamp, source: status.source?.wireName)
    }
}

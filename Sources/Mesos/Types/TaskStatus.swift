#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The state of a task (`TaskState`).
public enum TaskState: MesosEnum {
    /// Master-internal initial state; executors do not send it.
    case staging
    case starting
    case running
    /// Only sent to frameworks with the TASK_KILLING_STATE capability.
    case killing
    case finished
    case failed
    case killed
    case error
    /// Sent to frameworks without PARTITION_AWARE; the task may come back.
    case lost
    /// PARTITION_AWARE: the task never started (terminal).
    case dropped
    /// PARTITION_AWARE: the agent is unreachable; the task may come back.
    case unreachable
    /// PARTITION_AWARE: the task is gone for good (terminal).
    case gone
    /// PARTITION_AWARE: an operator marked the agent gone.
    case goneByOperator
    /// PARTITION_AWARE: the master knows nothing of the task.
    case unknown
    /// A value this version does not know, kept as it was received.
    case unrecognized(String)

    public static let knownValues: [TaskState] = [
        .staging, .starting, .running, .killing, .finished, .failed, .killed, .error, .lost, .dropped,
        .unreachable, .gone, .goneByOperator, .unknown,
    ]
    static let index = wireNameIndex(knownValues)

    public init(wireName: String) {
        self = Self.index[wireName] ?? .unrecognized(wireName)
    }

    public var wireName: String {
        switch self {
        case .staging: "TASK_STAGING"
        case .starting: "TASK_STARTING"
        case .running: "TASK_RUNNING"
        case .killing: "TASK_KILLING"
        case .finished: "TASK_FINISHED"
        case .failed: "TASK_FAILED"
        case .killed: "TASK_KILLED"
        case .error: "TASK_ERROR"
        case .lost: "TASK_LOST"
        case .dropped: "TASK_DROPPED"
        case .unreachable: "TASK_UNREACHABLE"
        case .gone: "TASK_GONE"
        case .goneByOperator: "TASK_GONE_BY_OPERATOR"
        case .unknown: "TASK_UNKNOWN"
        case .unrecognized(let name): name
        }
    }
}

extension TaskState {
    /// Terminal for the master's bookkeeping (Mesos's `isTerminalState`): the task's resources
    /// are freed. This includes TASK_LOST and TASK_GONE_BY_OPERATOR.
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .killed, .lost, .error, .dropped, .gone, .goneByOperator: true
        case .staging, .starting, .running, .killing, .unreachable, .unknown, .unrecognized: false
        }
    }
}

/// The status of a task, carried by UPDATE events (`TaskStatus`).
public struct TaskStatus: Codable, Hashable, Sendable {
    /// Who generated an update.
    public enum Source: MesosEnum {
        case master
        case agent
        case executor
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [Source] = [
            .master, .agent, .executor,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .master: "SOURCE_MASTER"
            case .agent: "SOURCE_AGENT"
            case .executor: "SOURCE_EXECUTOR"
            case .unrecognized(let name): name
            }
        }
    }

    /// Why an update happened.
    public enum Reason: MesosEnum {
        case commandExecutorFailed
        case containerLaunchFailed
        case containerLimitation
        case containerLimitationDisk
        case containerLimitationMemory
        case containerPreempted
        case containerUpdateFailed
        case maxCompletionTimeReached
        case executorRegistrationTimeout
        case executorReregistrationTimeout
        case executorTerminated
        case executorUnregistered
        case frameworkRemoved
        case gcError
        case invalidFrameworkID
        case invalidOffers
        case ioSwitchboardExited
        case masterDisconnected
        case reconciliation
        case resourcesUnknown
        case agentDisconnected
        case agentDraining
        case agentRemoved
        case agentRemovedByOperator
        case agentReregistered
        case agentRestarted
        case agentUnknown
        case taskKilledDuringLaunch
        case taskCheckStatusUpdated
        case taskHealthCheckStatusUpdated
        case taskGroupInvalid
        case taskGroupUnauthorized
        case taskInvalid
        case taskUnauthorized
        case taskUnknown
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [Reason] = [
            .commandExecutorFailed, .containerLaunchFailed, .containerLimitation, .containerLimitationDisk,
            .containerLimitationMemory, .containerPreempted, .containerUpdateFailed,
            .maxCompletionTimeReached, .executorRegistrationTimeout, .executorReregistrationTimeout,
            .executorTerminated, .executorUnregistered, .frameworkRemoved, .gcError, .invalidFrameworkID,
            .invalidOffers, .ioSwitchboardExited, .masterDisconnected, .reconciliation, .resourcesUnknown,
            .agentDisconnected, .agentDraining, .agentRemoved, .agentRemovedByOperator, .agentReregistered,
            .agentRestarted, .agentUnknown, .taskKilledDuringLaunch, .taskCheckStatusUpdated,
            .taskHealthCheckStatusUpdated, .taskGroupInvalid, .taskGroupUnauthorized, .taskInvalid,
            .taskUnauthorized, .taskUnknown,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .commandExecutorFailed: "REASON_COMMAND_EXECUTOR_FAILED"
            case .containerLaunchFailed: "REASON_CONTAINER_LAUNCH_FAILED"
            case .containerLimitation: "REASON_CONTAINER_LIMITATION"
            case .containerLimitationDisk: "REASON_CONTAINER_LIMITATION_DISK"
            case .containerLimitationMemory: "REASON_CONTAINER_LIMITATION_MEMORY"
            case .containerPreempted: "REASON_CONTAINER_PREEMPTED"
            case .containerUpdateFailed: "REASON_CONTAINER_UPDATE_FAILED"
            case .maxCompletionTimeReached: "REASON_MAX_COMPLETION_TIME_REACHED"
            case .executorRegistrationTimeout: "REASON_EXECUTOR_REGISTRATION_TIMEOUT"
            case .executorReregistrationTimeout: "REASON_EXECUTOR_REREGISTRATION_TIMEOUT"
            case .executorTerminated: "REASON_EXECUTOR_TERMINATED"
            case .executorUnregistered: "REASON_EXECUTOR_UNREGISTERED"
            case .frameworkRemoved: "REASON_FRAMEWORK_REMOVED"
            case .gcError: "REASON_GC_ERROR"
            case .invalidFrameworkID: "REASON_INVALID_FRAMEWORKID"
            case .invalidOffers: "REASON_INVALID_OFFERS"
            case .ioSwitchboardExited: "REASON_IO_SWITCHBOARD_EXITED"
            case .masterDisconnected: "REASON_MASTER_DISCONNECTED"
            case .reconciliation: "REASON_RECONCILIATION"
            case .resourcesUnknown: "REASON_RESOURCES_UNKNOWN"
            case .agentDisconnected: "REASON_AGENT_DISCONNECTED"
            case .agentDraining: "REASON_AGENT_DRAINING"
            case .agentRemoved: "REASON_AGENT_REMOVED"
            case .agentRemovedByOperator: "REASON_AGENT_REMOVED_BY_OPERATOR"
            case .agentReregistered: "REASON_AGENT_REREGISTERED"
            case .agentRestarted: "REASON_AGENT_RESTARTED"
            case .agentUnknown: "REASON_AGENT_UNKNOWN"
            case .taskKilledDuringLaunch: "REASON_TASK_KILLED_DURING_LAUNCH"
            case .taskCheckStatusUpdated: "REASON_TASK_CHECK_STATUS_UPDATED"
            case .taskHealthCheckStatusUpdated: "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED"
            case .taskGroupInvalid: "REASON_TASK_GROUP_INVALID"
            case .taskGroupUnauthorized: "REASON_TASK_GROUP_UNAUTHORIZED"
            case .taskInvalid: "REASON_TASK_INVALID"
            case .taskUnauthorized: "REASON_TASK_UNAUTHORIZED"
            case .taskUnknown: "REASON_TASK_UNKNOWN"
            case .unrecognized(let name): name
            }
        }
    }

    public var taskID: TaskID
    public var state: TaskState
    public var message: String?
    public var source: Source?
    public var reason: Reason?
    public var data: Data?
    public var agentID: AgentID?
    public var executorID: ExecutorID?
    /// Seconds since the epoch.
    public var timestamp: Double?
    /// Set on reliable updates, which must be acknowledged with exactly these 16 bytes.
    public var uuid: Data?
    public var healthy: Bool?
    /// Carried without interpretation.
    public var checkStatus: JSONValue?
    public var labels: Labels?
    public var containerStatus: ContainerStatus?
    public var unreachableTime: TimeInfo?
    /// Carried without interpretation.
    public var limitation: JSONValue?

    public init(
        taskID: TaskID,
        state: TaskState,
        message: String? = nil,
        source: Source? = nil,
        reason: Reason? = nil,
        data: Data? = nil,
        agentID: AgentID? = nil,
        executorID: ExecutorID? = nil,
        timestamp: Double? = nil,
        uuid: Data? = nil,
        healthy: Bool? = nil,
        checkStatus: JSONValue? = nil,
        labels: Labels? = nil,
        containerStatus: ContainerStatus? = nil,
        unreachableTime: TimeInfo? = nil,
        limitation: JSONValue? = nil
    ) {
        self.taskID = taskID
        self.state = state
        self.message = message
        self.source = source
        self.reason = reason
        self.data = data
        self.agentID = agentID
        self.executorID = executorID
        self.timestamp = timestamp
        self.uuid = uuid
        self.healthy = healthy
        self.checkStatus = checkStatus
        self.labels = labels
        self.containerStatus = containerStatus
        self.unreachableTime = unreachableTime
        self.limitation = limitation
    }

    /// Whether the update must be acknowledged: it carries a uuid (master-generated updates such
    /// as reconciliation answers never do).
    public var needsAcknowledgement: Bool { uuid != nil }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case state, message, source, reason, data
        case agentID = "agent_id"
        case executorID = "executor_id"
        case timestamp, uuid, healthy
        case checkStatus = "check_status"
        case labels
        case containerStatus = "container_status"
        case unreachableTime = "unreachable_time"
        case limitation
    }
}

/// The container of a task, as the agent reports it (`ContainerStatus`).
public struct ContainerStatus: Codable, Hashable, Sendable {
    public var containerID: ContainerID?
    /// Carried without interpretation.
    public var networkInfos: [JSONValue]
    /// Carried without interpretation.
    public var cgroupInfo: JSONValue?
    public var executorPID: UInt32?

    public init(
        containerID: ContainerID? = nil, executorPID: UInt32? = nil, networkInfos: [JSONValue] = [],
        cgroupInfo: JSONValue? = nil
    ) {
        self.containerID = containerID
        self.networkInfos = networkInfos
        self.cgroupInfo = cgroupInfo
        self.executorPID = executorPID
    }

    enum CodingKeys: String, CodingKey {
        case containerID = "container_id"
        case networkInfos = "network_infos"
        case cgroupInfo = "cgroup_info"
        case executorPID = "executor_pid"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        containerID = try container.optional(.containerID)
        networkInfos = try container.repeated(.networkInfos)
        cgroupInfo = try container.optional(.cgroupInfo)
        executorPID = try container.optionalInteger(.executorPID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(containerID, forKey: .containerID)
        try container.encodeRepeated(networkInfos, forKey: .networkInfos)
        try container.encodeIfPresent(cgroupInfo, forKey: .cgroupInfo)
        try container.encodeIfPresent(executorPID, forKey: .executorPID)
    }
}

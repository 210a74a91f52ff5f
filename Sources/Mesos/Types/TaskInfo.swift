#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A task to launch (`TaskInfo`).
///
/// Exactly one of `command` and `executor` must be set for the master to accept it.
public struct TaskInfo: Codable, Hashable, Sendable {
    public var name: String
    public var taskID: TaskID
    public var agentID: AgentID
    public var resources: [Resource]
    public var executor: ExecutorInfo?
    public var command: CommandInfo?
    /// Carried without interpretation.
    public var container: JSONValue?
    /// Carried without interpretation.
    public var healthCheck: JSONValue?
    /// Carried without interpretation.
    public var check: JSONValue?
    public var killPolicy: KillPolicy?
    public var data: Data?
    public var labels: Labels?
    /// Carried without interpretation.
    public var discovery: JSONValue?
    public var maxCompletionTime: DurationInfo?
    /// `limits` (a map of resource name to scalar), carried without interpretation.
    public var limits: JSONValue?

    public init(
        name: String,
        taskID: TaskID,
        agentID: AgentID,
        resources: [Resource] = [],
        command: CommandInfo? = nil,
        executor: ExecutorInfo? = nil,
        killPolicy: KillPolicy? = nil,
        labels: Labels? = nil,
        data: Data? = nil,
        container: JSONValue? = nil,
        healthCheck: JSONValue? = nil,
        check: JSONValue? = nil,
        discovery: JSONValue? = nil,
        maxCompletionTime: DurationInfo? = nil,
        limits: JSONValue? = nil
    ) {
        self.name = name
        self.taskID = taskID
        self.agentID = agentID
        self.resources = resources
        self.executor = executor
        self.command = command
        self.container = container
        self.healthCheck = healthCheck
        self.check = check
        self.killPolicy = killPolicy
        self.data = data
        self.labels = labels
        self.discovery = discovery
        self.maxCompletionTime = maxCompletionTime
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey {
        case name
        case taskID = "task_id"
        case agentID = "agent_id"
        case resources, executor, command, container
        case healthCheck = "health_check"
        case check
        case killPolicy = "kill_policy"
        case data, labels, discovery
        case maxCompletionTime = "max_completion_time"
        case limits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.required(.name)
        taskID = try container.required(.taskID)
        agentID = try container.required(.agentID)
        resources = try container.repeated(.resources)
        executor = try container.optional(.executor)
        command = try container.optional(.command)
        self.container = try container.optional(.container)
        healthCheck = try container.optional(.healthCheck)
        check = try container.optional(.check)
        killPolicy = try container.optional(.killPolicy)
        data = try container.optional(.data)
        labels = try container.optional(.labels)
        discovery = try container.optional(.discovery)
        maxCompletionTime = try container.optional(.maxCompletionTime)
        limits = try container.optional(.limits)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(agentID, forKey: .agentID)
        try container.encodeRepeated(resources, forKey: .resources)
        try container.encodeIfPresent(executor, forKey: .executor)
        try container.encodeIfPresent(command, forKey: .command)
        try container.encodeIfPresent(self.container, forKey: .container)
        try container.encodeIfPresent(healthCheck, forKey: .healthCheck)
        try container.encodeIfPresent(check, forKey: .check)
        try container.encodeIfPresent(killPolicy, forKey: .killPolicy)
        try container.encodeIfPresent(data, forKey: .data)
        try container.encodeIfPresent(labels, forKey: .labels)
        try container.encodeIfPresent(discovery, forKey: .discovery)
        try container.encodeIfPresent(maxCompletionTime, forKey: .maxCompletionTime)
        try container.encodeIfPresent(limits, forKey: .limits)
    }
}

/// A group of tasks launched together under one executor (`TaskGroupInfo`).
public struct TaskGroupInfo: Codable, Hashable, Sendable {
    public var tasks: [TaskInfo]

    public init(tasks: [TaskInfo] = []) {
        self.tasks = tasks
    }

    enum CodingKeys: String, CodingKey {
        case tasks
    }

    public init(from decoder: any Decoder) throws {
        tasks = try decoder.container(keyedBy: CodingKeys.self).repeated(.tasks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeRepeated(tasks, forKey: .tasks)
    }
}

/// An executor (`ExecutorInfo`); tasks with a `command` use the built-in command executor instead.
public struct ExecutorInfo: Codable, Hashable, Sendable {
    /// The default (Mesos-provided) executor or a custom one.
    public enum ExecutorType: MesosEnum {
        case unknown
        case `default`
        case custom
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [ExecutorType] = [
            .unknown, .default, .custom,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .unknown: "UNKNOWN"
            case .default: "DEFAULT"
            case .custom: "CUSTOM"
            case .unrecognized(let name): name
            }
        }
    }

    public var type: ExecutorType?
    public var executorID: ExecutorID
    public var frameworkID: FrameworkID?
    public var command: CommandInfo?
    /// Carried without interpretation.
    public var container: JSONValue?
    public var resources: [Resource]
    public var name: String?
    public var source: String?
    public var data: Data?
    /// Carried without interpretation.
    public var discovery: JSONValue?
    public var shutdownGracePeriod: DurationInfo?
    public var labels: Labels?

    public init(
        executorID: ExecutorID,
        type: ExecutorType? = nil,
        frameworkID: FrameworkID? = nil,
        command: CommandInfo? = nil,
        resources: [Resource] = [],
        name: String? = nil,
        labels: Labels? = nil,
        shutdownGracePeriod: DurationInfo? = nil,
        source: String? = nil,
        data: Data? = nil,
        container: JSONValue? = nil,
        discovery: JSONValue? = nil
    ) {
        self.type = type
        self.executorID = executorID
        self.frameworkID = frameworkID
        self.command = command
        self.container = container
        self.resources = resources
        self.name = name
        self.source = source
        self.data = data
        self.discovery = discovery
        self.shutdownGracePeriod = shutdownGracePeriod
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case type
        case executorID = "executor_id"
        case frameworkID = "framework_id"
        case command, container, resources, name, source, data, discovery
        case shutdownGracePeriod = "shutdown_grace_period"
        case labels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.optional(.type)
        executorID = try container.required(.executorID)
        frameworkID = try container.optional(.frameworkID)
        command = try container.optional(.command)
        self.container = try container.optional(.container)
        resources = try container.repeated(.resources)
        name = try container.optional(.name)
        source = try container.optional(.source)
        data = try container.optional(.data)
        discovery = try container.optional(.discovery)
        shutdownGracePeriod = try container.optional(.shutdownGracePeriod)
        labels = try container.optional(.labels)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encode(executorID, forKey: .executorID)
        try container.encodeIfPresent(frameworkID, forKey: .frameworkID)
        try container.encodeIfPresent(command, forKey: .command)
        try container.encodeIfPresent(self.container, forKey: .container)
        try container.encodeRepeated(resources, forKey: .resources)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(data, forKey: .data)
        try container.encodeIfPresent(discovery, forKey: .discovery)
        try container.encodeIfPresent(shutdownGracePeriod, forKey: .shutdownGracePeriod)
        try container.encodeIfPresent(labels, forKey: .labels)
    }
}

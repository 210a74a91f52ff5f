/// One broker the service manages, whether its task runs or not.
public struct BrokerSnapshot: Sendable, Equatable {
    /// The Kafka broker id (`broker.id`), 0-based.
    public var id: Int
    /// Its plan block, `broker-<id>`.
    public var blockName: String
    /// The current (or last) task id, `broker-<id>__<uuid>`; nil if it was never launched.
    public var taskID: String?
    /// The last known state of that task.
    public var taskState: BrokerTaskState
    /// The Mesos agent the broker's reservation and volume are on; nil before the first launch.
    public var agentID: String?
    /// The agent's hostname, the address clients reach the broker at.
    public var hostname: String?
    /// The broker's listener port.
    public var port: Int?
    /// The configuration id the task was launched with.
    public var configurationID: String?
    /// Whether the broker is registered with Kafka (`/brokers/ids/<id>`).
    public var registeredWithKafka: Bool
    /// The message of the last status update (a failure reason, say); nil when there was none.
    public var statusMessage: String?

    public init(
        id: Int, blockName: String? = nil, taskID: String?, taskState: BrokerTaskState, agentID: String?,
        hostname: String?, port: Int?, configurationID: String?, registeredWithKafka: Bool,
        statusMessage: String?
    ) {
        self.id = id
        self.blockName = blockName ?? "broker-\(id)"
        self.taskID = taskID
        self.taskState = taskState
        self.agentID = agentID
        self.hostname = hostname
        self.port = port
        self.configurationID = configurationID
        self.registeredWithKafka = registeredWithKafka
        self.statusMessage = statusMessage
    }

    /// `host:port` when both are known.
    public var address: String? {
        guard let hostname, let port else { return nil }
        return "\(hostname):\(port)"
    }
}

/// The state of a broker's task: Mesos's task states, spelled as Mesos spells them, plus `NOT_LAUNCHED` for
/// a broker that has no task yet (or whose task was forgotten by a replace and not launched again).
public enum BrokerTaskState: String, Sendable, Equatable, CaseIterable {
    case notLaunched = "NOT_LAUNCHED"
    case staging = "TASK_STAGING"
    case starting = "TASK_STARTING"
    case running = "TASK_RUNNING"
    case killing = "TASK_KILLING"
    case finished = "TASK_FINISHED"
    case failed = "TASK_FAILED"
    case killed = "TASK_KILLED"
    case error = "TASK_ERROR"
    case lost = "TASK_LOST"
    case dropped = "TASK_DROPPED"
    case unreachable = "TASK_UNREACHABLE"
    case gone = "TASK_GONE"
    case goneByOperator = "TASK_GONE_BY_OPERATOR"
    case unknown = "TASK_UNKNOWN"

    /// Whether the task is over: a new task must be launched for the broker to run again.
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .killed, .error, .lost, .dropped, .gone, .goneByOperator: return true
        default: return false
        }
    }
}

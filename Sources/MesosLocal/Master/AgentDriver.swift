import Mesos

/// What the master needs of one simulated agent. `LocalAgent` provides it; tests may provide a twin.
///
/// The master talks to agents only through this protocol, so it is the whole seam between the two.
protocol AgentDriver: Sendable {
    /// Calls `body` for every status update the agent sends, in order, until the agent shuts down.
    func forEachUpdate(_ body: @escaping @Sendable (AgentUpdate) async -> Void) async
    func launch(_ task: TaskInfo, frameworkID: FrameworkID) async
    func kill(_ taskID: TaskID, gracePeriod: Duration?, sendKilling: Bool) async
    func acknowledge(taskID: TaskID, uuid: MesosUUID) async
    func restart() async
    func crash(_ taskID: TaskID) async -> Bool
    func destroyVolume(role: String, persistenceID: String) async
    func shutdown() async
    func runningTasks() async -> [TaskID: TaskState]
}

/// A status update from an agent, for the master to forward.
struct AgentUpdate: Sendable {
    var frameworkID: FrameworkID
    var status: TaskStatus
}

/// What an agent is made from.
struct AgentSpec: Sendable {
    var agentID: AgentID
    var hostname: String
    var workDirectory: String
    var updateRetryInterval: Duration
}

/// Makes the agent for a spec.
typealias AgentFactory = @Sendable (AgentSpec) -> any AgentDriver

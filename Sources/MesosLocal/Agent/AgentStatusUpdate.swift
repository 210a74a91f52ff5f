import Mesos

/// A status update the agent sends to the master, which forwards it to the framework.
///
/// `status.uuid` is always set: the update is re-sent with the same uuid until the framework acknowledges it.
public struct AgentStatusUpdate: Sendable, Hashable {
    public var frameworkID: FrameworkID
    /// uuid set; state, message, reason, source, agent_id, executor_id, timestamp.
    public var status: TaskStatus

    public init(frameworkID: FrameworkID, status: TaskStatus) {
        self.frameworkID = frameworkID
        self.status = status
    }

    /// The update's uuid (16 bytes).
    public var uuid: MesosUUID {
        MesosUUID(status.uuid ?? .init())
    }
}

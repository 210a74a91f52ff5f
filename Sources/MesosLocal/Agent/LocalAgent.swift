import CurlHTTP
import Foundation
import Logging
import Mesos

/// One simulated agent: runs tasks as local processes in sandboxes under its work dir.
///
/// Each task runs in a process group of its own, with stdin from /dev/null, stdout and stderr in files of its
/// sandbox and the sandbox as working directory. Task processes die with the process that runs the agents, even
/// when it is killed (see `AgentProcessGuard`); `shutdown()` stops them all.
public actor LocalAgent {
    public struct Configuration: Sendable {
        public var agentID: AgentID
        /// Where the agent's tasks are reachable; agents' hostnames resolve to loopback.
        public var hostname: String
        /// `<mesos-local --work-dir>/agents/<agent id>`: sandboxes and persistent volumes live here.
        public var workDirectory: String
        /// First retry of an unacknowledged status update; the interval doubles up to 10 minutes (Mesos: 10 s).
        public var updateRetryInterval: Duration

        public init(
            agentID: AgentID,
            hostname: String = "127.0.0.1",
            workDirectory: String,
            updateRetryInterval: Duration = .seconds(10)
        ) {
            self.agentID = agentID
            self.hostname = hostname
            self.workDirectory = workDirectory
            self.updateRetryInterval = updateRetryInterval
        }
    }

    /// The grace period between SIGTERM and SIGKILL when neither the task nor the kill gives one, as Mesos's
    /// command executor.
    public static let defaultKillGracePeriod: Duration = .seconds(3)
    /// The longest interval between two sends of an unacknowledged update (Mesos: 10 minutes).
    public static let maximumUpdateRetryInterval: Duration = .seconds(600)

    public nonisolated let configuration: Configuration
    let logger: Logger
    let preparation: AgentTaskPreparation
    nonisolated let updateStream: AsyncStream<AgentStatusUpdate>
    let updateContinuation: AsyncStream<AgentStatusUpdate>.Continuation
    var records: [TaskID: AgentTaskRecord] = [:]
    var statusUpdates: AgentStatusUpdateManager
    var retryTimers: [TaskID: Task<Void, Never>] = [:]
    var shutdownTask: Task<Void, Never>?

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "agent"] = "\(configuration.agentID.value)"
        self.logger = logger
        let toolPath = ProcessInfo.processInfo.environment["PATH"] ?? AgentLaunchPlan.defaultSearchPath
        preparation = AgentTaskPreparation(
            fetcher: AgentFetcher(httpClient: httpClient, logger: logger, toolSearchPath: toolPath))
        (updateStream, updateContinuation) = AsyncStream.makeStream(of: AgentStatusUpdate.self)
        statusUpdates = AgentStatusUpdateManager(
            initialRetryInterval: configuration.updateRetryInterval,
            maximumRetryInterval: Self.maximumUpdateRetryInterval)
    }

    /// Status updates the agent sends to the master (the master forwards them to the framework). Each carries a
    /// fresh 16-byte uuid; an update is re-sent (same uuid) every retry interval, doubling up to 10 minutes, until
    /// `acknowledge` is called for it; per task the next update is held back until the current one is
    /// acknowledged (as Mesos's status update manager does). Source SOURCE_EXECUTOR for what the task's process
    /// does, SOURCE_AGENT for what the agent decides (launch failures, kills before the start, restarts), as in
    /// Mesos; agent_id, executor_id = task id, timestamp and container_status set.
    ///
    /// One stream for the agent's whole life, meant for one consumer; it ends with `shutdown()`.
    public nonisolated var updates: AsyncStream<AgentStatusUpdate> { updateStream }

    /// Tasks the agent knows (task id → latest state) for /master/state and reconciliation: TASK_STAGING while
    /// the sandbox is prepared, then the state of the latest update generated. A task whose terminal update is not
    /// acknowledged yet is still listed, with that terminal state (as a Mesos agent reports it when it
    /// re-registers); it is forgotten once acknowledged.
    public func runningTasks() -> [TaskID: TaskState] {
        records.mapValues(\.state)
    }

    /// The sandbox of a known task's current run.
    public func sandboxDirectory(of taskID: TaskID) -> String? {
        records[taskID]?.sandbox
    }

    /// The pid (and process group id) of a task's running process; nil before it starts and after it exits.
    public func processID(of taskID: TaskID) -> Int32? {
        records[taskID]?.processID
    }

    /// Where a persistent volume on the agent's own disk keeps its data.
    public nonisolated func volumeDirectory(role: String, persistenceID: String) -> String {
        AgentPaths.volume(workDirectory: configuration.workDirectory, role: role, persistenceID: persistenceID)
    }

    /// The record of the run `containerID` of a task, nil when the task moved on or was forgotten.
    func record(_ taskID: TaskID, run containerID: String) -> AgentTaskRecord? {
        guard let record = records[taskID], record.containerID == containerID else { return nil }
        return record
    }
}

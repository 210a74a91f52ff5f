import Mesos

/// One task the agent knows, from its launch until its terminal update is acknowledged.
struct AgentTaskRecord {
    enum Phase {
        /// Making the sandbox, fetching, starting the process.
        case launching
        case running(AgentChildProcess)
        /// The process exited or never started; the terminal update may await its acknowledgement.
        case exited
    }

    /// Why the agent ends a task, which decides its terminal update.
    enum Termination: Hashable, Sendable {
        /// A KILL from the framework.
        case kill
        /// The agent restarts: the task fails with REASON_AGENT_RESTARTED.
        case restart
        /// The agent stops for good: no update.
        case shutdown
    }

    let task: TaskInfo
    let frameworkID: FrameworkID
    /// Names the run (the sandbox's last directory); callbacks carry it so that a stale one is recognised.
    let containerID: String
    let sandbox: String
    var phase: Phase = .launching
    /// The state of the latest update generated (not necessarily sent yet); TASK_STAGING until the first.
    var state: TaskState = .staging
    var termination: Termination?
    /// Whether TASK_RUNNING was generated: a kill before it is a kill during launch.
    var launched = false
    var launchTask: Task<Void, Never>?
    /// SIGKILL after the grace period of a kill.
    var escalation: Task<Void, Never>?
    var killStarted: ContinuousClock.Instant?
    var escalationDeadline: ContinuousClock.Instant?

    var processID: Int32? {
        if case .running(let process) = phase { return process.pid }
        return nil
    }
}

/// The update that ends a task.
struct AgentTerminalUpdate: Hashable, Sendable {
    var state: TaskState
    var reason: TaskStatus.Reason?
    var source: TaskStatus.Source
    var message: String

    /// After the task's process exited: as Mesos's command executor decides it (a killed task is TASK_KILLED
    /// whatever its exit code; otherwise status 0 is TASK_FINISHED and anything else TASK_FAILED), with the exit
    /// in the message ("Command exited with status 3", "Command terminated with signal Killed"). A process
    /// killed by a kill request that arrived before TASK_RUNNING counts as killed during launch.
    static func afterExit(
        _ exit: AgentExitStatus, termination: AgentTaskRecord.Termination?, launched: Bool
    ) -> AgentTerminalUpdate? {
        switch termination {
        case .shutdown?:
            return nil
        case .restart?:
            return agentRestarted
        case .kill?:
            guard launched else { return killedDuringLaunch }
            return AgentTerminalUpdate(state: .killed, source: .executor, message: "Command \(exit)")
        case nil:
            if case .unknown = exit {
                return AgentTerminalUpdate(
                    state: .failed, source: .executor, message: "Failed to get exit status for Command")
            }
            return AgentTerminalUpdate(
                state: exit.succeeded ? .finished : .failed, source: .executor, message: "Command \(exit)")
        }
    }

    /// When the launch ended before a process ran: a kill, a restart, a shutdown, or a launch failure (sandbox,
    /// fetch, spawn) as the Mesos agent reports a container launch failure.
    static func withoutProcess(
        termination: AgentTaskRecord.Termination?, failure: AgentLaunchError?, containerID: String
    ) -> AgentTerminalUpdate? {
        switch termination {
        case .shutdown?:
            return nil
        case .restart?:
            return agentRestarted
        case .kill?:
            return killedDuringLaunch
        case nil:
            let message =
                failure?.statusMessage(containerID: containerID) ?? "Failed to launch container: unknown error"
            return AgentTerminalUpdate(
                state: .failed, reason: .containerLaunchFailed, source: .agent, message: message)
        }
    }

    static let agentRestarted = AgentTerminalUpdate(
        state: .failed, reason: .agentRestarted, source: .agent, message: "Agent restarted")

    static let killedDuringLaunch = AgentTerminalUpdate(
        state: .killed, reason: .taskKilledDuringLaunch, source: .agent,
        message: "Killed before delivery to the executor")
}

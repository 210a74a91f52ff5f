import Mesos

/// How a task is started, decided from its `TaskInfo` and the agent's configuration without any I/O.
///
/// The environment is built like this: from the process running the agents only `PATH` (a default when unset),
/// `HOME`, `TMPDIR`, `LANG` and `LC_*` are passed on (a task must not see the master's credentials or a test
/// runner's variables); then `MESOS_SANDBOX`, `MESOS_TASK_ID`, `MESOS_FRAMEWORK_ID`, `MESOS_AGENT_ID` and
/// `MESOS_EXECUTOR_ID`; then the task's `command.environment`, which wins over both, as the command executor
/// lays a task's environment over its own.
struct AgentLaunchPlan: Sendable, Hashable {
    enum Command: Sendable, Hashable {
        /// `/bin/sh -c <value>`.
        case shell(String)
        /// `shell: false`: `value` is the executable (looked up in the task's `PATH` when it has no slash, relative
        /// to the sandbox when it has one); `arguments` is the whole argv, `argv[0]` included, as in Mesos.
        case executable(String, arguments: [String])
    }

    /// Variables of the agent's own environment that tasks inherit.
    static let inheritedVariables: Set<String> = ["PATH", "HOME", "TMPDIR", "LANG"]
    /// `PATH` for a task when the agent's environment has none (Mesos's host default).
    static let defaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    var sandbox: String
    var command: Command
    var environment: [String: String]
    var uris: [CommandInfo.URI]
    var volumes: [AgentVolumeLink]

    init(
        task: TaskInfo,
        frameworkID: FrameworkID,
        agentID: AgentID,
        workDirectory: String,
        containerID: String,
        inheritedEnvironment: [String: String]
    ) throws(AgentLaunchError) {
        guard let command = task.command else {
            throw .invalidTask("mesos-local runs command tasks only; task '\(task.taskID.value)' has an executor")
        }
        for (what, id) in [("framework id", frameworkID.value), ("task id", task.taskID.value)]
        where !AgentPaths.isSafeComponent(id) {
            throw .invalidTask("the \(what) '\(id)' cannot name a sandbox directory")
        }
        sandbox = AgentPaths.sandbox(
            workDirectory: workDirectory, frameworkID: frameworkID, executorID: task.taskID.value,
            containerID: containerID)

        guard let value = command.value, !value.isEmpty else {
            throw .invalidTask("the command of task '\(task.taskID.value)' has no value")
        }
        if command.shell ?? true {
            self.command = .shell(value)
        } else {
            self.command = .executable(value, arguments: command.arguments.isEmpty ? [value] : command.arguments)
        }

        var environment: [String: String] = [:]
        for (name, value) in inheritedEnvironment
        where Self.inheritedVariables.contains(name) || name.hasPrefix("LC_") {
            environment[name] = value
        }
        if environment["PATH"] == nil { environment["PATH"] = Self.defaultSearchPath }
        environment["MESOS_SANDBOX"] = sandbox
        environment["MESOS_TASK_ID"] = task.taskID.value
        environment["MESOS_FRAMEWORK_ID"] = frameworkID.value
        environment["MESOS_AGENT_ID"] = agentID.value
        environment["MESOS_EXECUTOR_ID"] = task.taskID.value
        for variable in command.environment?.variables ?? [] {
            if case .secret = variable.type {
                throw .invalidTask(
                    "environment variable '\(variable.name)' is a secret; mesos-local has no secret resolver")
            }
            guard !variable.name.isEmpty, !variable.name.contains("=") else {
                throw .invalidTask("'\(variable.name)' is not a valid environment variable name")
            }
            environment[variable.name] = variable.value ?? ""
        }
        self.environment = environment

        uris = command.uris
        volumes = try Self.volumeLinks(of: task, sandbox: sandbox, workDirectory: workDirectory)
    }

    /// The task's `PATH`, where a `shell: false` executable is looked up.
    var searchPath: String { environment["PATH"] ?? Self.defaultSearchPath }

    /// The environment as `NAME=value` entries, sorted by name.
    var environmentEntries: [String] {
        environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    private static func volumeLinks(of task: TaskInfo, sandbox: String, workDirectory: String)
        throws(AgentLaunchError) -> [AgentVolumeLink]
    {
        var links: [AgentVolumeLink] = []
        for resource in task.resources {
            guard let persistenceID = resource.persistenceID else { continue }
            guard let containerPath = resource.disk?.volume?.containerPath, !containerPath.isEmpty else {
                throw .invalidTask("persistent volume '\(persistenceID)' has no container_path")
            }
            let components = containerPath.split(separator: "/")
            guard !containerPath.hasPrefix("/"), !components.isEmpty, components.allSatisfy(AgentPaths.isSafeComponent)
            else {
                throw .invalidTask(
                    "container_path '\(containerPath)' of persistent volume '\(persistenceID)' must be a relative"
                        + " path inside the sandbox (mesos-local runs tasks without a container image)")
            }
            guard let hostPath = AgentPaths.volume(of: resource, workDirectory: workDirectory) else {
                throw .invalidTask(
                    "persistent volume '\(persistenceID)' (role '\(resource.reservationRole ?? "*")') cannot name"
                        + " a directory")
            }
            links.append(
                AgentVolumeLink(
                    hostPath: hostPath, containerPath: "\(sandbox)/\(components.joined(separator: "/"))"))
        }
        return links
    }
}

/// A persistent volume made visible in a sandbox: a symbolic link at `containerPath` to `hostPath`, as Mesos's
/// POSIX filesystem isolator does it.
struct AgentVolumeLink: Sendable, Hashable {
    /// The volume's directory, which outlives tasks and agent restarts.
    var hostPath: String
    /// The link's absolute path inside the sandbox.
    var containerPath: String
}

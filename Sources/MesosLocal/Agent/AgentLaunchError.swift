/// Why a task could not be started; becomes a TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED.
enum AgentLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The task cannot run here as given (no command, a secret variable, a volume path outside the sandbox…).
    case invalidTask(String)
    /// A URI could not be fetched.
    case fetch(AgentFetchError)
    /// The sandbox or a volume could not be made.
    case sandbox(path: String, message: String)
    /// `shell: false` and `value` names no executable file.
    case executableNotFound(name: String, searchPath: String)
    /// posix_spawn failed.
    case spawn(AgentSpawnError)

    var description: String {
        switch self {
        case .invalidTask(let message):
            return message
        case .fetch(let error):
            return error.description
        case .sandbox(let path, let message):
            return "cannot prepare '\(path)': \(message)"
        case .executableNotFound(let name, let searchPath):
            return "executable '\(name)' not found (relative to the sandbox, or in PATH=\(searchPath))"
        case .spawn(let error):
            return error.description
        }
    }

    /// The task status message, worded as Mesos's agent words a container launch failure.
    func statusMessage(containerID: String) -> String {
        switch self {
        case .fetch(let error):
            return "Failed to launch container: Failed to fetch all URIs for container '\(containerID)': \(error)"
        default:
            return "Failed to launch container: \(description)"
        }
    }
}

/// Why one URI could not be fetched.
struct AgentFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    var uri: String
    var reason: String

    var description: String { "Failed to fetch '\(uri)': \(reason)" }
}

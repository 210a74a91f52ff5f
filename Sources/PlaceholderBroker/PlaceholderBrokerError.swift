/// Why the placeholder broker cannot start or has to stop. Each message names what to look at.
public enum PlaceholderBrokerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Required variables are missing or invalid (exit status 2).
    case invalidEnvironment([EnvironmentProblem])
    /// Another live broker holds this broker id in ZooKeeper.
    case brokerIdInUse(brokerId: Int32, path: String, owner: Int64, registration: String)
    /// The data directory cannot be used (not creatable, unreadable, or belongs to another broker or cluster).
    case dataDirectory(path: String, problem: String)
    /// ZooKeeper could not be reached or refused an operation.
    case zooKeeper(String)
    /// The Kafka listener could not be opened.
    case listener(String)

    /// The process exit status for this error: 2 for a bad environment, 1 otherwise.
    public var exitStatus: Int32 {
        if case .invalidEnvironment = self { return 2 }
        return 1
    }

    public var description: String {
        switch self {
        case .invalidEnvironment(let problems):
            "invalid task environment:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case .brokerIdInUse(let id, let path, let owner, let registration):
            "broker id \(id) is already registered at \(path) by another live broker (ZooKeeper session "
                + "0x\(String(UInt64(bitPattern: owner), radix: 16)), registration \(registration)); "
                + "refusing to start, as Kafka does. If that broker was just killed, its registration goes when its session expires."
        case .dataDirectory(let path, let problem):
            "data directory \(path): \(problem)"
        case .zooKeeper(let message):
            "ZooKeeper: \(message)"
        case .listener(let message):
            "listener: \(message)"
        }
    }
}

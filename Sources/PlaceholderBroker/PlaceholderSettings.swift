import Foundation

/// What a placeholder broker runs with, read from the task environment the scheduler sets for every broker
/// task (see `init(environment:)`).
public struct PlaceholderSettings: Sendable, Equatable {
    /// `BROKER_ID`: the broker id (`broker.id`).
    public var brokerId: Int32
    /// `BROKER_HOST`: the address to listen on and to advertise.
    public var host: String
    /// `BROKER_PORT`: the port to listen on and to advertise.
    public var port: Int
    /// `BROKER_DATA_DIR`: the broker's directory on its persistent volume (`log.dirs`).
    public var dataDirectory: String
    /// `KAFKA_ZOOKEEPER_CONNECT`: Kafka's `zookeeper.connect`, chroot included.
    public var zooKeeper: ZooKeeperConnect
    /// `CONFIG_ID`: the scheduler's configuration the task runs.
    public var configId: String
    /// `FRAMEWORK_NAME`: the service's name.
    public var frameworkName: String
    /// `PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS` (optional, default 18000 as Kafka's
    /// `zookeeper.session.timeout.ms`): how long the registration survives without contact with ZooKeeper.
    public var sessionTimeout: Duration

    public init(
        brokerId: Int32, host: String, port: Int, dataDirectory: String, zooKeeper: ZooKeeperConnect,
        configId: String, frameworkName: String, sessionTimeout: Duration = .milliseconds(18000)
    ) {
        self.brokerId = brokerId
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.zooKeeper = zooKeeper
        self.configId = configId
        self.frameworkName = frameworkName
        self.sessionTimeout = sessionTimeout
    }

    /// The listener, as Kafka names it: `PLAINTEXT://host:port`.
    public var listener: String { "PLAINTEXT://\(host):\(port)" }
}

/// A required variable that is missing, or a variable whose value is not allowed.
public struct EnvironmentProblem: Sendable, Equatable, CustomStringConvertible {
    /// The variable's name.
    public var variable: String
    /// What is wrong and what is allowed.
    public var problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "\(variable): \(problem)" }
}

extension PlaceholderSettings {
    /// The variables the scheduler always sets for a broker task.
    public static let requiredVariables = [
        "BROKER_ID", "BROKER_PORT", "BROKER_HOST", "BROKER_DATA_DIR", "KAFKA_ZOOKEEPER_CONNECT", "CONFIG_ID",
        "FRAMEWORK_NAME",
    ]

    /// Reads the settings; every problem is reported at once, each naming its variable.
    public init(environment: [String: String]) throws(PlaceholderBrokerError) {
        var problems: [EnvironmentProblem] = []
        func value(_ name: String) -> String? {
            guard let raw = environment[name] else {
                problems.append(
                    EnvironmentProblem(variable: name, problem: "missing (the scheduler sets it for every broker task)")
                )
                return nil
            }
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                problems.append(EnvironmentProblem(variable: name, problem: "empty"))
                return nil
            }
            return trimmed
        }

        var brokerId: Int32?
        if let raw = value("BROKER_ID") {
            if let id = Int32(raw), id >= 0 {
                brokerId = id
            } else {
                problems.append(
                    .init(
                        variable: "BROKER_ID",
                        problem: "'\(raw)' is not a broker id (an integer from 0 to \(Int32.max))"))
            }
        }
        var port: Int?
        if let raw = value("BROKER_PORT") {
            if let number = Int(raw), (1...65535).contains(number) {
                port = number
            } else {
                problems.append(
                    .init(variable: "BROKER_PORT", problem: "'\(raw)' is not a port (an integer from 1 to 65535)"))
            }
        }
        var host: String?
        if let raw = value("BROKER_HOST") {
            if raw.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "," }) {
                problems.append(.init(variable: "BROKER_HOST", problem: "'\(raw)' is not a host name or address"))
            } else {
                host = raw
            }
        }
        let dataDirectory = value("BROKER_DATA_DIR")
        var zooKeeper: ZooKeeperConnect?
        if let raw = value("KAFKA_ZOOKEEPER_CONNECT") {
            do {
                zooKeeper = try ZooKeeperConnect(parsing: raw)
            } catch {
                problems.append(.init(variable: "KAFKA_ZOOKEEPER_CONNECT", problem: error.message))
            }
        }
        let configId = value("CONFIG_ID")
        let frameworkName = value("FRAMEWORK_NAME")
        var sessionTimeout = Duration.milliseconds(18000)
        if let raw = environment["PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS"] {
            if let milliseconds = Int(raw.trimmingCharacters(in: .whitespaces)), (1000...600_000).contains(milliseconds)
            {
                sessionTimeout = .milliseconds(milliseconds)
            } else {
                problems.append(
                    .init(
                        variable: "PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS",
                        problem: "'\(raw)' is not a session timeout (milliseconds from 1000 to 600000)"))
            }
        }

        guard problems.isEmpty, let brokerId, let port, let host, let dataDirectory, let zooKeeper, let configId,
            let frameworkName
        else {
            throw .invalidEnvironment(problems)
        }
        self.init(
            brokerId: brokerId, host: host, port: port, dataDirectory: dataDirectory, zooKeeper: zooKeeper,
            configId: configId, frameworkName: frameworkName, sessionTimeout: sessionTimeout)
    }
}

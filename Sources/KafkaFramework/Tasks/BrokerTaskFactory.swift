import Foundation
import Mesos

/// Builds a broker's `TaskInfo`: its command, environment, labels and kill policy, on the resources the offer
/// evaluation chose. Pure: the same inputs give the same task.
public struct BrokerTaskFactory: Sendable {
    /// Time between SIGTERM and SIGKILL: Kafka's controlled shutdown moves partition leadership away and
    /// flushes its logs; cut short, the next start recovers every log segment.
    public static let killGracePeriod: Duration = .seconds(60)
    /// The persistent volume's container path, relative to the sandbox.
    public static let volumeContainerPath = "kafka-volume"
    /// The task label naming the configuration it runs.
    public static let configIDLabel = "config_id"
    /// The task label naming the broker.
    public static let brokerIDLabel = "broker_id"

    public let layout: StateLayout

    public init(layout: StateLayout) {
        self.layout = layout
    }

    /// What one broker task is made of.
    public struct Launch: Sendable, Equatable {
        public var broker: Int
        public var taskID: String
        public var configID: String
        public var configuration: ServiceConfiguration
        public var agentID: AgentID
        /// The agent's hostname: what Kafka advertises.
        public var hostname: String
        /// The reserved listener port.
        public var port: Int
        /// Exactly the resources the task uses: reserved cpus, mem, the port and the volume.
        public var resources: [Resource]

        public init(
            broker: Int, taskID: String, configID: String, configuration: ServiceConfiguration, agentID: AgentID,
            hostname: String, port: Int, resources: [Resource]
        ) {
            self.broker = broker
            self.taskID = taskID
            self.configID = configID
            self.configuration = configuration
            self.agentID = agentID
            self.hostname = hostname
            self.port = port
            self.resources = resources
        }
    }

    /// The task to LAUNCH.
    public func task(_ launch: Launch) -> TaskInfo {
        let configuration = launch.configuration
        var command = CommandInfo(
            value: commandLine(broker: launch.broker, configuration: configuration), shell: true,
            uris: fetchURIs(configuration), environment: environment(launch))
        if !configuration.service.user.isEmpty {
            command.user = configuration.service.user
        }
        return TaskInfo(
            name: StateLayout.brokerNodeName(launch.broker), taskID: TaskID(launch.taskID), agentID: launch.agentID,
            resources: launch.resources, command: command,
            killPolicy: KillPolicy(gracePeriod: DurationInfo(seconds: Double(Self.killGracePeriod.components.seconds))),
            labels: Labels([
                Label(key: Self.configIDLabel, value: launch.configID),
                Label(key: Self.brokerIDLabel, value: String(launch.broker)),
            ]))
    }

    /// `kafka-volume/broker-<N>`: the broker's data directory, relative to the sandbox.
    public static func dataDirectory(broker: Int) -> String {
        "\(volumeContainerPath)/\(StateLayout.brokerNodeName(broker))"
    }

    /// The variables every broker task gets, so that a development `BROKER_COMMAND` can use them too.
    public func environment(_ launch: Launch) -> Mesos.Environment {
        let configuration = launch.configuration
        let heap = "-Xms\(configuration.broker.heapMB)M -Xmx\(configuration.broker.heapMB)M"
        let zooKeeper = layout.kafkaZooKeeperConnect(kafkaZooKeeperURI: configuration.kafka.kafkaZkURI)
        let pairs: [(String, String)] = [
            ("BROKER_ID", String(launch.broker)),
            ("BROKER_PORT", String(launch.port)),
            ("BROKER_HOST", launch.hostname),
            ("BROKER_DATA_DIR", Self.dataDirectory(broker: launch.broker)),
            ("KAFKA_ZOOKEEPER_CONNECT", zooKeeper),
            ("CONFIG_ID", launch.configID),
            ("FRAMEWORK_NAME", configuration.service.name),
            ("KAFKA_HEAP_OPTS", heap),
            ("KAFKA_VER_NAME", configuration.kafka.kafkaVerName),
        ]
        return Mesos.Environment(pairs.map { Mesos.Environment.Variable(name: $0.0, value: $0.1, type: .value) })
    }

    /// KAFKA_URI and (when set) JAVA_URI, extracted into the sandbox; nothing with a `BROKER_COMMAND`.
    public func fetchURIs(_ configuration: ServiceConfiguration) -> [CommandInfo.URI] {
        guard configuration.broker.command == nil else { return [] }
        var uris = [CommandInfo.URI(value: configuration.broker.kafkaURI, executable: false, extract: true)]
        if !configuration.broker.javaURI.isEmpty {
            uris.append(CommandInfo.URI(value: configuration.broker.javaURI, executable: false, extract: true))
        }
        return uris
    }

    /// The shell command: make `BROKER_DATA_DIR` absolute and create it, then either the `BROKER_COMMAND` or
    /// the Kafka start script (see `kafkaStartScript`).
    public func commandLine(broker: Int, configuration: ServiceConfiguration) -> String {
        let prelude = """
            set -e
            case "$BROKER_DATA_DIR" in
              /*) ;;
              *) BROKER_DATA_DIR="${MESOS_SANDBOX:-$(pwd)}/$BROKER_DATA_DIR" ;;
            esac
            export BROKER_DATA_DIR
            mkdir -p "$BROKER_DATA_DIR"

            """
        if let command = configuration.broker.command {
            return prelude + command + "\n"
        }
        return prelude + kafkaStartScript(configuration: configuration)
    }

    /// Writes `server.properties` (the scheduler's properties from the task environment, then the
    /// overrides in property order), finds the fetched Java runtime, and execs Kafka's start script.
    func kafkaStartScript(configuration: ServiceConfiguration) -> String {
        var script = """
            cd "${MESOS_SANDBOX:-.}"
            if [ -z "${JAVA_HOME:-}" ]; then
              for dir in ./*/; do
                if [ "$dir" != "./$KAFKA_VER_NAME/" ] && [ -x "${dir}bin/java" ]; then
                  JAVA_HOME="$(cd "$dir" && pwd)"
                  break
                fi
              done
            fi
            if [ -n "${JAVA_HOME:-}" ]; then
              export JAVA_HOME
              PATH="$JAVA_HOME/bin:$PATH"
              export PATH
            fi
            {
              printf 'broker.id=%s\\n' "$BROKER_ID"
              printf 'log.dirs=%s\\n' "$BROKER_DATA_DIR"
              printf 'listeners=PLAINTEXT://0.0.0.0:%s\\n' "$BROKER_PORT"
              printf 'advertised.listeners=PLAINTEXT://%s:%s\\n' "$BROKER_HOST" "$BROKER_PORT"
              printf 'zookeeper.connect=%s\\n' "$KAFKA_ZOOKEEPER_CONNECT"

            """
        let overrides = configuration.kafka.overrides.sorted { $0.key < $1.key }
        if !overrides.isEmpty {
            // A quoted here-document keeps the values literal; each line is `name=value`, so no line can be
            // the delimiter alone.
            script += "  cat <<'KAFKA_OVERRIDES'\n"
            for (name, value) in overrides {
                script += "\(name)=\(value)\n"
            }
            script += "KAFKA_OVERRIDES\n"
        }
        script += """
            } > server.properties
            exec "./$KAFKA_VER_NAME/bin/kafka-server-start.sh" server.properties

            """
        return script
    }
}

import Foundation
import KafkaFramework
import Logging
import Metrics
import Prometheus
import SchedulerDaemon

/// `kafka-scheduler [--check-config | --help | --version]`: configured by the environment only
/// (docs/configuration.md).
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    Usage: kafka-scheduler [--check-config | --help | --version]

    Runs Apache Kafka on Mesos. Every setting comes from the environment; docs/configuration.md lists each
    variable with its default and allowed values.

      --check-config  validate the environment as the daemon does, print the resolved configuration and exit 0,
                      or print every error and exit 2
      --help          show this text
      --version       print the version

    """

func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

var checkOnly = false
for argument in arguments {
    switch argument {
    case "--check-config": checkOnly = true
    case "--help", "-h":
        print(usage, terminator: "")
        exit(0)
    case "--version":
        print("kafka-scheduler \(SchedulerDaemon.version)")
        exit(0)
    default:
        standardError("kafka-scheduler: unknown argument '\(argument)'\n\n\(usage)")
        exit(2)
    }
}

let environment: SchedulerEnvironment
do {
    environment = try SchedulerEnvironment.parse(ProcessInfo.processInfo.environment)
} catch {
    standardError(error.rendered(program: "kafka-scheduler") + "\n")
    exit(2)
}

if checkOnly {
    do {
        print(try ResolvedConfiguration.render(environment))
        exit(0)
    } catch {
        standardError("kafka-scheduler: the configuration cannot be printed: \(error)\n")
        exit(1)
    }
}

let level = Logger.Level(rawValue: environment.settings.logLevel.rawValue) ?? .info
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level
    return handler
}
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

let commit = ProcessInfo.processInfo.environment["KAFKA_SCHEDULER_COMMIT"] ?? "unknown"
let logger = Logger(label: "kafka-scheduler.daemon")
do {
    try await SchedulerDaemon(environment: environment, registry: registry, commit: commit, logger: logger).run()
    exit(0)
} catch {
    logger.critical("kafka-scheduler stopped", metadata: ["error": "\(error)"])
    exit(1)
}

import Foundation
import Logging
import PlaceholderBroker

// A broker task's command in development clusters without a Kafka distribution (the scheduler's
// BROKER_COMMAND): see PlaceholderBroker. Logs go to stderr, which Mesos keeps in the task's sandbox.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel =
        ProcessInfo.processInfo.environment["PLACEHOLDER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
exit(await PlaceholderBrokerCommand.run(environment: ProcessInfo.processInfo.environment))

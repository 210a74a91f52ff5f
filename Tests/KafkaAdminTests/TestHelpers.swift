import Foundation
import KafkaAdmin
import Logging
import Testing

/// The error an operation failed with, or nil when it succeeded (any other error is a test failure).
func kafkaError<T>(
    _ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) async -> KafkaAdminError? {
    do {
        _ = try await body()
        return nil
    } catch let error as KafkaAdminError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A logger that keeps what it is given, so tests can check what reached swift-log.
final class CapturedLogs: @unchecked Sendable {
    // Safe to share: `entries` is only touched under `lock`.
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func append(_ entry: Entry) {
        lock.lock()
        stored.append(entry)
        lock.unlock()
    }

    func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "kafka-admin-tests") { _ in Handler(logs: self) }
        logger.logLevel = level
        return logger
    }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            logs.append(Entry(level: event.level, message: "\(event.message)", metadata: event.metadata ?? [:]))
        }
    }
}

/// Tests log to a capture instead of the console; librdkafka complains loudly about the brokers tests
/// take down on purpose.
let quietLogger = CapturedLogs().logger(level: .critical)

/// A client with a short request timeout, so a failing test fails fast.
func makeClient(_ bootstrapServers: [String], timeout: Duration = .seconds(5)) -> KafkaAdminClient {
    KafkaAdminClient(
        bootstrapServers: bootstrapServers, configuration: .init(requestTimeout: timeout), logger: quietLogger)
}

/// A topic name no other test uses.
func uniqueTopic(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

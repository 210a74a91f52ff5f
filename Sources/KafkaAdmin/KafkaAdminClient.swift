import Logging
import Synchronization

/// Topic operations and cluster metadata over the Kafka protocol (librdkafka).
///
/// Bootstrapped from `host:port` endpoints that may change while it lives (brokers move); it keeps one
/// librdkafka handle for the current list and replaces it when the list changes. Every operation
/// answers within a bounded time (about `Configuration.requestTimeout`): a cluster that cannot be reached
/// is an `unavailable` error, never a hang. Blocking librdkafka calls run on threads of their own.
public final class KafkaAdminClient: ClusterMetadataSource {
    /// Settings of the client.
    public struct Configuration: Sendable, Equatable {
        /// How long one operation may wait for the cluster (connect, request, response) before it fails as
        /// `unavailable`. librdkafka's socket and message timeouts use it too.
        public var requestTimeout: Duration
        /// The `client.id` brokers see.
        public var clientId: String

        public init(requestTimeout: Duration = .seconds(10), clientId: String = "kafka-scheduler") {
            self.requestTimeout = requestTimeout
            self.clientId = clientId
        }
    }

    /// The producer test's record size in bytes (kafka-producer-perf-test's `--record-size`).
    public static let producerTestRecordSize = 1024
    /// The producer test's throughput cap in records per second (`--throughput`).
    public static let producerTestThroughput = 100_000
    /// The largest record count a producer test accepts.
    public static let producerTestMaximumRecords = 1_000_000

    /// The client's settings.
    public let configuration: Configuration
    let logger: Logger
    private let handles: Mutex<HandleState>

    private struct HandleState {
        var bootstrapServers: [String]
        var handle: RdKafkaHandle?
        var generation = 0
    }

    /// A client for the cluster reachable through `bootstrapServers` (`host:port` each; may be empty
    /// until brokers are known — operations then fail as `unavailable`). librdkafka's logs go to `logger`.
    public init(
        bootstrapServers: [String], configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kafka-scheduler.kafka-admin")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.handles = Mutex(HandleState(bootstrapServers: Self.normalize(bootstrapServers)))
    }

    /// The endpoints the client bootstraps from.
    public var bootstrapServers: [String] {
        handles.withLock { $0.bootstrapServers }
    }

    /// Replaces the bootstrap endpoints. When they differ from the current ones (order aside) the
    /// librdkafka handle is replaced; operations already running finish on the old one.
    public func updateBootstrapServers(_ endpoints: [String]) {
        let normalized = Self.normalize(endpoints)
        // The old handle is released outside the lock; its teardown runs on a thread of its own.
        let (changed, replaced): (Bool, RdKafkaHandle?) = handles.withLock { state in
            guard Set(normalized) != Set(state.bootstrapServers) else { return (false, nil) }
            let old = state.handle
            state.bootstrapServers = normalized
            state.handle = nil
            return (true, old)
        }
        if changed {
            logger.info(
                "Kafka bootstrap endpoints changed",
                metadata: [
                    "endpoints": "\(normalized.joined(separator: ","))", "replacedClient": "\(replaced != nil)",
                ])
        }
    }

    /// How many librdkafka handles this client has created (tests check reuse with it).
    var handleGeneration: Int {
        handles.withLock { $0.generation }
    }

    /// The handle for the current endpoints, created on first use. Called on a dedicated thread.
    func currentHandle() throws(KafkaAdminError) -> RdKafkaHandle {
        let result: Result<RdKafkaHandle, KafkaAdminError> = handles.withLock { state in
            if let handle = state.handle { return .success(handle) }
            guard !state.bootstrapServers.isEmpty else { return .failure(.noBrokersKnown()) }
            do {
                let handle = try RdKafkaHandle(
                    bootstrapServers: state.bootstrapServers, configuration: configuration, logger: logger)
                state.handle = handle
                state.generation += 1
                return .success(handle)
            } catch let error as KafkaAdminError {
                return .failure(error)
            } catch {
                return .failure(.libraryFailure("\(error)"))
            }
        }
        return try result.get()
    }

    /// Runs `body` with the current handle on a dedicated thread.
    func withHandle<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (RdKafkaHandle) throws(KafkaAdminError) -> T
    ) async throws(KafkaAdminError) -> T {
        let result: Result<T, KafkaAdminError> = await DedicatedThread.run(name: "kafka-admin") { [self] in
            do {
                return .success(try body(try currentHandle()))
            } catch let error as KafkaAdminError {
                return .failure(error)
            } catch {
                return .failure(.libraryFailure("\(error)"))
            }
        }
        if case .failure(let error) = result {
            logger.debug(
                "Kafka operation failed",
                metadata: ["operation": "\(operation)", "error": "\(error.name)", "message": "\(error.message)"])
        }
        return try result.get()
    }

    // MARK: ClusterMetadataSource

    /// The cluster's registered brokers and all its topics (internal ones included).
    public func clusterMetadata() async throws(KafkaAdminError) -> ClusterMetadata {
        let timeout = configuration.requestTimeout
        return try await withHandle("metadata") { handle throws(KafkaAdminError) in
            try handle.metadata(timeout: timeout)
        }
    }

    private static func normalize(_ endpoints: [String]) -> [String] {
        var seen = Set<String>()
        return endpoints.map { $0.trimmingWhitespace }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

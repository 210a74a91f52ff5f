import Foundation
import KafkaFramework
import Logging
import Prometheus
import SchedulerAPI
import ServiceLifecycle
import Testing

/// A running API server on 127.0.0.1 (a free port), for the duration of `withTestServer`'s body.
struct TestServer: Sendable {
    let port: Int
    let token: String?
    let registry: PrometheusCollectorRegistry

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Sends a request with curl; `token` adds `Authorization: token=<token>` (the seed's form).
    func request(
        _ method: String = "GET", _ path: String, headers: [String] = [], authorized: Bool = true
    ) async throws -> HTTPAnswer {
        var all = headers
        if authorized, let token { all.append("Authorization: token=\(token)") }
        return try await Curl.request(method: method, url: baseURL + path, headers: all)
    }

    func get(_ path: String) async throws -> HTTPAnswer { try await request("GET", path) }
}

/// Starts the real server (the same `APIServer.makeService` the daemon runs) in a `ServiceGroup`, runs
/// `body`, then shuts the group down gracefully, also when `body` fails.
func withTestServer<T: Sendable>(
    scheduler: FakeScheduler = Seed.scheduler(), topics: FakeTopics = Seed.topics(), token: String? = Seed.token,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    _ body: @Sendable (TestServer) async throws -> T
) async throws -> T {
    let logger = Logger(label: "kafka-scheduler.api-tests") { _ in SwiftLogNoOpLogHandler() }
    let server = APIServer(
        configuration: APIConfiguration(
            host: "127.0.0.1", port: 0, authToken: token.map(Secret.init), frameworkName: Seed.frameworkName,
            version: "1.2.3", commit: "0123abc"),
        control: scheduler, topics: topics, registry: registry, logger: logger)
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let service = server.makeService { port in
        portContinuation.yield(port)
        portContinuation.finish()
    }
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await tasks.waitForAll()
            throw TestServerError.didNotStart
        }
        let result: T
        do {
            result = try await body(TestServer(port: port, token: token, registry: registry))
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

enum TestServerError: Error {
    case didNotStart
}

import CurlHTTP
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

    /// Sends a request with the project's HTTP client; `authorized` adds `Authorization: token=<token>`
    /// (the seed's form). `headers` are `Name: value` lines.
    func request(
        _ method: String = "GET", _ path: String, headers: [String] = [], authorized: Bool = true
    ) async throws -> HTTPAnswer {
        var fields = HTTPClient.Headers()
        for line in headers {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields.add(
                name: String(parts[0]), value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        if authorized, let token { fields.add(name: "Authorization", value: "token=\(token)") }
        let response = try await HTTPClient.shared.execute(
            HTTPClient.Request(
                method: HTTPClient.Method(rawValue: method), url: baseURL + path, headers: fields,
                timeout: .seconds(10)))
        var answerHeaders: [String: String] = [:]
        for field in response.headers { answerHeaders[field.name.lowercased()] = field.value }
        return HTTPAnswer(status: response.status, headers: answerHeaders, body: Data(response.body))
    }

    func get(_ path: String) async throws -> HTTPAnswer { try await request("GET", path) }
}

/// Starts the real server (the same `APIServer.makeService` the daemon runs) in a `ServiceGroup`, runs
/// `body`, then shuts the group down gracefully, also when `body` fails.
func withTestServer<T: Sendable>(
    scheduler: FakeScheduler = Seed.scheduler(), topics: any TopicOperations = Seed.topics(),
    token: String? = Seed.token,
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

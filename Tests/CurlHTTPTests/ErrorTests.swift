import CurlHTTP
import Foundation
import Hummingbird
import Testing

@Suite("Typed errors")
struct ErrorTests {
    @Test func refusedConnectionFailsFastNamingTheURL() async throws {
        let closed = try RawListener(listening: false)
        let url = "http://127.0.0.1:\(closed.port)/api/v1/scheduler"
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().execute(HTTPClient.Request(method: .post, url: url, timeout: .seconds(60)))
        }
        // `couldNotConnect` rather than `timeout` shows that nothing was waited for; the bound only catches a
        // hang (it holds on a loaded machine, far below the request timeout).
        #expect(ContinuousClock.now - start < .seconds(20))
        guard case .couldNotConnect(let failedURL, let message) = error else {
            Issue.record("expected couldNotConnect, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(!message.isEmpty)
        #expect(error?.description.contains(url) == true)
        withExtendedLifetime(closed) {}
    }

    @Test func connectTimeoutIsReportedAsSuch() async throws {
        let listener = try RawListener(listening: true, backlog: 0)
        try #require(listener.fillBacklog(), "could not fill the listen backlog")
        let url = "http://127.0.0.1:\(listener.port)/"
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().execute(
                HTTPClient.Request(
                    url: url, connectTimeout: .milliseconds(300), timeout: .seconds(60)))
        }
        let elapsed = ContinuousClock.now - start
        #expect(error == .connectTimeout(url: url, timeout: .milliseconds(300)))
        // The error names the connect timeout, not the total one; the upper bound only catches a hang.
        #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(20))
        withExtendedLifetime(listener) {}
    }

    @Test func totalTimeoutWhenTheServerNeverAnswers() async throws {
        let silent = try RawListener(listening: true)
        let url = "http://127.0.0.1:\(silent.port)/"
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().execute(
                HTTPClient.Request(
                    url: url, connectTimeout: .seconds(2), timeout: .milliseconds(400)))
        }
        let elapsed = ContinuousClock.now - start
        #expect(error == .timeout(url: url, timeout: .milliseconds(400)))
        #expect(elapsed >= .milliseconds(350) && elapsed < .seconds(10))
        withExtendedLifetime(silent) {}
    }

    @Test func totalTimeoutAlsoBoundsAStream() async throws {
        let silent = try RawListener(listening: true)
        let url = "http://127.0.0.1:\(silent.port)/"
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().stream(HTTPClient.Request(url: url, timeout: .milliseconds(300)))
        }
        #expect(error == .timeout(url: url, timeout: .milliseconds(300)))
        withExtendedLifetime(silent) {}
    }

    @Test func cancellingTheTaskCancelsARequest() async throws {
        let silent = try RawListener(listening: true)
        let url = "http://127.0.0.1:\(silent.port)/"
        let client = HTTPClient()
        let task = Task { () async throws(HTTPClientError) -> HTTPClient.Response in
            try await client.execute(HTTPClient.Request(url: url))
        }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // The request has no timeout: only the cancellation can end it.
        #expect(ContinuousClock.now - start < .seconds(10))
        guard case .failure(let error) = result else {
            Issue.record("the request succeeded")
            return
        }
        #expect(error as? HTTPClientError == .cancelled(url: url))
        withExtendedLifetime(silent) {}
    }

    @Test func alreadyCancelledTaskDoesNotSend() async throws {
        let requests = Counter()
        let counting: Handler = { request, context in
            requests.add(1)
            return try await echoHandler(request, context)
        }
        try await withTestServer(counting) { port in
            let url = "http://127.0.0.1:\(port)/echo"
            let client = HTTPClient()
            let task = Task { () async throws(HTTPClientError) -> HTTPClient.Response in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(HTTPClient.Request(url: url, timeout: .seconds(5)))
            }
            let result = await task.result
            #expect(throws: HTTPClientError.cancelled(url: url)) { try result.get() }
            #expect(requests.current == 0)
        }
    }

    @Test func invalidRequestsAreRejectedBeforeSending() async throws {
        let client = HTTPClient()
        await #expect(
            throws: HTTPClientError.invalidRequest(
                url: "ftp://127.0.0.1/x", reason: "the URL must start with http:// or https://")
        ) {
            _ = try await client.execute(HTTPClient.Request(url: "ftp://127.0.0.1/x"))
        }
        let injected = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(
                HTTPClient.Request(
                    url: "http://127.0.0.1:1/", headers: ["X-Evil": "a\r\nInjected: yes"]))
        }
        guard case .invalidRequest(_, let reason) = injected else {
            Issue.record("expected invalidRequest, got \(String(describing: injected))")
            return
        }
        #expect(reason.contains("X-Evil"))
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClient.Request(method: "GET /", url: "http://127.0.0.1:1/"))
        }
    }

    @Test func shutDownClientRefusesRequests() async throws {
        let client = HTTPClient()
        client.shutdown()
        client.shutdown()
        await #expect(throws: HTTPClientError.shutDown) {
            _ = try await client.execute(HTTPClient.Request(url: "http://127.0.0.1:1/"))
        }
    }

    @Test func shutdownFailsARequestInFlight() async throws {
        let silent = try RawListener(listening: true)
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(silent.port)/"
        let request = Task { () async throws(HTTPClientError) -> HTTPClient.Response in
            try await client.execute(HTTPClient.Request(url: url))
        }
        try await Task.sleep(for: .milliseconds(100))
        client.shutdown()
        await #expect(throws: HTTPClientError.shutDown) { _ = try await request.value }
        withExtendedLifetime(silent) {}
    }

    @Test func responseLargerThanTheLimitIsAnError() async throws {
        let handler: Handler = { _, _ in
            Response(status: .ok, body: .init(byteBuffer: .init(repeating: 0x61, count: 100_000)))
        }
        try await withTestServer(handler) { port in
            let url = "http://127.0.0.1:\(port)/big"
            let client = HTTPClient(configuration: .init(maxResponseBodySize: 10_000))
            await #expect(throws: HTTPClientError.responseTooLarge(url: url, limit: 10_000)) {
                _ = try await client.execute(HTTPClient.Request(url: url, timeout: .seconds(5)))
            }
        }
    }
}

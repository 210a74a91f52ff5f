import CurlHTTP
import Foundation
import Hummingbird
import Testing

@Suite("Redirects")
struct RedirectTests {
    /// `/redirect` answers 307 to `/echo` with a scheme-less Location, as a Mesos master does.
    private func redirecting(port: Mutex<Int>) -> Handler {
        { request, context in
            if request.uri.path == "/redirect" {
                let location = "//127.0.0.1:\(port.withLock { $0 })/echo"
                return Response(status: .temporaryRedirect, headers: [.location: location])
            }
            return try await echoHandler(request, context)
        }
    }

    @Test func redirectIsReturnedByDefault() async throws {
        let port = Mutex(0)
        try await withTestServer(redirecting(port: port)) { actual in
            port.withLock { $0 = actual }
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(actual)/redirect", body: [1], timeout: .seconds(5)))
            #expect(response.status == 307)
            #expect(response.headers["Location"] == "//127.0.0.1:\(actual)/echo")
        }
    }

    @Test func redirectIsFollowedWhenAskedKeepingMethodAndBody() async throws {
        let port = Mutex(0)
        try await withTestServer(redirecting(port: port)) { actual in
            port.withLock { $0 = actual }
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(actual)/redirect",
                    headers: ["Content-Type": "application/json"], body: Array("{}".utf8),
                    timeout: .seconds(5), followRedirects: true))
            #expect(response.status == 200)
            let echo = try decodeEcho(response.body)
            #expect(echo.path == "/echo")
            #expect(echo.method == "POST")
            #expect(echo.body == "{}")
        }
    }

    @Test func streamedRedirectReportsTheFinalHead() async throws {
        let port = Mutex(0)
        try await withTestServer(redirecting(port: port)) { actual in
            port.withLock { $0 = actual }
            let response = try await HTTPClient().stream(
                HTTPClient.Request(
                    url: "http://127.0.0.1:\(actual)/redirect", timeout: .seconds(5), followRedirects: true))
            #expect(response.status == 200)
            #expect(response.headers.values(for: "X-Multi") == ["one", "two"])
            #expect(try decodeEcho(try await response.body.collect()).path == "/echo")
        }
    }

    @Test func tooManyRedirectsIsATransferFailure() async throws {
        let handler: Handler = { _, _ in
            Response(status: .temporaryRedirect, headers: [.location: "/loop"])
        }
        try await withTestServer(handler) { port in
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await HTTPClient().execute(
                    HTTPClient.Request(
                        url: "http://127.0.0.1:\(port)/loop", timeout: .seconds(5), followRedirects: true,
                        maxRedirects: 3))
            }
            guard case .transferFailed(_, let code, _) = error else {
                Issue.record("expected transferFailed, got \(String(describing: error))")
                return
            }
            #expect(code == 47)  // CURLE_TOO_MANY_REDIRECTS
        }
    }
}

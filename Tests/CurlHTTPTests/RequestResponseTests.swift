import CurlHTTP
import Foundation
import Hummingbird
import Testing

@Suite("Requests and responses against a real server")
struct RequestResponseTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await withTestServer(echoHandler) { port in
            let client = HTTPClient()
            let response = try await client.execute(
                HTTPClient.Request(
                    url: "http://127.0.0.1:\(port)/echo?status=203",
                    headers: HTTPClient.Headers([("X-Repeated", "1"), ("X-Repeated", "2"), ("X-Empty", "")]),
                    timeout: .seconds(5)))
            #expect(response.status == 203)
            #expect(response.reason == "Non-Authoritative Information")
            #expect(response.headers["x-multi"] == "one")
            #expect(response.headers.values(for: "X-MULTI") == ["one", "two"])
            #expect(response.headers["Content-Type"] == "application/json")
            let echo = try decodeEcho(response.body)
            #expect(echo.method == "GET")
            #expect(echo.path == "/echo")
            #expect(echo.values("X-Repeated") == ["1", "2"])
            #expect(echo.values("X-Empty") == [""])
            #expect(echo.values("Content-Type").isEmpty)
            #expect(echo.values("Expect").isEmpty)
            #expect(echo.body == "")
        }
    }

    @Test(arguments: [HTTPClient.Method.post, .put, .delete, .patch])
    func methodsSendBodyAndHeaders(method: HTTPClient.Method) async throws {
        try await withTestServer(echoHandler) { port in
            let client = HTTPClient()
            let payload = #"{"type":"ACKNOWLEDGE","n":1}"#
            let response = try await client.execute(
                HTTPClient.Request(
                    method: method,
                    url: "http://127.0.0.1:\(port)/echo",
                    headers: ["Content-Type": "application/json", "Mesos-Stream-Id": "abc-123"],
                    body: Array(payload.utf8),
                    timeout: .seconds(5)))
            #expect(response.status == 200)
            let echo = try decodeEcho(response.body)
            #expect(echo.method == method.rawValue)
            #expect(echo.body == payload)
            #expect(echo.values("Content-Type") == ["application/json"])
            #expect(echo.values("Mesos-Stream-Id") == ["abc-123"])
            #expect(echo.values("Content-Length") == ["\(payload.utf8.count)"])
        }
    }

    @Test func postWithoutBodySendsEmptyBody() async throws {
        try await withTestServer(echoHandler) { port in
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(5)))
            let echo = try decodeEcho(response.body)
            #expect(echo.method == "POST")
            #expect(echo.values("Content-Length") == ["0"])
            #expect(echo.values("Content-Type").isEmpty)
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await withTestServer(echoHandler) { port in
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    method: .head, url: "http://127.0.0.1:\(port)/echo?status=202", timeout: .seconds(5)))
            #expect(response.status == 202)
            #expect(response.headers.values(for: "X-Multi") == ["one", "two"])
            #expect(response.body.isEmpty)
        }
    }

    @Test func basicAuthHeaderIsSentAsComputed() async throws {
        try await withTestServer(echoHandler) { port in
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(port)/echo",
                    timeout: .seconds(5), basicAuth: HTTPClient.BasicAuth(user: "principal", password: "s3cr:t")))
            let echo = try decodeEcho(response.body)
            // base64("principal:s3cr:t")
            #expect(echo.values("Authorization") == ["Basic cHJpbmNpcGFsOnMzY3I6dA=="])
        }
    }

    @Test func errorStatusIsAResponseWithItsBody() async throws {
        let handler: Handler = { _, _ in
            Response(status: .serviceUnavailable, body: .init(byteBuffer: .init(string: "not the leader")))
        }
        try await withTestServer(handler) { port in
            let response = try await HTTPClient().execute(
                HTTPClient.Request(
                    url: "http://127.0.0.1:\(port)/x", timeout: .seconds(5)))
            #expect(response.status == 503)
            #expect(response.text == "not the leader")
        }
    }

    @Test func userAgentFromConfigurationUnlessTheRequestSetsOne() async throws {
        try await withTestServer(echoHandler) { port in
            let client = HTTPClient(configuration: .init(userAgent: "kafka-scheduler/1"))
            let plain = try decodeEcho(
                try await client.execute(
                    HTTPClient.Request(
                        url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(5))
                ).body)
            #expect(plain.values("User-Agent") == ["kafka-scheduler/1"])
            let own = try decodeEcho(
                try await client.execute(
                    HTTPClient.Request(
                        url: "http://127.0.0.1:\(port)/echo", headers: ["user-agent": "kafkactl"], timeout: .seconds(5))
                ).body)
            #expect(own.values("User-Agent") == ["kafkactl"])
        }
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        try await withTestServer(echoHandler) { port in
            let client = HTTPClient()
            var ports: Set<Int> = []
            for _ in 0..<3 {
                let echo = try decodeEcho(
                    try await client.execute(
                        HTTPClient.Request(
                            method: .post, url: "http://127.0.0.1:\(port)/echo", body: [1, 2, 3], timeout: .seconds(5))
                    ).body)
                ports.insert(try #require(echo.peerPort))
            }
            #expect(ports.count == 1)
        }
    }

    @Test func hundredConcurrentRequestsComplete() async throws {
        try await withTestServer(echoHandler) { port in
            let client = HTTPClient()
            let start = ContinuousClock.now
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let response = try await client.execute(
                            HTTPClient.Request(
                                method: .post, url: "http://127.0.0.1:\(port)/echo",
                                body: Array("request-\(index)".utf8), timeout: .seconds(20)))
                        #expect(response.status == 200)
                        return (index, try decodeEcho(response.body).body)
                    }
                }
                var bodies: [Int: String] = [:]
                for try await (index, body) in group {
                    bodies[index] = body
                }
                return bodies
            }
            #expect(bodies.count == 100)
            for index in 0..<100 {
                #expect(bodies[index] == "request-\(index)")
            }
            #expect(ContinuousClock.now - start < .seconds(20))
        }
    }
}

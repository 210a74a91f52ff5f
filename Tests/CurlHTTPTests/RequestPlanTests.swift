import CCurl
import Testing

@testable import CurlHTTP

@Suite("Request translation and error mapping")
struct RequestPlanTests {
    @Test func headerLinesKeepOrderAndSuppressCurlDefaults() {
        let request = HTTPClient.Request(
            method: .post, url: "http://m:5050/api/v1/scheduler",
            headers: HTTPClient.Headers([
                ("Content-Type", "application/json"), ("X-A", "1"), ("X-A", "2"), ("X-Empty", ""),
            ]),
            body: [1])
        #expect(
            RequestPlan.headerLines(for: request, userAgent: "ua") == [
                "Content-Type: application/json", "X-A: 1", "X-A: 2", "X-Empty;", "Expect:", "User-Agent: ua",
            ])
        let get = HTTPClient.Request(url: "http://m/")
        #expect(RequestPlan.headerLines(for: get, userAgent: nil) == ["Expect:"])
        let put = HTTPClient.Request(method: .put, url: "http://m/")
        #expect(RequestPlan.headerLines(for: put, userAgent: nil) == ["Expect:", "Content-Type:"])
    }

    @Test func methodsAndBodies() {
        #expect(RequestPlan.methodSetting(for: .get) == .get)
        #expect(RequestPlan.methodSetting(for: .head) == .head)
        #expect(RequestPlan.methodSetting(for: "PROPFIND") == .custom("PROPFIND"))
        #expect(RequestPlan.body(for: HTTPClient.Request(method: .delete, url: "http://m/")) == nil)
        #expect(RequestPlan.body(for: HTTPClient.Request(method: .post, url: "http://m/")) == [])
        #expect(RequestPlan.body(for: HTTPClient.Request(method: .get, url: "http://m/", body: [1])) == [1])
    }

    @Test func validation() {
        #expect(RequestPlan.validate(HTTPClient.Request(url: "HTTPS://m/")) == nil)
        #expect(RequestPlan.validate(HTTPClient.Request(url: "//m:5050/x")) != nil)
        #expect(RequestPlan.validate(HTTPClient.Request(url: "http://m/a b")) != nil)
        #expect(RequestPlan.validate(HTTPClient.Request(url: "http://m/", headers: ["Bad Name": "x"])) != nil)
        #expect(RequestPlan.validate(HTTPClient.Request(url: "http://m/", headers: ["X": "a\nb"])) != nil)
        #expect(RequestPlan.validate(HTTPClient.Request(url: "http://m/", maxRedirects: -1)) != nil)
    }

    @Test func timeoutsInMilliseconds() {
        #expect(RequestPlan.milliseconds(.seconds(2)) == 2000)
        #expect(RequestPlan.milliseconds(.milliseconds(1500)) == 1500)
        #expect(RequestPlan.milliseconds(.microseconds(10)) == 1)
    }

    @Test func curlCodesBecomeTypedErrors() {
        let request = HTTPClient.Request(
            url: "http://master.example:5050/api", connectTimeout: .seconds(2), timeout: .seconds(30))
        func map(_ code: CURLcode, connected: Bool = false) -> HTTPClientError {
            CurlErrorMapping.error(
                code: Int(code.rawValue), message: "m", request: request, connectPhaseFinished: connected)
        }
        #expect(
            map(CURLE_COULDNT_RESOLVE_HOST)
                == .couldNotResolve(host: "master.example", url: request.url, message: "m"))
        #expect(map(CURLE_COULDNT_CONNECT) == .couldNotConnect(url: request.url, message: "m"))
        #expect(map(CURLE_OPERATION_TIMEDOUT) == .connectTimeout(url: request.url, timeout: .seconds(2)))
        #expect(map(CURLE_OPERATION_TIMEDOUT, connected: true) == .timeout(url: request.url, timeout: .seconds(30)))
        #expect(map(CURLE_URL_MALFORMAT) == .invalidRequest(url: request.url, reason: "m"))
        #expect(map(CURLE_RECV_ERROR) == .transferFailed(url: request.url, code: 56, message: "m"))

        // A total timeout shorter than the connect timeout is the one that fires while connecting.
        let short = HTTPClient.Request(url: "http://m/", connectTimeout: .seconds(5), timeout: .seconds(1))
        #expect(
            CurlErrorMapping.error(
                code: Int(CURLE_OPERATION_TIMEDOUT.rawValue), message: "m", request: short, connectPhaseFinished: false)
                == .timeout(url: "http://m/", timeout: .seconds(1)))
    }
}

import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// The scheduler endpoint's wire rules over raw HTTP: status codes, texts, headers and framing.
@Suite struct WireTests {
    static func post(
        _ url: String, body: String, headers: HTTPClient.Headers = ["Content-Type": "application/json"],
        basicAuth: HTTPClient.BasicAuth? = nil
    ) async throws -> HTTPClient.Response {
        try await TestScheduler.http.execute(
            HTTPClient.Request(
                method: .post, url: url + "/api/v1/scheduler", headers: headers, body: Array(body.utf8),
                timeout: .seconds(10), basicAuth: basicAuth))
    }

    static let declineWithoutFramework = #"{"type":"DECLINE","decline":{"offer_ids":[]}}"#

    @Test func methodsOtherThanPostGet405WithAllow() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let response = try await TestScheduler.http.execute(
                HTTPClient.Request(method: .get, url: cluster.schedulerURL, timeout: .seconds(5)))
            #expect(response.status == 405)
            #expect(response.headers["Allow"] == "POST")
            #expect(response.text == "Expecting one of { 'POST' }, but received 'GET'")
        }
    }

    @Test func contentTypeIsComparedExactly() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let missing = try await Self.post(cluster.url, body: Self.declineWithoutFramework, headers: [:])
            #expect(missing.status == 400)
            #expect(missing.text == "Expecting 'Content-Type' to be present")
            let charset = try await Self.post(
                cluster.url, body: Self.declineWithoutFramework,
                headers: ["Content-Type": "application/json; charset=utf-8"])
            #expect(charset.status == 415)
            #expect(charset.text == "Expecting 'Content-Type' of application/json or application/x-protobuf")
        }
    }

    @Test func parseAndValidationErrorsUseMesosTexts() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let notJSON = try await Self.post(cluster.url, body: "{not json")
            #expect(notJSON.status == 400)
            #expect(notJSON.text.hasPrefix("Failed to parse body into JSON: "))
            let wrongShape = try await Self.post(cluster.url, body: #"{"type":"DECLINE","framework_id":"F"}"#)
            #expect(wrongShape.status == 400)
            #expect(wrongShape.text.hasPrefix("Failed to convert JSON into Call protobuf: "))
            let noFramework = try await Self.post(cluster.url, body: Self.declineWithoutFramework)
            #expect(noFramework.status == 400)
            #expect(noFramework.text == "Failed to validate scheduler::Call: Expecting 'framework_id' to be present")
            let noBody = try await Self.post(cluster.url, body: #"{"type":"ACCEPT","framework_id":{"value":"F"}}"#)
            #expect(noBody.text == "Failed to validate scheduler::Call: Expecting 'accept' to be present")
            let shortUUID = try await Self.post(
                cluster.url,
                body:
                    #"{"type":"ACKNOWLEDGE","framework_id":{"value":"F"},"acknowledge":{"agent_id":{"value":"S"},"task_id":{"value":"t"},"uuid":"AAEC"}}"#
            )
            #expect(shortUUID.text == "Failed to validate scheduler::Call: Not a valid UUID")
            let differentIDs = try await Self.post(
                cluster.url,
                body:
                    #"{"type":"SUBSCRIBE","framework_id":{"value":"A"},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":"B"}}}}"#
            )
            #expect(
                differentIDs.text
                    == "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'")
        }
    }

    @Test func subscribeMustNotCarryAStreamIDAndNeedsAcceptableJSON() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let subscribe = try MesosJSON.encodeString(Call.subscribe(TestScheduler.frameworkInfo()))
            let withStream = try await Self.post(
                cluster.url, body: subscribe,
                headers: ["Content-Type": "application/json", "Mesos-Stream-Id": "x"])
            #expect(withStream.status == 400)
            #expect(withStream.text == "Subscribe calls should not include the 'Mesos-Stream-Id' header")
            let textOnly = try await Self.post(
                cluster.url, body: subscribe, headers: ["Content-Type": "application/json", "Accept": "text/plain"])
            #expect(textOnly.status == 406)
        }
    }

    @Test func callsNeedAKnownFrameworkAndItsStreamID() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let unknown = try await scheduler.call(.revive(frameworkID: "nope"))
            #expect(unknown.status == 400)
            #expect(unknown.text == "Framework cannot be found")
            let wrong = try await scheduler.call(.revive(frameworkID: scheduler.frameworkID), streamID: "other")
            #expect(wrong.status == 400)
            #expect(
                wrong.text
                    == "The stream ID 'other' included in this request didn't match the stream ID currently associated with framework ID \(scheduler.frameworkID)"
            )
            let missing = try await Self.post(
                cluster.url, body: try MesosJSON.encodeString(Call.revive(frameworkID: scheduler.frameworkID)))
            #expect(missing.status == 400)
            #expect(missing.text == "All non-subscribe calls should include the 'Mesos-Stream-Id' header")
            let good = try await scheduler.call(.revive(frameworkID: scheduler.frameworkID))
            #expect(good.status == 202)
            #expect(good.body.isEmpty)
        }
    }

    @Test func credentialsAreRequiredWhenConfigured() async throws {
        try await withCluster(agents: 0, configure: { $0.credentials = ("kafka-fw", "s3cret") }) { cluster, _ in
            let anonymous = try await Self.post(cluster.url, body: Self.declineWithoutFramework)
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["WWW-Authenticate"] == #"Basic realm="mesos-master-scheduler""#)
            let wrong = try await Self.post(
                cluster.url, body: Self.declineWithoutFramework,
                basicAuth: .init(user: "kafka-fw", password: "wrong"))
            #expect(wrong.status == 401)
            let scheduler = try await TestScheduler.subscribe(
                cluster.url, basicAuth: .init(user: "kafka-fw", password: "s3cret"))
            defer { scheduler.close() }
            #expect(scheduler.head.status == 200)
            let revive = try await scheduler.call(.revive(frameworkID: scheduler.frameworkID))
            #expect(revive.status == 202)
        }
    }

    /// The head arrives complete and alone, then chunked RecordIO records: SUBSCRIBED, then HEARTBEAT.
    @Test func subscribeStreamsChunkedRecordIO() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let body = try MesosJSON.encodeString(Call.subscribe(TestScheduler.frameworkInfo()))
            let request =
                "POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            let raw = try RawConnection(port: cluster.port)
            defer { raw.close() }
            try raw.send(request)
            let head = try raw.readHead()
            let lines = head.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "HTTP/1.1 200 OK")
            let fields = Dictionary(
                lines.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (
                        line[..<colon].lowercased(),
                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    )
                }, uniquingKeysWith: { first, _ in first })
            #expect(fields["content-type"] == "application/json")
            #expect(fields["transfer-encoding"] == "chunked")
            #expect(fields["content-length"] == nil)
            let streamID = try #require(fields["mesos-stream-id"])
            #expect(!streamID.isEmpty && streamID.utf8.count <= 128)

            // De-chunk, then split RecordIO: `<length>\n<data>` with nothing in between.
            var payload: [UInt8] = []
            var decoder = RecordIODecoder()
            var records: [[UInt8]] = []
            while records.count < 2 {
                payload += try raw.readChunk()
                records += try decoder.decode(payload)
                payload = []
            }
            let subscribed = try MesosJSON.decode(Event.self, from: records[0])
            #expect(subscribed.type == .subscribed)
            #expect(subscribed.subscribed?.heartbeatIntervalSeconds == 15)
            #expect(String(decoding: records[0], as: UTF8.self).contains(#""heartbeat_interval_seconds":15.0"#))
            #expect(String(decoding: records[1], as: UTF8.self) == #"{"type":"HEARTBEAT"}"#)
        }
    }

    @Test func acceptHeadersAllowingJSON() {
        #expect(SchedulerRequestCheck.acceptsJSON(nil))
        #expect(SchedulerRequestCheck.acceptsJSON("application/json"))
        #expect(SchedulerRequestCheck.acceptsJSON("*/*"))
        #expect(SchedulerRequestCheck.acceptsJSON("text/html, application/*;q=0.5"))
        #expect(!SchedulerRequestCheck.acceptsJSON("application/x-protobuf"))
        #expect(!SchedulerRequestCheck.acceptsJSON("application/json;q=0"))
        #expect(!SchedulerRequestCheck.acceptsJSON("text/plain"))
    }

    @Test func basicAuthentication() {
        let check = SchedulerRequestCheck(credentials: ("kafka-fw", "s:cret"))
        let header = "Basic " + Data("kafka-fw:s:cret".utf8).base64EncodedString()
        #expect((try? check.authenticate(header).get()) == "kafka-fw")
        #expect((try? check.authenticate("Basic !!!").get()) == nil)
        #expect((try? check.authenticate("Bearer x").get()) == nil)
        #expect((try? SchedulerRequestCheck(credentials: nil).authenticate(nil).get()) == .some(nil))
    }

    @Test func versionAnswersLikeMesos() async throws {
        try await withCluster(agents: 0) { cluster, _ in
            let response = try await TestScheduler.http.execute(
                HTTPClient.Request(url: cluster.url + "/version", timeout: .seconds(5)))
            #expect(response.status == 200)
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            #expect(object?["version"] as? String == "1.11.0")
        }
    }

    @Test func followerRedirectsWithoutScheme() async throws {
        try await withCluster(agents: 0, configure: { $0.followerPort = 0 }) { cluster, _ in
            let followerPort = try #require(cluster.followerPort)
            let response = try await TestScheduler.http.execute(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(followerPort)/api/v1/scheduler",
                    headers: ["Content-Type": "application/json"], body: Array("{}".utf8), timeout: .seconds(5)))
            #expect(response.status == 307)
            #expect(response.headers["Location"] == "//127.0.0.1:\(cluster.port)/api/v1/scheduler")
        }
    }
}

/// A blocking TCP connection for checking bytes on the wire.
final class RawConnection: @unchecked Sendable {
    // Used by one test task at a time.
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestTimeout(description: "cannot connect to port \(port)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw TestTimeout(description: "send failed")
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        guard count > 0 else { throw TestTimeout(description: "connection closed or timed out") }
        buffer += chunk[0..<count]
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.indices.dropFirst().first(where: { buffer[$0 - 1] == 13 && buffer[$0] == 10 }) {
                let line = String(decoding: buffer[..<(index - 1)], as: UTF8.self)
                buffer.removeFirst(index + 1)
                return line
            }
            try fill()
        }
    }

    /// The response head, up to the empty line.
    func readHead() throws -> String {
        var lines: [String] = []
        while true {
            let line = try readLine()
            if line.isEmpty { return lines.joined(separator: "\r\n") }
            lines.append(line)
        }
    }

    /// One chunk of a chunked body.
    func readChunk() throws -> [UInt8] {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw TestTimeout(description: "bad chunk size line '\(sizeLine)'")
        }
        while buffer.count < size + 2 { try fill() }
        let data = Array(buffer[..<size])
        buffer.removeFirst(size + 2)
        return data
    }

    func close() {
        Glibc.close(descriptor)
    }
}

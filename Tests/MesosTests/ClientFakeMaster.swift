import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

@testable import Mesos

// MARK: The scripted master

/// A request the fake master received.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var headers: [[String]]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }

    var call: Call? {
        try? MesosJSON.decode(Call.self, from: body)
    }
}

/// A scripted answer of the fake master.
struct ScriptedAnswer: Sendable {
    var status: Int
    var body: String = ""
    var headers: [[String]] = []

    static func status(_ status: Int, _ body: String = "", headers: [[String]] = []) -> ScriptedAnswer {
        ScriptedAnswer(status: status, body: body, headers: headers)
    }

    static func redirect(to location: String) -> ScriptedAnswer {
        ScriptedAnswer(status: 307, headers: [["Location", location]])
    }
}

/// One event stream the fake master opened; the test writes to it.
final class FakeSubscription: Sendable {
    let request: RecordedRequest
    let call: Call
    let streamID: String
    private let continuation: AsyncStream<[UInt8]>.Continuation

    init(request: RecordedRequest, call: Call, streamID: String, continuation: AsyncStream<[UInt8]>.Continuation) {
        self.request = request
        self.call = call
        self.streamID = streamID
        self.continuation = continuation
    }

    /// Raw bytes as one HTTP chunk.
    func write(_ bytes: [UInt8]) {
        continuation.yield(bytes)
    }

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// One event as a RecordIO record.
    func send(_ event: Event) throws {
        write(RecordIO.encode(try MesosJSON.encode(event)))
    }

    /// A raw JSON text as a RecordIO record.
    func sendRecord(_ json: String) {
        write(RecordIO.encode(Array(json.utf8)))
    }

    func sendSubscribed(frameworkID: FrameworkID, heartbeatSeconds: Double = 15) throws {
        try send(
            .subscribed(
                frameworkID: frameworkID, heartbeatIntervalSeconds: heartbeatSeconds,
                masterInfo: MasterInfo(id: "fake-master", ip: 16_777_343, port: 5050, hostname: "127.0.0.1")))
    }

    /// Ends the response (the terminating chunk): the master closed the stream.
    func end() {
        continuation.finish()
    }
}

/// A Mesos master that answers as the test scripts it, over real HTTP on 127.0.0.1.
///
/// SUBSCRIBE gets the next scripted answer, or else a 200 event stream the test drives through
/// `subscriptions`; other calls get the next scripted call answer, or else 202. Every request is recorded.
final class FakeMaster: Sendable {
    let requests = AsyncQueue<RecordedRequest>()
    let subscriptions = AsyncQueue<FakeSubscription>()
    let calls = AsyncQueue<RecordedRequest>()
    private let subscribeAnswers = Mutex<[ScriptedAnswer]>([])
    private let callAnswers = Mutex<[ScriptedAnswer]>([])
    private let defaultCallAnswer = Mutex(ScriptedAnswer.status(202))
    private let requiredAuthorization = Mutex<String?>(nil)
    private let streamCount = Mutex(0)
    private let openStreams = Mutex<[AsyncStream<[UInt8]>.Continuation]>([])
    private let boundPort = Mutex(0)

    /// The port the server listens on; 0 until `withFakeMaster` knows it.
    var port: Int { boundPort.withLock { $0 } }

    func bound(to port: Int) {
        boundPort.withLock { $0 = port }
    }

    var endpoint: String { "http://127.0.0.1:\(port)/api/v1/scheduler" }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    func answerSubscribes(_ answers: ScriptedAnswer...) {
        subscribeAnswers.withLock { $0 += answers }
    }

    func answerCalls(_ answers: ScriptedAnswer...) {
        callAnswers.withLock { $0 += answers }
    }

    /// The answer to calls once the scripted ones are used up (202 unless set).
    func answerOtherCalls(_ answer: ScriptedAnswer) {
        defaultCallAnswer.withLock { $0 = answer }
    }

    /// Requires `Authorization: Basic base64(user:password)` on every request, as a master with
    /// `--authenticate_http_frameworks` does.
    func requireBasicAuth(user: String, password: String) {
        let token = Data("\(user):\(password)".utf8).base64EncodedString()
        requiredAuthorization.withLock { $0 = "Basic \(token)" }
    }

    /// Ends every open stream.
    func endAllStreams() {
        let streams = openStreams.withLock { streams in
            defer { streams = [] }
            return streams
        }
        for stream in streams { stream.finish() }
    }

    func respond(to request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 20)
        let recorded = RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            headers: request.headers.map { [$0.name.rawName, $0.value] },
            body: Array(buffer: body))
        requests.push(recorded)
        if let required = requiredAuthorization.withLock({ $0 }), recorded.header("Authorization") != required {
            return Self.response(
                .status(
                    401, "",
                    headers: [["WWW-Authenticate", "Basic realm=\"mesos-master-scheduler\""]]))
        }
        guard let call = recorded.call else {
            return Self.response(.status(400, "Failed to parse body into JSON"))
        }
        if call.type == .subscribe {
            if let answer = subscribeAnswers.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                return Self.response(answer)
            }
            let number = streamCount.withLock { count -> Int in
                count += 1
                return count
            }
            let streamID = "stream-\(port)-\(number)"
            let (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
            openStreams.withLock { $0.append(continuation) }
            subscriptions.push(
                FakeSubscription(request: recorded, call: call, streamID: streamID, continuation: continuation))
            var headers = HTTPFields()
            headers.append(HTTPFields.Element(name: .contentType, value: "application/json"))
            headers.append(HTTPFields.Element(name: HTTPFields.Element.Name("Mesos-Stream-Id")!, value: streamID))
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    for await chunk in chunks {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                })
        }
        calls.push(recorded)
        let answer = callAnswers.withLock { $0.isEmpty ? nil : $0.removeFirst() } ?? defaultCallAnswer.withLock { $0 }
        return Self.response(answer)
    }

    private static func response(_ answer: ScriptedAnswer) -> Response {
        var headers = HTTPFields()
        for pair in answer.headers {
            headers.append(HTTPFields.Element(name: HTTPFields.Element.Name(pair[0])!, value: pair[1]))
        }
        if !answer.body.isEmpty {
            headers.append(HTTPFields.Element(name: .contentType, value: "text/plain; charset=utf-8"))
        }
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}

struct FakeMasterStartError: Error, CustomStringConvertible {
    var description: String { "the fake Mesos master did not report its port" }
}

/// Runs a fake master on 127.0.0.1 with a free port while `body` runs; stops it afterwards, also when
/// `body` throws.
func withFakeMaster<T: Sendable>(_ body: (FakeMaster) async throws -> T) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let master = FakeMaster()
    var logger = Logger(label: "fake-mesos-master")
    logger.logLevel = .critical
    let app = Application(
        responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
            guard master.port > 0 else { return Response(status: .serviceUnavailable) }
            return try await master.respond(to: request)
        },
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await app.runService(gracefulShutdownSignals: [])
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw FakeMasterStartError()
        }
        master.bound(to: port)
        defer {
            master.endAllStreams()
            group.cancelAll()
        }
        return try await body(master)
    }
}

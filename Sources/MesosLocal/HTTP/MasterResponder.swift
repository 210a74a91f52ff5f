import Foundation
import Hummingbird
import Mesos
import NIOCore

/// swift-http-types' header field, as Hummingbird exposes it.
typealias HTTPField = HTTPFields.Element

/// Answers every request on the master's port: the scheduler API, `/version`, `/master/state` and the
/// control endpoints under `/local/`.
struct MasterResponder: Sendable {
    let master: Master
    let check: SchedulerRequestCheck
    /// Largest call body read (an ACCEPT for 100 tasks stays far below).
    static let maximumBodySize = 16 << 20

    func respond(to request: Request, context: MasterRequestContext) async throws -> Response {
        let path = request.uri.path
        switch path {
        case "/api/v1/scheduler":
            return try await scheduler(request, channel: context.channel)
        case "/version":
            return Self.json(
                200,
                #"{"version":"\#(Master.version)","build_user":"mesos-local","build_date":"","build_time":0.0,"git_tag":"\#(Master.version)"}"#
            )
        case "/master/state", "/state", "/master/state.json":
            guard request.method == .get else { return Self.methodNotAllowed(request, allowed: "GET") }
            let snapshot = await master.snapshot()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try MesosJSON.encode(snapshot))))
        default:
            if path.hasPrefix("/local/") {
                return await ControlEndpoints(master: master).respond(to: request)
            }
            return Self.text(404, "")
        }
    }

    // MARK: Scheduler API

    private func scheduler(_ request: Request, channel: any Channel) async throws -> Response {
        // Mesos authenticates before it looks at anything else.
        if case .failure(let rejection) = check.authenticate(request.headers[.authorization]) {
            return Self.reject(rejection)
        }
        if await master.recovering {
            return Self.text(503, "Master has not finished recovery")
        }
        var body: [UInt8] = []
        if request.method == .post {
            body = Array(try await request.body.collect(upTo: Self.maximumBodySize).readableBytesView)
        }
        switch await decide(request, body: body) {
        case .response(let response):
            return response
        case .stream(let connection):
            // A client that goes away is noticed at once, not at the next failed heartbeat.
            let master = self.master
            await ConnectionCloseWatcher.watch(channel) {
                Task { await master.connectionClosed(connection) }
            }
            return stream(connection)
        }
    }

    private enum Answer: Sendable {
        case response(Response)
        case stream(EventConnection)
    }

    private func decide(_ request: Request, body: [UInt8]) async -> Answer {
        let checked = SchedulerRequestCheck.Request(
            method: request.method.rawValue, contentType: request.headers[.contentType],
            accept: request.headers[.accept], streamID: request.headers[Self.streamIDField],
            authorization: request.headers[.authorization], body: body)
        switch check.check(checked) {
        case .reject(let rejection):
            return .response(Self.reject(rejection))
        case .call(let call, let principal):
            if call.type == .subscribe, let subscribe = call.subscribe {
                return .stream(await master.subscribe(subscribe, authenticatedPrincipal: principal))
            }
            switch await master.handle(call, streamID: checked.streamID, authenticatedPrincipal: principal) {
            case .accepted: return .response(Response(status: .accepted))
            case .ok: return .response(Response(status: .ok))
            case .badRequest(let message): return .response(Self.text(400, message))
            case .forbidden(let message): return .response(Self.text(403, message))
            case .notImplemented: return .response(Self.text(501, ""))
            }
        }
    }

    /// The subscription response: 200 with the head flushed at once, then the records as they come,
    /// chunked. A failed write disconnects the framework.
    private func stream(_ connection: EventConnection) -> Response {
        let master = self.master
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[Self.streamIDField] = connection.streamID
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                do {
                    for await record in connection.records {
                        try await writer.write(ByteBuffer(bytes: record))
                    }
                    try await writer.finish(nil)
                } catch {
                    await master.connectionClosed(connection)
                    throw error
                }
            })
    }

    // MARK: Helpers

    static let streamIDField = HTTPField.Name("Mesos-Stream-Id")!

    static func text(_ status: Int, _ message: String, headers extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        if !message.isEmpty {
            headers[.contentType] = "text/plain; charset=utf-8"
        }
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: message.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    static func reject(_ rejection: SchedulerRequestCheck.Rejection) -> Response {
        text(rejection.status, rejection.message, headers: rejection.headers)
    }

    static func json(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func methodNotAllowed(_ request: Request, allowed: String) -> Response {
        text(
            405, "Expecting one of { '\(allowed)' }, but received '\(request.method.rawValue)'",
            headers: [("Allow", allowed)])
    }
}

/// The second endpoint of `--follower-port`: a master that is not the leader. It redirects every
/// request to the leader with a scheme-less `Location`, as Mesos does.
struct FollowerResponder: Sendable {
    let leaderHost: String
    let leaderPort: @Sendable () -> Int
    let check: SchedulerRequestCheck

    func respond(to request: Request) async throws -> Response {
        if request.uri.path == "/version" {
            return MasterResponder.json(200, #"{"version":"\#(Master.version)"}"#)
        }
        if request.uri.path == "/api/v1/scheduler",
            case .failure(let rejection) = check.authenticate(request.headers[.authorization])
        {
            return MasterResponder.reject(rejection)
        }
        var headers = HTTPFields()
        headers[.location] = "//\(leaderHost):\(leaderPort())\(request.uri.path)"
        return Response(status: .temporaryRedirect, headers: headers)
    }
}

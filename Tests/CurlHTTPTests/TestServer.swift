import Foundation
import Hummingbird
import Logging
import NIOCore

/// A request context that remembers the client's port, to tell connections apart.
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port
    }
}

/// One header field of the test server (swift-http-types' `HTTPField`).
typealias Field = HTTPFields.Element

typealias Handler = @Sendable (Request, PeerContext) async throws -> Response

struct ServerStartError: Error, CustomStringConvertible {
    var description: String { "the test HTTP server did not report its port" }
}

/// Runs a Hummingbird server on 127.0.0.1 with a free port while `body` runs, and stops it after,
/// also when `body` throws.
func withTestServer<T: Sendable>(
    _ handler: @escaping Handler,
    _ body: (_ port: Int) async throws -> T
) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "curlhttp-test-server")
    logger.logLevel = .critical
    let app = Application(
        responder: CallbackResponder(callback: handler),
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
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            throw ServerStartError()
        }
        return try await body(port)
    }
}

/// What `/echo` saw, sent back as JSON.
struct Echo: Codable, Sendable {
    var method: String
    var path: String
    var headers: [[String]]
    var body: String
    var peerPort: Int?

    func values(_ name: String) -> [String] {
        headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }
}

/// Answers with an `Echo` of the request. `?status=N` sets the status; the response carries
/// `X-Multi: one` and `X-Multi: two`.
let echoHandler: Handler = { request, context in
    let body = try await request.body.collect(upTo: 16 << 20)
    let echo = Echo(
        method: request.method.rawValue,
        path: request.uri.path,
        headers: request.headers.map { [$0.name.rawName, $0.value] },
        body: String(buffer: body),
        peerPort: context.peerPort
    )
    let status = request.uri.queryParameters.get("status").flatMap(Int.init) ?? 200
    var headers = HTTPFields()
    headers.append(Field(name: Field.Name("X-Multi")!, value: "one"))
    headers.append(Field(name: Field.Name("X-Multi")!, value: "two"))
    headers.append(Field(name: .contentType, value: "application/json"))
    let data = try JSONEncoder().encode(echo)
    return Response(
        status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

func decodeEcho(_ bytes: [UInt8]) throws -> Echo {
    try JSONDecoder().decode(Echo.self, from: Data(bytes))
}

import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import CurlHTTP

@Suite("Streamed responses")
struct StreamingTests {
    /// Sends a tick every 20 ms (for at most 20 s) and signals `closed` once a write fails.
    private func ticking(closed: Latch) -> Handler {
        { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    do {
                        for _ in 0..<1000 {
                            try await writer.write(ByteBuffer(string: "tick\n"))
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        try await writer.finish(nil)
                    } catch {
                        closed.signal()
                        throw error
                    }
                })
        }
    }

    @Test func headArrivesBeforeTheFirstChunk() async throws {
        let headSeen = Latch()
        let handler: Handler = { _, _ in
            var headers = HTTPFields()
            headers.append(Field(name: Field.Name("Mesos-Stream-Id")!, value: "stream-1"))
            headers.append(Field(name: .contentType, value: "application/recordio"))
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    // No body until the client has shown it has the head.
                    guard await headSeen.wait(timeout: .seconds(10)) else { return }
                    for index in 1...3 {
                        try await writer.write(ByteBuffer(string: "chunk\(index);"))
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    try await writer.finish(nil)
                })
        }
        try await withTestServer(handler) { port in
            let response = try await withDeadline(.seconds(5), "stream head") {
                try await HTTPClient().stream(
                    HTTPClient.Request(method: .post, url: "http://127.0.0.1:\(port)/api/v1/scheduler"))
            }
            #expect(response.status == 200)
            #expect(response.headers["mesos-stream-id"] == "stream-1")
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.body.bufferedBytes == 0)
            headSeen.signal()
            var text = ""
            for try await chunk in response.body {
                #expect(!chunk.isEmpty)
                text += String(decoding: chunk, as: UTF8.self)
            }
            #expect(text == "chunk1;chunk2;chunk3;")
            var iterator = response.body.makeAsyncIterator()
            #expect(try await iterator.next() == nil)
        }
    }

    @Test func cancellingTheReadingTaskClosesTheConnection() async throws {
        let closed = Latch()
        try await withTestServer(ticking(closed: closed)) { port in
            let client = HTTPClient()
            let firstChunk = Latch()
            let reader = Task {
                let response = try await client.stream(HTTPClient.Request(url: "http://127.0.0.1:\(port)/stream"))
                for try await _ in response.body {
                    firstChunk.signal()
                }
            }
            #expect(await firstChunk.wait(timeout: .seconds(5)))
            reader.cancel()
            let result = await reader.result
            guard case .failure(let error) = result else {
                Issue.record("the stream ended instead of being cancelled")
                return
            }
            #expect(error as? HTTPClientError == .cancelled(url: "http://127.0.0.1:\(port)/stream"))
            #expect(await closed.wait(timeout: .seconds(5)), "the server did not see the connection close")
        }
    }

    @Test func droppingTheBodyClosesTheConnection() async throws {
        let closed = Latch()
        try await withTestServer(ticking(closed: closed)) { port in
            let client = HTTPClient()
            do {
                let response = try await client.stream(HTTPClient.Request(url: "http://127.0.0.1:\(port)/stream"))
                var iterator = response.body.makeAsyncIterator()
                #expect(try await iterator.next() != nil)
            }
            #expect(await closed.wait(timeout: .seconds(5)), "the server did not see the connection close")
        }
    }

    @Test func explicitCancelStopsTheStream() async throws {
        let closed = Latch()
        try await withTestServer(ticking(closed: closed)) { port in
            let url = "http://127.0.0.1:\(port)/stream"
            let response = try await HTTPClient().stream(HTTPClient.Request(url: url))
            var iterator = response.body.makeAsyncIterator()
            #expect(try await iterator.next() != nil)
            response.cancel()
            await #expect(throws: HTTPClientError.cancelled(url: url)) {
                while try await iterator.next() != nil {}
            }
            #expect(await closed.wait(timeout: .seconds(5)), "the server did not see the connection close")
        }
    }

    /// A child process started while a stream is open must not inherit its connection: the connection would
    /// outlive the stream, and the server would never see it end.
    @Test func connectionsAreNotInheritedByChildProcesses() async throws {
        let closed = Latch()
        try await withTestServer(ticking(closed: closed)) { port in
            let response = try await HTTPClient().stream(HTTPClient.Request(url: "http://127.0.0.1:\(port)/stream"))
            var iterator = response.body.makeAsyncIterator()
            #expect(try await iterator.next() != nil)
            let connections = closeOnExecOfConnections(toPort: port)
            #expect(connections.count == 1)
            #expect(connections.allSatisfy { $0 }, "a connection without close-on-exec")
            response.cancel()
        }
    }

    @Test func cancellingWhileWaitingForTheHeadStopsTheRequest() async throws {
        let silent = try RawListener(listening: true)
        let url = "http://127.0.0.1:\(silent.port)/"
        let client = HTTPClient()
        let waiting = Task { () async throws(HTTPClientError) -> HTTPClient.StreamingResponse in
            try await client.stream(HTTPClient.Request(url: url))
        }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        let result = try await withDeadline(.seconds(2), "cancelled stream start") { await waiting.result }
        #expect(throws: HTTPClientError.cancelled(url: url)) { _ = try result.get() }
        withExtendedLifetime(silent) {}
    }

    @Test func slowReaderKeepsTheBufferBounded() async throws {
        let total = 64 << 20
        let server = try RawBulkServer(total: total)
        let limit = 256 << 10
        let client = HTTPClient(configuration: .init(streamBufferSize: limit))
        let response = try await client.stream(
            HTTPClient.Request(
                url: "http://127.0.0.1:\(server.port)/bulk", timeout: .seconds(60)))
        var iterator = response.body.makeAsyncIterator()
        var received = try #require(try await iterator.next()).count

        // Read nothing more until the server cannot send any further.
        var last = -1
        var stableSince = ContinuousClock.now
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let now = server.sent.current
            if now != last {
                last = now
                stableSince = ContinuousClock.now
            } else if ContinuousClock.now - stableSince > .milliseconds(300) {
                break
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        // What left the server fits in the socket buffers plus the client's bounded buffer.
        #expect(server.sent.current < 16 << 20, "the server sent \(server.sent.current) bytes to a reader that stopped")
        #expect(response.body.bufferedBytes <= limit + (64 << 10))

        while let chunk = try await iterator.next() {
            #expect(chunk.first == UInt8(truncatingIfNeeded: received))
            received += chunk.count
        }
        #expect(received == total)
        #expect(response.body.peakBufferedBytes <= limit + (64 << 10))
    }

    @Test func errorStatusStreamsItsBody() async throws {
        let handler: Handler = { _, _ in
            Response(status: .badRequest, body: .init(byteBuffer: .init(string: "Failed to validate scheduler::Call")))
        }
        try await withTestServer(handler) { port in
            let response = try await HTTPClient().stream(
                HTTPClient.Request(
                    method: .post, url: "http://127.0.0.1:\(port)/api/v1/scheduler", timeout: .seconds(5)))
            #expect(response.status == 400)
            #expect(
                String(decoding: try await response.body.collect(), as: UTF8.self)
                    == "Failed to validate scheduler::Call")
        }
    }

    @Test func manyStreamsShareOneClient() async throws {
        let handler: Handler = { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    for index in 0..<5 {
                        try await writer.write(ByteBuffer(string: "\(index)"))
                    }
                    try await writer.finish(nil)
                })
        }
        try await withTestServer(handler) { port in
            let client = HTTPClient()
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await client.stream(
                            HTTPClient.Request(url: "http://127.0.0.1:\(port)/", timeout: .seconds(20)))
                        return String(decoding: try await response.body.collect(), as: UTF8.self)
                    }
                }
                for try await text in group {
                    #expect(text == "01234")
                }
            }
        }
    }
}

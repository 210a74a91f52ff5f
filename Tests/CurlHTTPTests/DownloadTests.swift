import CurlHTTP
import Foundation
import Hummingbird
import Testing

@Suite("Downloads to files")
struct DownloadTests {
    private func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("curlhttp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("payload.bin").path
    }

    @Test func bodyIsWrittenToTheFile() async throws {
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let handler: Handler = { request, _ in
            if request.uri.path == "/missing" {
                return Response(status: .notFound, body: .init(byteBuffer: .init(string: "no such file")))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: payload)))
        }
        let path = try temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try await withTestServer(handler) { port in
            let client = HTTPClient()
            let head = try await client.download(
                HTTPClient.Request(url: "http://127.0.0.1:\(port)/kafka.tgz", timeout: .seconds(5)), to: path)
            #expect(head.status == 200)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(payload))

            let missing = try await client.download(
                HTTPClient.Request(url: "http://127.0.0.1:\(port)/missing", timeout: .seconds(5)), to: path)
            #expect(missing.status == 404)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "no such file")
        }
    }

    @Test func unwritablePathIsAFileError() async throws {
        let handler: Handler = { _, _ in Response(status: .ok, body: .init(byteBuffer: .init(string: "x"))) }
        try await withTestServer(handler) { port in
            let path = "/nonexistent-dir-\(UUID().uuidString)/file"
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await HTTPClient().download(
                    HTTPClient.Request(url: "http://127.0.0.1:\(port)/", timeout: .seconds(5)), to: path)
            }
            guard case .fileError(let failedPath, let message) = error else {
                Issue.record("expected fileError, got \(String(describing: error))")
                return
            }
            #expect(failedPath == path)
            #expect(message.contains("No such file"))
        }
    }

    @Test func failedTransferLeavesNoFile() async throws {
        let closed = try RawListener(listening: false)
        let path = try temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        await #expect(throws: HTTPClientError.self) {
            _ = try await HTTPClient().download(HTTPClient.Request(url: "http://127.0.0.1:\(closed.port)/"), to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        withExtendedLifetime(closed) {}
    }
}

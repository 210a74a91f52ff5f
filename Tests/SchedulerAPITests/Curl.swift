import Foundation

/// An HTTP answer: status, headers (names lowercased) and body.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (fragments allowed).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw CurlError.unexpectedJSON(text) }
        return object
    }

    func array() throws -> [Any] {
        guard let array = try json() as? [Any] else { throw CurlError.unexpectedJSON(text) }
        return array
    }

    /// The `{"error_code", "message"}` of an error answer.
    func errorBody() throws -> (code: Int, message: String) {
        let object = try object()
        guard let code = object["error_code"] as? Int, let message = object["message"] as? String,
            object.count == 2
        else { throw CurlError.unexpectedJSON(text) }
        return (code, message)
    }
}

enum CurlError: Error, CustomStringConvertible {
    case failed(status: Int32, stderr: String)
    case malformed(String)
    case unexpectedJSON(String)

    var description: String {
        switch self {
        case .failed(let status, let stderr): return "curl exited with \(status): \(stderr)"
        case .malformed(let output): return "cannot parse curl's output: \(output)"
        case .unexpectedJSON(let text): return "unexpected JSON: \(text)"
        }
    }
}

/// The real `curl`, the client the seed's examples use.
enum Curl {
    /// `curl -sS -i -X METHOD -H … URL`, parsed.
    static func request(method: String, url: String, headers: [String]) async throws -> HTTPAnswer {
        var arguments = ["-sS", "-i", "--http1.1", "--max-time", "10", "-X", method]
        if method == "HEAD" { arguments = ["-sS", "-I", "--http1.1", "--max-time", "10"] }
        for header in headers { arguments += ["-H", header] }
        arguments.append(url)
        let result = try await ProcessRunner.run("/usr/bin/curl", arguments)
        guard result.status == 0 else { throw CurlError.failed(status: result.status, stderr: result.stderrText) }
        return try parse(result.stdout)
    }

    /// Splits `curl -i` output into status, headers and body.
    static func parse(_ output: Data) throws -> HTTPAnswer {
        let separator = Data("\r\n\r\n".utf8)
        let head: Data
        let body: Data
        if let range = output.range(of: separator) {
            head = output[output.startIndex..<range.lowerBound]
            body = output[range.upperBound...]
        } else {
            head = output
            body = Data()
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/"),
            let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { throw CurlError.malformed(String(decoding: output, as: UTF8.self)) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return HTTPAnswer(status: status, headers: headers, body: Data(body))
    }
}

/// Runs a process to completion off the cooperative pool and collects its output.
enum ProcessRunner {
    struct Result: Sendable {
        let status: Int32
        let stdout: Data
        let stderr: Data
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                if let environment { process.environment = environment }
                if let currentDirectory { process.currentDirectoryURL = currentDirectory }
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // stderr is drained on its own thread so that neither pipe can fill up and stall the process.
                let errData = LockedData()
                let errDone = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    errData.set(err.fileHandleForReading.readDataToEndOfFile())
                    errDone.signal()
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                errDone.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: Result(status: process.terminationStatus, stdout: stdout, stderr: errData.get()))
            }
        }
    }
}

/// A `Data` handed from one thread to another.
final class LockedData: @unchecked Sendable {
    // @unchecked: `data` is only touched with `lock` held.
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

import Foundation

/// Runs a short-lived command (curl through `/bin/sh`, `kafkactl`) to completion and collects its output.
///
/// Output goes to temporary files, not pipes, and completion is the process's exit: a pipe's write end can be
/// inherited by a long-lived process another test spawns at the same moment, and a reader waiting for
/// end-of-file would wait for that one too.
enum CommandRunner {
    struct Result: Sendable, CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var description: String { "exit \(status), stdout: \(stdout), stderr: \(stderr)" }

        /// stdout as a JSON value.
        func json() throws -> Any {
            do {
                return try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
            } catch {
                throw EndToEndError("not JSON (\(error)): \(self)")
            }
        }
    }

    /// Runs `executable arguments` with exactly `environment`; fails when it runs longer than `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        timeout: Duration = .seconds(30)
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("e2e-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    process.terminationHandler = { process in
                        continuation.resume(returning: process.terminationStatus)
                    }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        continuation.resume(throwing: error)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            guard let first else {
                process.terminate()
                _ = try await group.next()
                throw EndToEndError("\(executable) \(arguments) ran longer than \(timeout)")
            }
            group.cancelAll()
            return first
        }
        return Result(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// A curl command of the seed run verbatim, as a user runs it: `/bin/sh -c '<command>'` with `DCOS_URI` and
/// `AUTH_TOKEN` in the environment. A private `.curlrc` adds only `--silent --show-error --max-time` and a last
/// line with the HTTP status, so that the command line itself stays the seed's.
struct SeedCurl: Sendable {
    let dcosURI: String
    let token: String

    struct Answer: Sendable, CustomStringConvertible {
        let command: String
        let status: Int
        let body: String

        var description: String { "\(command)\n→ HTTP \(status) \(body)" }

        /// The body as JSON.
        func json() throws -> Any {
            do {
                return try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
            } catch {
                throw EndToEndError("not JSON (\(error)): \(self)")
            }
        }

        func object() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw EndToEndError("not a JSON object: \(self)") }
            return object
        }

        /// The `message` of `{"message": …}`.
        func message() throws -> String {
            guard let message = try object()["message"] as? String else {
                throw EndToEndError("no string message: \(self)")
            }
            return message
        }
    }

    init(dcosURI: String, token: String) {
        self.dcosURI = dcosURI
        self.token = token
    }

    init(_ scheduler: SchedulerProcess) {
        self.init(dcosURI: scheduler.api.baseURL, token: scheduler.api.token ?? "")
    }

    func run(_ command: String) async throws -> Answer {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-curlhome-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try "silent\nshow-error\nmax-time = 20\nwrite-out = \"\\n%{http_code}\"\n".write(
            to: home.appendingPathComponent(".curlrc"), atomically: true, encoding: .utf8)
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.path, "CURL_HOME": home.path, "DCOS_URI": dcosURI, "AUTH_TOKEN": token,
        ]
        let result = try await CommandRunner.run("/bin/sh", ["-c", command], environment: environment)
        guard result.status == 0 else { throw EndToEndError("\(command) failed: \(result)") }
        guard let newline = result.stdout.lastIndex(of: "\n"),
            let status = Int(result.stdout[result.stdout.index(after: newline)...])
        else { throw EndToEndError("\(command): no status line in \(result)") }
        var body = String(result.stdout[..<newline])
        while body.hasSuffix("\n") { body.removeLast() }
        return Answer(command: command, status: status, body: body)
    }
}

/// The built `kafkactl` run as a process against a scheduler.
struct Kafkactl: Sendable {
    let url: String
    let token: String

    init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    /// Through the DC/OS path (`/service/<name>`) with the scheduler's token in AUTH_TOKEN.
    init(_ scheduler: SchedulerProcess, name: String) {
        self.init(url: scheduler.api.baseURL + "/service/\(name)", token: scheduler.api.token ?? "")
    }

    /// `kafkactl --url <url> arguments` with AUTH_TOKEN set.
    func run(_ arguments: [String]) async throws -> CommandRunner.Result {
        try await Self.run(["--url", url] + arguments, environment: ["AUTH_TOKEN": token])
    }

    /// `kafkactl arguments` with only `environment` (and PATH).
    static func run(_ arguments: [String], environment: [String: String]) async throws -> CommandRunner.Result {
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try await CommandRunner.run(try BuiltProducts.kafkactl(), arguments, environment: environment)
    }
}

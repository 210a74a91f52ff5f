import Foundation
import TestSupport

extension CommandRun {
    /// stdout as a JSON value.
    func json() throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        } catch {
            throw EndToEndError("not JSON (\(error)): \(self)")
        }
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
        let result = try await CommandRun.run("/bin/sh", ["-c", command], environment: environment)
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
    func run(_ arguments: [String]) async throws -> CommandRun {
        try await Self.run(["--url", url] + arguments, environment: ["AUTH_TOKEN": token])
    }

    /// `kafkactl arguments` with only `environment` (and PATH).
    static func run(_ arguments: [String], environment: [String: String]) async throws -> CommandRun {
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try await CommandRun.run(try BuiltProducts.kafkactl(), arguments, environment: environment)
    }
}

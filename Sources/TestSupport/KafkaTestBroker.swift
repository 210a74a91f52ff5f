import Foundation
import KafkaWire
import Synchronization

/// Why a Kafka test broker could not be provided.
public enum KafkaTestBrokerError: Error, CustomStringConvertible {
    case binaryNotFound(String)
    case didNotStart(String)
    case socket(String)
    case mock(String)

    public var description: String {
        switch self {
        case .binaryNotFound(let message), .didNotStart(let message), .socket(let message), .mock(let message):
            message
        }
    }
}

/// A real Kafka-protocol broker process for tests: PyPI's `noida-db` (0.2.3) started with
/// `--only kafka` on a free 127.0.0.1 port and a temporary data directory. One broker (id 1), no
/// ZooKeeper registration; it answers CreateTopics, CreatePartitions, DeleteTopics, Produce, Metadata,
/// ListOffsets with Kafka's error codes.
///
/// The binary is found through `NOIDA_DB_BINARY` (the executable inside the `noida_db` package, not the
/// Python wrapper script, so that stopping the broker stops the process that serves) or in the virtualenv
/// `scripts/test.sh` installs under `~/.cache/kafka-scheduler/venv`.
public final class KafkaTestBroker: Sendable {
    /// The address it listens on.
    public let host = "127.0.0.1"
    /// The Kafka port.
    public let port: Int
    /// The broker's temporary data directory (removed by `stop()`).
    public let dataDirectory: URL
    private let process: KafkaBrokerProcess
    private let watchdog: KafkaBrokerProcess
    private let stopped = Mutex(false)

    /// `127.0.0.1:<port>`.
    public var bootstrapServer: String { "\(host):\(port)" }
    /// The broker process's id.
    public var pid: Int32 { process.pid }

    private init(port: Int, dataDirectory: URL, process: KafkaBrokerProcess) throws {
        self.port = port
        self.dataDirectory = dataDirectory
        self.process = process
        // When the test process dies without stopping the broker (a crash, a kill), the watchdog kills it and
        // removes its data directory.
        do {
            watchdog = try KafkaBrokerProcess(
                executable: "/bin/sh",
                arguments: [
                    "-c",
                    "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill -KILL \"$2\" 2>/dev/null; rm -rf \"$3\"",
                    "kafka-test-broker-watchdog", String(getpid()), String(process.pid), dataDirectory.path,
                ],
                logPath: "/dev/null")
        } catch {
            process.signal(SIGKILL)
            throw error
        }
    }

    /// The broker currently provided by the `.kafkaTestBroker` suite trait.
    @TaskLocal public static var current: KafkaTestBroker?

    /// The `noida-db` executable.
    public static func binaryPath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["NOIDA_DB_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw KafkaTestBrokerError.binaryNotFound("NOIDA_DB_BINARY=\(path) is not an executable file")
            }
            return path
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let lib = URL(fileURLWithPath: home).appendingPathComponent(".cache/kafka-scheduler/venv/lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for python in pythons.sorted().reversed() where python.hasPrefix("python3") {
            let candidate = lib.appendingPathComponent(python).appendingPathComponent("site-packages/noida_db/noida-db")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        throw KafkaTestBrokerError.binaryNotFound(
            "noida-db is not installed: run scripts/test.sh, which installs it, or "
                + "`python3 -m venv ~/.cache/kafka-scheduler/venv && ~/.cache/kafka-scheduler/venv/bin/pip install "
                + "noida-db==0.2.3`, or set NOIDA_DB_BINARY to its noida_db/noida-db executable")
    }

    /// Starts a broker and waits until it answers the Kafka protocol (normally ~0.1 s; fails after
    /// `timeout`). A port taken in the meantime by someone else is retried on another port.
    public static func start(timeout: Duration = .seconds(15)) async throws -> KafkaTestBroker {
        let binary = try binaryPath()
        var lastFailure = ""
        for _ in 0..<3 {
            let port = try LocalNetwork.freePort()
            let dataDirectory = FileManager.default.temporaryDirectory
                .appendingPathComponent("kafka-test-broker-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let logPath = dataDirectory.appendingPathComponent("noida-db.log").path
            let process: KafkaBrokerProcess
            do {
                process = try KafkaBrokerProcess(
                    executable: binary,
                    arguments: [
                        "start", "--data-dir", dataDirectory.path, "--host", "127.0.0.1", "--only", "kafka",
                        "--kafka-port", String(port),
                    ],
                    logPath: logPath)
            } catch {
                try? FileManager.default.removeItem(at: dataDirectory)
                throw error
            }
            let broker: KafkaTestBroker
            do {
                broker = try KafkaTestBroker(port: port, dataDirectory: dataDirectory, process: process)
            } catch {
                try? FileManager.default.removeItem(at: dataDirectory)
                throw error
            }
            switch await broker.waitUntilReady(timeout: timeout) {
            case .ready:
                return broker
            case .exited(let output):
                // Most likely the port was taken between choosing and binding it: try another one.
                let status = process.terminationStatus ?? -1
                lastFailure = "noida-db exited (wait status \(status)) on port \(port): \(output)"
                await broker.stop()
            case .timedOut(let output):
                await broker.stop()
                throw KafkaTestBrokerError.didNotStart(
                    "noida-db did not answer on 127.0.0.1:\(port) within \(timeout): \(output)")
            }
        }
        throw KafkaTestBrokerError.didNotStart(lastFailure)
    }

    private enum Readiness {
        case ready
        case exited(String)
        case timedOut(String)
    }

    /// Ready when our process is running, has written its control file with its own pid (so the port is
    /// ours, not another process's), and answers an ApiVersions request.
    private func waitUntilReady(timeout: Duration) async -> Readiness {
        let deadline = ContinuousClock.now + timeout
        let controlFile = dataDirectory.appendingPathComponent("noida.control.json")
        while ContinuousClock.now < deadline {
            guard process.isRunning else { return .exited(logTail) }
            if let control = try? String(contentsOf: controlFile, encoding: .utf8),
                control.contains("\"pid\":\(pid)"),
                await KafkaWire.onDedicatedThread({ [port] in KafkaWire.answersApiVersions(port: port, milliseconds: 500) })
            {
                return .ready
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .timedOut(logTail)
    }

    private var logTail: String {
        let log = dataDirectory.appendingPathComponent("noida-db.log")
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// Stops the process (SIGTERM, then SIGKILL after 5 s), waits for it and removes the data directory.
    /// Safe to call more than once.
    public func stop() async {
        let alreadyStopped = stopped.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !alreadyStopped else { return }
        if process.isRunning {
            process.signal(SIGTERM)
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if process.isRunning {
                process.signal(SIGKILL)
                while process.isRunning {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
        }
        watchdog.signal(SIGKILL)
        while watchdog.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Runs `body` with a fresh broker and stops it afterwards, also when `body` throws.
    public static func withBroker<T>(_ body: (KafkaTestBroker) async throws -> T) async throws -> T {
        let broker = try await start()
        do {
            let result = try await body(broker)
            await broker.stop()
            return result
        } catch {
            await broker.stop()
            throw error
        }
    }
}

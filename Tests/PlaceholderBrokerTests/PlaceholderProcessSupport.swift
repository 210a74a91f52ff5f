import Foundation
import Logging
import Synchronization
import TestSupport
import Testing
import ZooKeeper

/// The built `kafka-placeholder-broker`, found next to the test bundle in the build products directory (or
/// at `KAFKA_PLACEHOLDER_BROKER`).
func placeholderExecutable() throws -> String {
    if let path = ProcessInfo.processInfo.environment["KAFKA_PLACEHOLDER_BROKER"], !path.isEmpty { return path }
    let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // The bundle may be a directory (…/X.xctest/…) rather than a file.
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("kafka-placeholder-broker").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory.deleteLastPathComponent()
    }
    throw TestSupportError(
        "kafka-placeholder-broker is not built next to \(testBinary.path): run `swift build` (or set "
            + "KAFKA_PLACEHOLDER_BROKER to the executable)")
}

/// One placeholder broker task: its environment, data directory and log, and the running process.
final class PlaceholderTask: Sendable {
    let brokerId: Int32
    let port: Int
    let chroot: String
    let zooKeeperConnect: String
    let dataDirectory: String
    let logFile: String
    let extraEnvironment: [String: String]
    private let process = Mutex<ManagedProcess?>(nil)

    init(
        brokerId: Int32, chroot: String, zooKeeperConnect: String, directory: String,
        port: Int? = nil, extraEnvironment: [String: String] = [:]
    ) throws {
        self.brokerId = brokerId
        self.port = try port ?? LocalNetwork.freePort()
        self.chroot = chroot
        self.zooKeeperConnect = zooKeeperConnect
        self.dataDirectory = directory + "/kafka-volume/broker-\(brokerId)"
        self.logFile = directory + "/broker-\(brokerId)-\(UUID().uuidString.prefix(6)).log"
        self.extraEnvironment = extraEnvironment
    }

    var environment: [String: String] {
        [
            "BROKER_ID": "\(brokerId)", "BROKER_PORT": "\(port)", "BROKER_HOST": "127.0.0.1",
            "BROKER_DATA_DIR": dataDirectory, "KAFKA_ZOOKEEPER_CONNECT": zooKeeperConnect + chroot,
            "CONFIG_ID": "0f6c7a52-3f4e-4c1b-9d2a-7e8f9a0b1c2d", "FRAMEWORK_NAME": "placeholder-test",
            "PATH": "/usr/bin:/bin",
        ].merging(extraEnvironment) { $1 }
    }

    var registrationPath: String { chroot + "/brokers/ids/\(brokerId)" }

    func start(environment: [String: String]? = nil) async throws -> ManagedProcess {
        let started = try await ManagedProcess.spawn(
            .init(
                executable: try placeholderExecutable(), environment: environment ?? self.environment,
                logFile: logFile, terminationGracePeriod: .seconds(10)))
        process.withLock { $0 = started }
        return started
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the registration exists, failing early (with the log) when the process exits.
    func waitUntilRegistered(_ client: ZooKeeperClient, timeout: Duration = .seconds(30)) async throws -> NodeData {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = process.withLock({ $0 })?.exitStatus {
                throw TestSupportError("placeholder broker \(brokerId) \(status) before registering; its log:\n\(log)")
            }
            if let node = try? await client.get(registrationPath) { return node }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("placeholder broker \(brokerId) did not register within \(timeout); its log:\n\(log)")
    }

    /// Stops the process if it still runs.
    func stop() async {
        await process.withLock({ $0 })?.terminate(gracePeriod: .seconds(5))
    }
}

/// A temporary directory removed after `body`, with a unique service chroot and the tasks started in it
/// stopped afterwards, also when `body` fails.
func withPlaceholderWorkspace<Result>(
    _ body: (_ directory: String, _ chroot: String, _ tasks: TaskList) async throws -> Result
) async throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("placeholder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let tasks = TaskList()
    let chroot = "/dcos-service-" + uniqueZNodePath("placeholder").dropFirst()
    do {
        let result = try await body(directory.path, chroot, tasks)
        await tasks.stopAll()
        try? FileManager.default.removeItem(at: directory)
        return result
    } catch {
        await tasks.stopAll()
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
}

/// The tasks a test started, to stop them all at the end.
final class TaskList: Sendable {
    private let tasks = Mutex<[PlaceholderTask]>([])

    func add(_ task: PlaceholderTask) -> PlaceholderTask {
        tasks.withLock { $0.append(task) }
        return task
    }

    func stopAll() async {
        for task in tasks.withLock({ $0 }) { await task.stop() }
    }
}

/// Test logs stay quiet; `PLACEHOLDER_TEST_LOG=debug` shows everything.
func placeholderTestLogger() -> Logger {
    var logger = Logger(label: "kafka-scheduler.placeholder-broker.tests")
    logger.logLevel =
        ProcessInfo.processInfo.environment["PLACEHOLDER_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
    return logger
}

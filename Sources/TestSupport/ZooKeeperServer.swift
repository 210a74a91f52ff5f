import Foundation
import Synchronization
import ZooKeeper

/// A real standalone ZooKeeper server (the Debian `zookeeper` package) on a free 127.0.0.1 port with a
/// temporary data directory, for tests.
///
/// It is ready when `srvr` answers `Mode: standalone` (`ruok` answers earlier than clients are served), and only
/// when the process it started is the one listening on the port. It can stop, restart on the same port and
/// data (sessions survive), and pause (SIGSTOP) / resume (SIGCONT) to simulate a hung server. For a
/// deterministic session expiry put a `TCPProxy` between client and server and partition it for longer than
/// the session timeout. Prefer `withZooKeeperServer`, which always shuts the server down; a server that is
/// dropped or left behind by a failing test is killed anyway (in `deinit`, at exit, or when the test process
/// dies).
public final class ZooKeeperServer: Sendable {
    public struct Options: Sendable {
        /// The server's time unit: sessions expire on tick boundaries and the session timeout is at least
        /// 2 ticks. Small values make expiry tests fast.
        public var tickTime: Duration
        /// The largest session timeout the server grants (ZooKeeper's default would be 20 ticks).
        public var maxSessionTimeout: Duration
        /// How long to wait for the server to serve clients.
        public var startTimeout: Duration

        public init(
            tickTime: Duration = .milliseconds(200),
            maxSessionTimeout: Duration = .seconds(60),
            startTimeout: Duration = .seconds(60)
        ) {
            self.tickTime = tickTime
            self.maxSessionTimeout = maxSessionTimeout
            self.startTimeout = startTimeout
        }
    }

    static let classPath = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar"

    public let options: Options
    public let port: Int
    /// The temporary directory holding `zoo.cfg`, `data/` and `zookeeper.log`.
    public let directory: String
    private let process = Mutex<ManagedProcess?>(nil)

    public var host: String { "127.0.0.1" }
    /// `127.0.0.1:port`, for `ZooKeeperClient.connect(connectString:)`.
    public var connectString: String { "\(host):\(port)" }
    public var dataDirectory: String { directory + "/data" }
    /// The server's own log (stdout and stderr), useful when a test fails.
    public var logFile: String { directory + "/zookeeper.log" }

    private init(options: Options, port: Int, directory: String) {
        self.options = options
        self.port = port
        self.directory = directory
    }

    /// Starts a server and waits until it serves clients.
    public static func start(_ options: Options = Options()) async throws -> ZooKeeperServer {
        var failures: [String] = []
        // Another process may take the free port before the server binds it: try a few ports.
        for _ in 1...5 {
            let directory = try makeTemporaryDirectory()
            let server = ZooKeeperServer(options: options, port: try LocalNetwork.freePort(), directory: directory)
            do {
                try await server.launch()
                return server
            } catch let error as PortTaken {
                failures.append(error.description)
                await server.shutdown()
            } catch {
                await server.shutdown()
                throw error
            }
        }
        throw TestSupportError("cannot start a ZooKeeper server: \(failures.joined(separator: "; "))")
    }

    deinit {
        process.withLock { $0 = nil }
        try? FileManager.default.removeItem(atPath: directory)
        ProcessRegistry.unregister(directory: directory)
    }

    /// True while the server process runs (also while paused).
    public var isRunning: Bool {
        process.withLock { $0?.isRunning ?? false }
    }

    /// The server process's id, while it runs.
    public var pid: Int32? {
        process.withLock { $0?.pid }
    }

    /// Stops the server (SIGTERM, SIGKILL after 5 s), keeping its port and data for `restart`.
    public func stop() async {
        let running = process.withLock { process in
            defer { process = nil }
            return process
        }
        await running?.terminate()
    }

    /// Stops the server if it runs, then starts it again on the same port with the same data; sessions whose
    /// timeout has not passed survive.
    public func restart() async throws {
        await stop()
        // No other test of this process gets the port (see `LocalNetwork.freePort`), but a process elsewhere on
        // the machine may hold it for a moment: try again on the same port until the start timeout.
        let deadline = ContinuousClock.now + options.startTimeout
        while true {
            do {
                try await launch()
                return
            } catch is PortTaken where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Freezes the server (SIGSTOP) and returns once it is frozen: clients lose their connection. Their sessions
    /// may or may not expire when it resumes after more than their session timeout (the server's expiry and the
    /// clients' queued reconnections race); use a `TCPProxy` partition for a deterministic expiry.
    public func pause() async {
        await process.withLock { $0 }?.pause()
    }

    /// Continues a paused server (SIGCONT).
    public func resume() {
        process.withLock { $0?.resume() }
    }

    /// Stops the server and removes its directory.
    public func shutdown() async {
        await stop()
        try? FileManager.default.removeItem(atPath: directory)
        ProcessRegistry.unregister(directory: directory)
    }

    /// Sends a four-letter command (`srvr`, `mntr`, `ruok`, `stat`, `cons`, `wchp`, `wchc`) and returns the answer.
    public func fourLetterWord(_ word: String) async throws -> String {
        let port = self.port
        guard
            let answer = await DedicatedThread.run(
                name: "zookeeper-4lw", { LocalNetwork.exchange(port: port, request: word) })
        else {
            throw TestSupportError("ZooKeeper server on port \(port) did not answer '\(word)'")
        }
        return answer
    }

    /// The last lines of the server's log, for error messages.
    public func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "(no log at \(logFile))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    // MARK: Launching

    private struct PortTaken: Error, CustomStringConvertible {
        let description: String
    }

    private func launch() async throws {
        try writeConfiguration()
        // The log is appended to by every launch: only this launch's part tells why it failed.
        let logStart = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int) ?? 0
        let configuration = ManagedProcess.Configuration(
            executable: "java",
            arguments: [
                "-Xms16m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Djava.net.preferIPv4Stack=true", "-Dzookeeper.admin.enableServer=false",
                "-cp", Self.classPath, "org.apache.zookeeper.server.ZooKeeperServerMain", directory + "/zoo.cfg",
            ],
            workingDirectory: directory,
            logFile: logFile
        )
        let started = try await ManagedProcess.spawn(configuration)
        process.withLock { $0 = started }
        do {
            try await waitUntilServing(started, logStart: logStart)
        } catch {
            process.withLock { $0 = nil }
            await started.terminate(gracePeriod: .seconds(1))
            throw error
        }
    }

    private func writeConfiguration() throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let configuration = """
            tickTime=\(Self.milliseconds(options.tickTime))
            dataDir=\(dataDirectory)
            clientPort=\(port)
            clientPortAddress=127.0.0.1
            maxSessionTimeout=\(Self.milliseconds(options.maxSessionTimeout))
            maxClientCnxns=0
            admin.enableServer=false
            4lw.commands.whitelist=ruok,srvr,mntr,stat,cons,wchp,wchc
            """
        try configuration.write(toFile: directory + "/zoo.cfg", atomically: true, encoding: .utf8)
    }

    private func waitUntilServing(_ started: ManagedProcess, logStart: Int) async throws {
        let deadline = ContinuousClock.now + options.startTimeout
        let port = self.port
        while ContinuousClock.now < deadline {
            if let status = started.exitStatus {
                let log = logTail()
                if launchLog(from: logStart).contains("Address already in use") {
                    throw PortTaken(description: "port \(port) was taken by another process")
                }
                throw TestSupportError("ZooKeeper server exited (\(status)) before serving; its log:\n\(log)")
            }
            let answer = await DedicatedThread.run(name: "zookeeper-4lw") {
                LocalNetwork.exchange(port: port, request: "srvr", timeout: .milliseconds(500))
            }
            if let answer, answer.contains("Mode: standalone") {
                guard LocalNetwork.processListens(pid: started.pid, port: port) else {
                    throw PortTaken(description: "another process answers on port \(port)")
                }
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError(
            "ZooKeeper server on port \(port) did not serve within \(options.startTimeout); its log:\n\(logTail())"
        )
    }

    /// What the log gained since `offset`.
    private func launchLog(from offset: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: logFile) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    private static func makeTemporaryDirectory() throws -> String {
        var template = Array((FileManager.default.temporaryDirectory.path + "/zookeeper-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TestSupportError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: created)
        ProcessRegistry.register(directory: directory)
        return directory
    }
}

/// Runs `body` with a fresh server and always shuts it down afterwards, also when `body` throws.
public func withZooKeeperServer<Result>(
    _ options: ZooKeeperServer.Options = ZooKeeperServer.Options(),
    _ body: (ZooKeeperServer) async throws -> Result
) async throws -> Result {
    let server = try await ZooKeeperServer.start(options)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

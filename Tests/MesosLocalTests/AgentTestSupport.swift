import CurlHTTP
import Foundation
import Hummingbird
import Logging
import Mesos
import Testing

@testable import MesosLocal

#if canImport(Glibc)
    import Glibc
#endif

/// Why an awaited update did not come.
struct AgentTestError: Error, CustomStringConvertible {
    let description: String
}

/// Every update an agent sent, in order, with a read cursor per task so that a test awaits the next update of
/// one task while others run.
actor AgentUpdateRecorder {
    private(set) var all: [AgentStatusUpdate] = []
    private var cursors: [TaskID: Int] = [:]
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var ended = false

    func start(_ stream: AsyncStream<AgentStatusUpdate>) {
        Task {
            for await update in stream {
                self.receive(update)
            }
            self.end()
        }
    }

    /// The next update of `taskID` not returned yet, waiting for it up to `timeout`.
    func next(for taskID: TaskID, timeout: Duration = .seconds(30)) async throws -> AgentStatusUpdate {
        let deadline = ContinuousClock.now + timeout
        while true {
            let start = cursors[taskID] ?? 0
            if let index = all[start...].firstIndex(where: { $0.status.taskID == taskID }) {
                cursors[taskID] = index + 1
                return all[index]
            }
            if ended { throw AgentTestError(description: "the update stream ended before an update of \(taskID)") }
            guard ContinuousClock.now < deadline else {
                throw AgentTestError(description: "no update of \(taskID) within \(timeout)")
            }
            await waitForArrival(until: deadline)
        }
    }

    /// Updates of `taskID` received and not returned by `next` yet.
    func unread(for taskID: TaskID) -> [AgentStatusUpdate] {
        all[(cursors[taskID] ?? 0)...].filter { $0.status.taskID == taskID }
    }

    /// Every update of `taskID` received so far.
    func received(for taskID: TaskID) -> [AgentStatusUpdate] {
        all.filter { $0.status.taskID == taskID }
    }

    var hasEnded: Bool { ended }

    private func waitForArrival(until deadline: ContinuousClock.Instant) async {
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.wake(id)
        }
        await withCheckedContinuation { waiters[id] = $0 }
        timer.cancel()
    }

    private func wake(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func receive(_ update: AgentStatusUpdate) {
        all.append(update)
        wakeAll()
    }

    private func end() {
        ended = true
        wakeAll()
    }

    private func wakeAll() {
        let waiting = waiters
        waiters = [:]
        for waiter in waiting.values { waiter.resume() }
    }
}

/// An agent on a temporary work directory, with its updates recorded.
struct AgentFixture {
    let agent: LocalAgent
    let updates: AgentUpdateRecorder
    let workDirectory: String
    let frameworkID: FrameworkID = "framework-1"

    var agentID: AgentID { agent.configuration.agentID }

    /// Launches `task` and returns its id.
    @discardableResult
    func launch(_ task: TaskInfo) async -> TaskID {
        await agent.launch(task, frameworkID: frameworkID)
        return task.taskID
    }

    /// Awaits the next updates of `taskID`, checks their states in order, and acknowledges each.
    @discardableResult
    func expect(
        _ states: [TaskState], for taskID: TaskID, acknowledge: Bool = true, timeout: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [AgentStatusUpdate] {
        var result: [AgentStatusUpdate] = []
        for state in states {
            let update = try await updates.next(for: taskID, timeout: timeout)
            #expect(
                update.status.state == state,
                "expected \(state.wireName), got \(update.status.state.wireName): \(update.status.message ?? "")",
                sourceLocation: sourceLocation)
            result.append(update)
            if acknowledge {
                await agent.acknowledge(taskID: taskID, uuid: update.uuid)
            }
        }
        return result
    }

    /// Runs `task` to its end: STARTING, RUNNING, then the terminal update, all acknowledged. Returns the
    /// terminal update.
    func run(_ task: TaskInfo, sourceLocation: SourceLocation = #_sourceLocation) async throws -> AgentStatusUpdate {
        let taskID = await launch(task)
        try await expect([.starting, .running], for: taskID, sourceLocation: sourceLocation)
        let terminal = try await updates.next(for: taskID)
        await agent.acknowledge(taskID: taskID, uuid: terminal.uuid)
        return terminal
    }

    /// The task's sandbox, known from its launch until its terminal update is acknowledged.
    func sandbox(of taskID: TaskID) async throws -> String {
        try #require(await agent.sandboxDirectory(of: taskID))
    }
}

/// Runs `body` with an agent on a fresh temporary work directory; shuts the agent down and removes the directory
/// afterwards, also when `body` throws.
func withAgent<T>(
    workDirectory: String? = nil,
    updateRetryInterval: Duration = .seconds(600),
    httpClient: HTTPClient = .shared,
    _ body: (AgentFixture) async throws -> T
) async throws -> T {
    let root = workDirectory ?? makeTemporaryDirectory()
    defer {
        if workDirectory == nil { try? FileManager.default.removeItem(atPath: root) }
    }
    let fixture = await makeAgentFixture(
        workDirectory: root, updateRetryInterval: updateRetryInterval, httpClient: httpClient)
    do {
        let result = try await body(fixture)
        await fixture.agent.shutdown()
        return result
    } catch {
        await fixture.agent.shutdown()
        throw error
    }
}

/// An agent on `workDirectory` whose updates are recorded; the caller shuts it down.
func makeAgentFixture(
    workDirectory: String, updateRetryInterval: Duration = .seconds(600), httpClient: HTTPClient = .shared
) async -> AgentFixture {
    var logger = Logger(label: "kafka-scheduler.mesos-local.agent-test")
    logger.logLevel = ProcessInfo.processInfo.environment["AGENT_TEST_LOG"] != nil ? .debug : .critical
    let agent = LocalAgent(
        configuration: LocalAgent.Configuration(
            agentID: "agent-S0", workDirectory: workDirectory, updateRetryInterval: updateRetryInterval),
        httpClient: httpClient,
        logger: logger)
    let recorder = AgentUpdateRecorder()
    await recorder.start(agent.updates)
    return AgentFixture(agent: agent, updates: recorder, workDirectory: workDirectory)
}

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("agent-test-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    // Resolve symlinks (a /tmp link) so that paths compare equal to what the shell prints.
    return (path as NSString).resolvingSymlinksInPath
}

/// A command task with a shell command.
func shellTask(
    _ id: String,
    _ command: String,
    environment: [String: String] = [:],
    uris: [CommandInfo.URI] = [],
    resources: [Resource] = [.cpus(0.1), .mem(32)],
    killPolicy: KillPolicy? = nil
) -> TaskInfo {
    TaskInfo(
        name: id,
        taskID: TaskID("\(id)-\(UUID().uuidString.prefix(8))"),
        agentID: "agent-S0",
        resources: resources,
        command: CommandInfo(
            value: command, uris: uris,
            environment: environment.isEmpty
                ? nil : Environment(environment.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
        ),
        killPolicy: killPolicy)
}

/// Whether a process with this pid exists and is not a zombie.
func processIsAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let end = stat.range(of: ") ", options: .backwards)
    else { return false }
    return stat[end.upperBound...].first != "Z"
}

/// The processes of a process group that are not zombies, read from /proc.
func liveMembers(ofGroup group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // Fields after the name: state, ppid, pgrp, …
        let fields = stat[end.upperBound...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
        return pid
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes: for waiting on what an external process
/// does (writes a file), which sends no event.
func eventually(
    _ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw AgentTestError(description: "\(what) did not happen within \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

func readFile(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
}

/// Serves `files` under `/files/<name>` on 127.0.0.1 while `body` runs; `/stall` never answers.
func withFileServer<T: Sendable>(
    _ files: [String: Data], _ body: (_ baseURL: String) async throws -> T
) async throws -> T {
    let router = Router()
    router.get("files/:name") { _, context -> Response in
        guard let name = context.parameters.get("name"), let data = files[name] else {
            return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "no such file")))
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    router.get("stall") { _, _ -> Response in
        try await Task.sleep(for: .seconds(120))
        return Response(status: .ok)
    }
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "agent-fetch-test-server")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            throw AgentTestError(description: "the test HTTP server did not report its port")
        }
        return try await body("http://127.0.0.1:\(port)")
    }
}

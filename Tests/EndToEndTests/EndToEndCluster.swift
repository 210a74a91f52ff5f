import Foundation
import Logging
import Mesos
import MesosLocal
import Synchronization
import TestSupport
import ZooKeeper

/// What one end-to-end test runs: a ZooKeeper server (shared by the test process; each test has its own
/// framework name and so its own `/dcos-service-<name>` root, or its own chroot), an in-process `mesos-local`
/// with agents that run tasks as real processes, and the `kafka-scheduler` processes the test starts, with the
/// `kafka-placeholder-broker` as BROKER_COMMAND.
final class EndToEndCluster: Sendable {
    let directory: String
    let zooKeeper: ZooKeeperServer
    let mesos: MesosLocalCluster
    let frameworkName: String
    /// The chroot of the schedulers' ZOOKEEPER (`/e2e-…`), or "" when the framework name alone keeps this
    /// cluster's state apart.
    let zooKeeperChroot: String
    private let placeholderBroker: String
    private let schedulers = Mutex<[SchedulerProcess]>([])

    private init(
        directory: String, zooKeeper: ZooKeeperServer, mesos: MesosLocalCluster, frameworkName: String,
        zooKeeperChroot: String, placeholderBroker: String
    ) {
        self.directory = directory
        self.zooKeeper = zooKeeper
        self.mesos = mesos
        self.frameworkName = frameworkName
        self.zooKeeperChroot = zooKeeperChroot
        self.placeholderBroker = placeholderBroker
    }

    /// Runs `body` with a fresh cluster, then stops every scheduler it started and the cluster (its brokers
    /// with it), also when `body` throws. On failure the schedulers' log tails are printed and the test's
    /// directory (logs, agent sandboxes and volumes) is kept.
    ///
    /// With `frameworkName` (e.g. `kafka`, the name the seed's `/service/kafka/…` examples use) the schedulers
    /// run under that name, and their ZOOKEEPER gets a chroot of its own so that clusters of the same name
    /// never share state.
    static func with<T>(
        _ label: String, agents: Int = 3, frameworkName: String? = nil, _ body: (EndToEndCluster) async throws -> T
    ) async throws -> T {
        let placeholder = try BuiltProducts.placeholderBroker()
        _ = try BuiltProducts.scheduler()
        let name = "e2e-\(label)-\(UUID().uuidString.prefix(6).lowercased())"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let zooKeeper = try await ZooKeeperServer.shared()
        var chroot = ""
        if frameworkName != nil {
            chroot = "/" + name
            let client = try await zooKeeper.connect()
            do {
                try await client.create(chroot)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
        let ports = try AgentPorts.claim()
        defer { ports.release() }
        var logger = Logger(label: "e2e.mesos-local")
        logger.logLevel = .error
        let mesos = try await MesosLocalCluster.start(
            MesosLocalOptions(
                port: 0, agents: agents, agentCPUs: 2, agentMemory: 2048, agentDisk: 4000,
                agentPorts: ports.range, workDirectory: directory + "/mesos",
                allocationInterval: .milliseconds(100), updateRetryInterval: .seconds(1)),
            logger: logger)
        let cluster = EndToEndCluster(
            directory: directory, zooKeeper: zooKeeper, mesos: mesos, frameworkName: frameworkName ?? name,
            zooKeeperChroot: chroot, placeholderBroker: placeholder)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            return result
        } catch {
            print("[\(name)] failed: \(error)\n\(cluster.diagnostics)\n[\(name)] files kept in \(directory)")
            await cluster.stop()
            throw error
        }
    }

    private func stop() async {
        for scheduler in schedulers.withLock({ $0 }) {
            await scheduler.terminate()
        }
        await mesos.stop()
    }

    /// The scheduler's environment: this cluster, small brokers, the placeholder broker.
    func environment(apiPort: Int) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": inherited["PATH"] ?? "/usr/bin:/bin",
            "FRAMEWORK_NAME": frameworkName,
            "MESOS_MASTER": mesos.url,
            "ZOOKEEPER": zooKeeper.connectString + zooKeeperChroot,
            "API_HOST": "127.0.0.1",
            "API_PORT": "\(apiPort)",
            "BROKER_COUNT": "3",
            "BROKER_CPUS": "0.1",
            "BROKER_MEM": "256",
            "BROKER_HEAP_MB": "128",
            "BROKER_DISK": "100",
            // A broker killed with SIGKILL leaves its registration until its session expires; its relaunch
            // waits for that.
            "BROKER_COMMAND": "PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS=4000 exec '\(placeholderBroker)'",
            "LOG_LEVEL": "warning",
        ]
        if let home = inherited["HOME"] { environment["HOME"] = home }
        return environment
    }

    /// Starts a scheduler on a new API port with the cluster's environment (or `base`) changed by `changes`
    /// (nil removes a variable), its log in the test's directory.
    func startScheduler(
        _ changes: [String: String?] = [:], base: [String: String]? = nil
    ) async throws -> SchedulerProcess {
        let apiPort = try LocalNetwork.freePort()
        var environment = base ?? self.environment(apiPort: apiPort)
        environment["API_PORT"] = "\(apiPort)"
        for (name, value) in changes { environment[name] = value }
        let index = schedulers.withLock { $0.count }
        let scheduler = try await SchedulerProcess.start(
            environment: environment, logFile: directory + "/kafka-scheduler-\(index).log")
        schedulers.withLock { $0.append(scheduler) }
        return scheduler
    }

    /// Stops `scheduler` as Marathon does when its environment changes (SIGTERM; or SIGKILL with `kill`) and
    /// starts it again with its environment changed by `changes`.
    func restart(
        _ scheduler: SchedulerProcess, changes: [String: String?] = [:], kill: Bool = false
    ) async throws -> SchedulerProcess {
        if kill {
            _ = await scheduler.kill()
        } else {
            let status = await scheduler.terminate()
            guard status == .exited(0) else {
                throw EndToEndError("kafka-scheduler ended with \(status) on SIGTERM\n\(scheduler.diagnostics)")
            }
        }
        return try await startScheduler(changes, base: scheduler.environment)
    }

    /// Starts a scheduler for a fresh deploy of three brokers and waits for plan Complete and for each broker's
    /// first line in its `placeholder.log`; returns the scheduler and the plan.
    func deploy(_ changes: [String: String?] = [:]) async throws -> (SchedulerProcess, PlanDocument) {
        let scheduler = try await startScheduler(changes)
        let plan = try await scheduler.api.awaitPlanComplete(diagnostics: { self.diagnostics })
        for id in 0..<3 { try await awaitStarts(broker: id, count: 1) }
        return (scheduler, plan)
    }

    /// Every scheduler's log tail.
    var diagnostics: String {
        schedulers.withLock { $0 }.map(\.diagnostics).joined(separator: "\n")
    }

    // MARK: mesos-local's view

    /// This test's framework in the master's state.
    func framework() async -> MasterState.Framework? {
        await mesos.state().frameworks.first { $0.name == frameworkName }
    }

    /// The framework's tasks the master knows (not completed), by task name (`broker-<N>`).
    func liveTasks() async -> [MasterState.Task] {
        await framework()?.tasks ?? []
    }

    /// Every task of the framework, running or completed.
    func allTasks() async -> [MasterState.Task] {
        guard let framework = await framework() else { return [] }
        return framework.tasks + framework.completedTasks
    }

    /// The `placeholder.log` lines on broker `id`'s only volume (or on `volume`), or nil when the file is not
    /// there.
    func placeholderLog(broker id: Int, volume: String? = nil) -> [String]? {
        guard let volume = volume ?? volumePath(broker: id) else { return nil }
        guard let text = try? String(contentsOfFile: volume + "/broker-\(id)/placeholder.log", encoding: .utf8)
        else { return nil }
        return text.split(separator: "\n").map(String.init)
    }

    /// Waits until broker `id`'s `placeholder.log` (on its only volume, or on `volume`) holds `count` "started"
    /// lines (a placeholder writes its line just after registering) and returns its lines.
    @discardableResult
    func awaitStarts(broker id: Int, count: Int, volume: String? = nil) async throws -> [String] {
        let diagnostics = { self.diagnostics }
        return try await eventually("broker-\(id)'s placeholder.log to show \(count) starts", diagnostics: diagnostics)
        {
            let log = placeholderLog(broker: id, volume: volume) ?? []
            guard log.filter({ $0.contains(" started ") }).count >= count else {
                throw Poll.Observation("placeholder.log: \(log)")
            }
            return log
        }
    }

    /// The directories of broker `id`'s persistent volumes (`broker-<id>-<resource id>`) on every agent.
    func volumePaths(broker id: Int) -> [String] {
        let agents = directory + "/mesos/agents"
        guard let enumerator = FileManager.default.enumerator(atPath: agents) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            // <agent>/volumes/roles/<role>/<persistence id>
            if components.count >= 2 && components[1] != "volumes" {
                enumerator.skipDescendants()
                continue
            }
            guard components.count == 5 else { continue }
            enumerator.skipDescendants()
            if components[4].hasPrefix("broker-\(id)-") { found.append(agents + "/" + relative) }
        }
        return found
    }

    /// Broker `id`'s volume directory, when it has exactly one.
    func volumePath(broker id: Int) -> String? {
        let paths = volumePaths(broker: id)
        return paths.count == 1 ? paths[0] : nil
    }
}

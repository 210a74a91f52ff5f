import ArgumentParser
import Foundation
import Logging
import MesosLocal

/// `mesos-local`: a Mesos-compatible master with simulated agents that run tasks as local processes.
struct MesosLocalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesos-local",
        abstract:
            "A Mesos-compatible master (v1 scheduler HTTP API) with simulated agents running tasks as local processes.",
        discussion:
            "Control endpoints for fault injection live under /local/ on the master's port; see docs/mesos-local.md."
    )

    @Option(help: "Address to bind and announce.") var host = "127.0.0.1"
    @Option(help: "The master's port (0: any free port, printed at start).") var port = 5050
    @Option(help: "Number of agents.") var agents = 3
    @Option(name: .customLong("agent-cpus"), help: "CPUs per agent.") var agentCPUs = 4.0
    @Option(name: .customLong("agent-mem"), help: "Memory per agent (MB).") var agentMemory = 8192.0
    @Option(name: .customLong("agent-disk"), help: "Disk per agent (MB).") var agentDisk = 20000.0
    @Option(name: .customLong("agent-ports"), help: "Port range shared by the agents (each offers its own slice).")
    var agentPorts = "31000-32000"
    @Option(name: .customLong("agent-mount-disks"), help: "N:SIZE — N MOUNT disks of SIZE MB per agent.")
    var agentMountDisks: String?
    @Option(name: .customLong("work-dir"), help: "Where agents keep sandboxes and volumes.") var workDirectory: String
    @Option(name: .customLong("heartbeat-interval"), help: "Seconds between heartbeats.") var heartbeatInterval = 15.0
    @Option(name: .customLong("allocation-interval"), help: "Seconds between allocation cycles.")
    var allocationInterval = 1.0
    @Option(name: .customLong("update-retry-interval"), help: "Seconds before an unacknowledged update is re-sent.")
    var updateRetryInterval = 10.0
    @Option(name: .customLong("zk"), help: "zk://host:port[,host:port…]/path — announce the master there.")
    var zooKeeperURL: String?
    @Option(name: .customLong("follower-port"), help: "A second port answering 307 to the master, as a follower.")
    var followerPort: Int?
    @Option(help: "Principal schedulers must authenticate with (HTTP basic auth).") var principal: String?
    @Option(help: "Secret for --principal.") var secret: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func options() throws -> MesosLocalOptions {
        func seconds(_ value: Double, _ option: String) throws -> Duration {
            guard value.isFinite, value > 0 else {
                throw ValidationError("\(option) must be a positive number of seconds, got \(value)")
            }
            return .nanoseconds(Int64(value * 1e9))
        }
        let range = agentPorts.split(separator: "-").compactMap { UInt64($0) }
        guard range.count == 2, range[0] <= range[1], range[1] <= 65535 else {
            throw ValidationError("--agent-ports must be BEGIN-END (e.g. 31000-32000), got '\(agentPorts)'")
        }
        var mounts: (count: Int, size: Double)?
        if let agentMountDisks {
            let parts = agentMountDisks.split(separator: ":")
            guard parts.count == 2, let count = Int(parts[0]), count >= 0, let size = Double(parts[1]), size > 0 else {
                throw ValidationError("--agent-mount-disks must be N:SIZE (e.g. 2:10000), got '\(agentMountDisks)'")
            }
            mounts = (count, size)
        }
        guard (principal == nil) == (secret == nil) else {
            throw ValidationError("--principal and --secret go together")
        }
        return MesosLocalOptions(
            host: host, port: port, followerPort: followerPort, agents: agents, agentCPUs: agentCPUs,
            agentMemory: agentMemory, agentDisk: agentDisk, agentPorts: range[0]...range[1], agentMountDisks: mounts,
            workDirectory: URL(fileURLWithPath: workDirectory).standardizedFileURL.path,
            heartbeatInterval: try seconds(heartbeatInterval, "--heartbeat-interval"),
            allocationInterval: try seconds(allocationInterval, "--allocation-interval"),
            updateRetryInterval: try seconds(updateRetryInterval, "--update-retry-interval"),
            zooKeeperURL: zooKeeperURL, credentials: principal.map { ($0, secret ?? "") })
    }

    /// Runs the cluster until SIGINT or SIGTERM.
    func serve() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "kafka-scheduler.mesos-local")
        let cluster = try await MesosLocalCluster.start(try options(), logger: logger)
        let followerText = cluster.followerPort.map { " (follower on port \($0))" } ?? ""
        // Scripts wait for this line: write it through at once even when stdout is a pipe.
        FileHandle.standardOutput.write(Data("mesos-local listening on \(cluster.url)\(followerText)\n".utf8))
        await waitForTermination()
        logger.info("Stopping mesos-local")
        await cluster.stop()
    }
}

/// Returns on SIGINT or SIGTERM.
func waitForTermination() async {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
    let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
        let source = DispatchSource.makeSignalSource(signal: number)
        source.setEventHandler { continuation.yield(number) }
        source.resume()
        return source
    }
    for await _ in stream { break }
    sources.forEach { $0.cancel() }
}

do {
    let command = try MesosLocalCommand.parse()
    try await command.serve()
} catch {
    MesosLocalCommand.exit(withError: error)
}

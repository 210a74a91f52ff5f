import Foundation
import Hummingbird
import Logging
import Mesos
import NIOCore
import ServiceLifecycle

/// A running `mesos-local`: the master's HTTP endpoint, its agents, and the optional follower endpoint
/// and ZooKeeper announcement. Tests start one in-process; the `mesos-local` executable runs one.
///
/// ```swift
/// let cluster = try await MesosLocalCluster.start(MesosLocalOptions(port: 0, agents: 2, workDirectory: dir))
/// defer { Task { await cluster.stop() } }
/// // point a scheduler at cluster.url
/// ```
public final class MesosLocalCluster: Sendable {
    /// `http://<host>:<port>` of the master.
    public let url: String
    public let host: String
    public let port: Int
    /// The port of the follower endpoint (answers 307 to the master), if one was asked for.
    public let followerPort: Int?
    /// The agents, in registration order.
    public let agentIDs: [AgentID]
    public let options: MesosLocalOptions

    let master: Master
    private let servers: Task<Void, Never>
    private let serviceGroup: ServiceGroup
    private let announcer: ZooKeeperAnnouncer?
    private let logger: Logger

    /// The scheduler endpoint, `http://<host>:<port>/api/v1/scheduler`.
    public var schedulerURL: String { url + "/api/v1/scheduler" }

    private init(
        options: MesosLocalOptions, port: Int, followerPort: Int?, agentIDs: [AgentID], master: Master,
        servers: Task<Void, Never>, serviceGroup: ServiceGroup, announcer: ZooKeeperAnnouncer?, logger: Logger
    ) {
        self.serviceGroup = serviceGroup
        self.options = options
        self.host = options.host
        self.port = port
        self.url = "http://\(options.host):\(port)"
        self.followerPort = followerPort
        self.agentIDs = agentIDs
        self.master = master
        self.servers = servers
        self.announcer = announcer
        self.logger = logger
    }

    /// Starts the master, its agents and its endpoints; returns once the master serves requests.
    static func start(
        _ options: MesosLocalOptions, agentFactory: @escaping AgentFactory, logger: Logger
    ) async throws -> MesosLocalCluster {
        try validate(options)
        let master = Master(
            settings: .init(
                host: options.host, port: options.port, heartbeatInterval: options.heartbeatInterval,
                allocationInterval: options.allocationInterval,
                agentReregistrationDelay: options.agentReregistrationDelay),
            logger: logger)
        let check = SchedulerRequestCheck(credentials: options.credentials)
        let responder = MasterResponder(master: master, check: check)

        var serverLogger = logger
        // Stopping cancels the servers, which Hummingbird logs as errors: keep its own log to the critical.
        serverLogger.logLevel = max(logger.logLevel, .critical)
        let (events, continuation) = AsyncStream.makeStream(of: ServerEvent.self)
        let mainApp = Application(
            responder: CallbackResponder { (request: Request, context: MasterRequestContext) in
                try await responder.respond(to: request, context: context)
            },
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.listening("main", channel.localAddress?.port ?? 0)) },
            logger: serverLogger)
        let masterPort = PortBox()
        var followerApp: Application<CallbackResponder<BasicRequestContext>>?
        if let followerPort = options.followerPort {
            let follower = FollowerResponder(leaderHost: options.host, leaderPort: { masterPort.value }, check: check)
            followerApp = Application(
                responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                    try await follower.respond(to: request)
                },
                configuration: .init(address: .hostname(options.host, port: followerPort), serverName: nil),
                onServerRunning: { channel in
                    continuation.yield(.listening("follower", channel.localAddress?.port ?? 0))
                },
                logger: serverLogger)
        }
        var services: [any Service] = [mainApp]
        if let followerApp { services.append(followerApp) }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [], logger: serverLogger))
        let servers = Task {
            do {
                try await serviceGroup.run()
            } catch {
                continuation.yield(.failed("\(options.host):\(options.port)", "\(error)"))
            }
            continuation.finish()
        }

        var port: Int?
        var followerPort: Int?
        for await event in events {
            switch event {
            case .listening("main", let bound): port = bound
            case .listening(_, let bound): followerPort = bound
            case .failed(let address, let reason):
                servers.cancel()
                throw MesosLocalError.cannotListen(address, reason)
            }
            if port != nil && (options.followerPort == nil || followerPort != nil) { break }
        }
        guard let port else {
            servers.cancel()
            throw MesosLocalError.cannotListen("\(options.host):\(options.port)", "the server stopped")
        }
        masterPort.value = port
        await master.setPort(port)

        var agentIDs: [AgentID] = []
        do {
            for index in 0..<options.agents {
                let agentID = await master.makeAgentID()
                let directory = "\(options.workDirectory)/agents/\(agentID.value)"
                let resources = AgentLayout.resources(options: options, index: index, agentDirectory: directory)
                try createDirectories(
                    [directory]
                        + AgentLayout.mountRoots(agentDirectory: directory, count: options.agentMountDisks?.count ?? 0))
                let driver = agentFactory(
                    AgentSpec(
                        agentID: agentID, hostname: options.agentHostname, workDirectory: directory,
                        updateRetryInterval: options.updateRetryInterval))
                await master.addAgent(
                    id: agentID, hostname: options.agentHostname, workDirectory: directory, resources: resources,
                    driver: driver)
                agentIDs.append(agentID)
            }
        } catch {
            await master.stop()
            servers.cancel()
            throw error
        }

        var announcer: ZooKeeperAnnouncer?
        if let zooKeeperURL = options.zooKeeperURL {
            do {
                let started = try await ZooKeeperAnnouncer.start(
                    url: zooKeeperURL, info: await master.masterInfo, logger: logger)
                await master.setAnnouncer(started)
                announcer = started
            } catch {
                await master.stop()
                servers.cancel()
                throw error
            }
        }
        await master.start()
        let masterID = await master.masterID
        logger.info(
            "mesos-local master \(masterID) on http://\(options.host):\(port) with \(agentIDs.count) agents")
        return MesosLocalCluster(
            options: options, port: port, followerPort: followerPort, agentIDs: agentIDs, master: master,
            servers: servers, serviceGroup: serviceGroup, announcer: announcer, logger: logger)
    }

    /// Stops everything: streams end, task processes are killed, the endpoints close, the ZooKeeper
    /// announcement goes. Idempotent.
    public func stop() async {
        await master.stop()
        await announcer?.stop()
        // Graceful: the servers stop accepting, then let the open exchanges finish (the streams ended
        // above). Cancelling instead races with connections being accepted.
        await serviceGroup.triggerGracefulShutdown()
        let servers = self.servers
        let deadline = Task {
            guard (try? await Task.sleep(for: .seconds(5))) != nil else { return }
            servers.cancel()
        }
        await servers.value
        deadline.cancel()
    }

    // MARK: Observation

    /// The current master id (it changes with `failoverMaster`).
    public func masterID() async -> String {
        await master.masterID
    }

    /// What `GET /master/state` answers.
    public func state() async -> MasterState {
        await master.snapshot()
    }

    // MARK: Fault injection (the same as the `/local/…` endpoints)

    /// Marks an agent unreachable (`gone`: removed by an operator, for good).
    public func removeAgent(_ agentID: AgentID, gone: Bool = false) async throws {
        do { try await master.removeAgent(agentID, gone: gone) } catch {
            throw MesosLocalError.control(error.description)
        }
    }

    /// Brings an unreachable agent back.
    public func restoreAgent(_ agentID: AgentID) async throws {
        do { try await master.restoreAgent(agentID) } catch { throw MesosLocalError.control(error.description) }
    }

    /// Restarts an agent: its task processes die, its volumes stay.
    public func restartAgent(_ agentID: AgentID) async throws {
        do { try await master.restartAgent(agentID) } catch { throw MesosLocalError.control(error.description) }
    }

    /// Kills a task's process (SIGKILL) without a kill request.
    public func crashTask(_ taskID: TaskID, frameworkID: FrameworkID? = nil) async throws {
        let driver: any AgentDriver
        do { driver = try await master.agentRunning(taskID, frameworkID: frameworkID) } catch {
            throw MesosLocalError.control(error.description)
        }
        guard await driver.crash(taskID) else { throw MesosLocalError.control("No running task '\(taskID)'") }
    }

    /// Drops a framework's subscription stream.
    public func dropStream(of frameworkID: FrameworkID) async throws {
        do { try await master.dropStream(of: frameworkID) } catch { throw MesosLocalError.control(error.description) }
    }

    /// Fails the master over: a new master id, every stream closed, no offers until the agents
    /// re-register. `recoveryTime`: how long the scheduler endpoint answers 503 first. Returns the new id.
    @discardableResult
    public func failoverMaster(recoveryTime: Duration = .zero) async -> String {
        await master.failover(recoveryTime: recoveryTime)
    }

    /// Stops (or resumes) heartbeats on every stream.
    public func pauseHeartbeats(_ paused: Bool = true) async {
        await master.setHeartbeatsPaused(paused)
    }

    /// Holds back heartbeats for a while.
    public func delayHeartbeats(by duration: Duration) async {
        await master.delayHeartbeats(by: duration)
    }

    // MARK: Helpers

    private enum ServerEvent: Sendable {
        case listening(String, Int)
        case failed(String, String)
    }

    /// The master's port, known once the server listens; read by the follower's redirects.
    private final class PortBox: @unchecked Sendable {
        // Written once before the follower answers any request (start() returns only after), read after.
        var value = 0
    }

    private static func validate(_ options: MesosLocalOptions) throws(MesosLocalError) {
        if options.agents < 0 { throw .invalidOption("--agents", "\(options.agents)", "a number ≥ 0") }
        if options.agents > 0 && options.agentPorts.count < options.agents {
            throw .invalidOption(
                "--agent-ports", "\(options.agentPorts.lowerBound)-\(options.agentPorts.upperBound)",
                "at least one port per agent")
        }
        if options.heartbeatInterval <= .zero {
            throw .invalidOption("--heartbeat-interval", "\(options.heartbeatInterval)", "a positive duration")
        }
        if options.allocationInterval <= .zero {
            throw .invalidOption("--allocation-interval", "\(options.allocationInterval)", "a positive duration")
        }
        if let mounts = options.agentMountDisks, mounts.count < 0 || mounts.size <= 0 {
            throw .invalidOption("--agent-mount-disks", "\(mounts.count):\(mounts.size)", "N:SIZE with SIZE > 0")
        }
    }

    private static func createDirectories(_ paths: [String]) throws(MesosLocalError) {
        for path in paths {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .workDirectory(path, "\(error)")
            }
        }
    }
}

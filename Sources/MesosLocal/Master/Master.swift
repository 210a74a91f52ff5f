import Foundation
import Logging
import Mesos

/// The simulated Mesos master: frameworks, agents, offers, tasks and the status update routing.
///
/// One actor owns all of it and handles every input in order: scheduler calls, agent updates, timers
/// and control requests. Events go to frameworks through their `EventConnection`; commands go to
/// agents through their `AgentChannel`; neither makes the master wait.
actor Master {
    struct Settings: Sendable {
        var host: String
        var port: Int
        var heartbeatInterval: Duration
        var allocationInterval: Duration
        var agentReregistrationDelay: Duration
    }

    static let version = "1.11.0"
    /// Mesos's default `--min_allocatable_resources`: an offer needs some cpus or some memory.
    static let minimumCPUs = 0.01
    static let minimumMemory = 32.0
    /// Completed tasks kept per framework for /master/state (Mesos keeps 1000).
    static let completedTasksKept = 1000

    let logger: Logger
    var settings: Settings
    var masterID: String
    var frameworks: [FrameworkID: FrameworkRecord] = [:]
    /// Torn down or timed out; a SUBSCRIBE with one of these ids gets `Framework has been removed`.
    var removedFrameworks: [FrameworkID: FrameworkRecord] = [:]
    var tasks: [FrameworkID: [TaskID: TaskRecord]] = [:]
    var completedTasks: [FrameworkID: [TaskRecord]] = [:]
    var agents: [AgentID: AgentRecord] = [:]
    /// Agents in the order they registered: allocation walks them in this order.
    var agentOrder: [AgentID] = []
    var offers: [OfferID: OfferRecord] = [:]
    var nextFrameworkNumber = 0
    var nextOfferNumber = 0
    var nextAgentNumber = 0
    private var nextConnectionID = 0
    var heartbeatTasks: [Int: Task<Void, Never>] = [:]
    var failoverTimers: [FrameworkID: Task<Void, Never>] = [:]
    var heartbeatsPaused = false
    var heartbeatsDelayedUntil: ContinuousClock.Instant?
    /// Answer 503 (`Master has not finished recovery`) while set.
    var recovering = false
    /// Something changed that may make new offers possible.
    var allocationNeeded = true
    private var allocationLoop: Task<Void, Never>?
    /// Where the leadership is announced (`--zk`), renewed on a master failover.
    var announcer: ZooKeeperAnnouncer?
    private var stopped = false

    init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        masterID = UUID().uuidString.lowercased()
    }

    var masterInfo: MasterInfo {
        let ip = MasterInfo.packedIPv4(settings.host) ?? MasterInfo.packedIPv4("127.0.0.1")!
        return MasterInfo(
            id: masterID, ip: ip, port: UInt32(settings.port), pid: "master@\(settings.host):\(settings.port)",
            hostname: settings.host, version: Self.version,
            address: Address(hostname: settings.host, ip: settings.host, port: Int32(settings.port))
        )
    }

    func setPort(_ port: Int) {
        settings.port = port
    }

    func setAnnouncer(_ announcer: ZooKeeperAnnouncer) {
        self.announcer = announcer
    }

    func start() {
        let interval = settings.allocationInterval
        allocationLoop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.allocate()
            }
        }
    }

    /// Closes every stream and stops every timer and agent.
    func stop() async {
        stopped = true
        allocationLoop?.cancel()
        for task in heartbeatTasks.values { task.cancel() }
        heartbeatTasks = [:]
        for task in failoverTimers.values { task.cancel() }
        failoverTimers = [:]
        for framework in frameworks.values {
            framework.connection?.close()
        }
        let channels = agents.values.map(\.channel)
        for channel in channels {
            await channel.shutdown()
        }
    }

    // MARK: Agents

    /// Adds a registered agent with its resources (without allocation info).
    func addAgent(id: AgentID, hostname: String, workDirectory: String, resources: Resources, driver: any AgentDriver) {
        let channel = AgentChannel(driver: driver)
        agents[id] = AgentRecord(
            id: id, hostname: hostname, workDirectory: workDirectory, channel: channel, total: resources,
            registeredTime: currentTimestamp())
        agentOrder.append(id)
        allocationNeeded = true
        Task { [self] in
            await driver.forEachUpdate { update in
                await self.agentUpdate(from: id, update)
            }
        }
    }

    func makeAgentID() -> AgentID {
        defer { nextAgentNumber += 1 }
        return AgentID("\(masterID)-S\(nextAgentNumber)")
    }

    // MARK: Events

    func send(_ event: Event, to frameworkID: FrameworkID) {
        frameworks[frameworkID]?.connection?.send(event)
    }

    func makeConnection(frameworkID: FrameworkID) -> EventConnection {
        nextConnectionID += 1
        return EventConnection(id: nextConnectionID, streamID: UUID().uuidString.lowercased(), frameworkID: frameworkID)
    }

    /// A new master knows no failover timers of the old one.
    func cancelFailoverTimers() {
        for timer in failoverTimers.values { timer.cancel() }
        failoverTimers = [:]
    }

    // MARK: Heartbeats

    func startHeartbeats(for connection: EventConnection) {
        let interval = settings.heartbeatInterval
        heartbeatTasks[connection.id] = Task { [weak self] in
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                await self?.heartbeat(connection)
            }
        }
    }

    func stopHeartbeats(for connection: EventConnection) {
        heartbeatTasks.removeValue(forKey: connection.id)?.cancel()
    }

    private func heartbeat(_ connection: EventConnection) {
        if heartbeatsPaused { return }
        if let until = heartbeatsDelayedUntil {
            if ContinuousClock.now < until { return }
            heartbeatsDelayedUntil = nil
        }
        connection.send(.heartbeat)
    }

    // MARK: Bookkeeping helpers

    func releaseResources(of task: TaskRecord) {
        guard !task.released else { return }
        agents[task.agentID]?.used.subtract(task.resources)
        allocationNeeded = true
    }

    func appendCompleted(_ task: TaskRecord) {
        var list = completedTasks[task.frameworkID] ?? []
        list.append(task)
        if list.count > Self.completedTasksKept {
            list.removeFirst(list.count - Self.completedTasksKept)
        }
        completedTasks[task.frameworkID] = list
    }

    /// Removes an offer and gives its resources back to the agent, optionally sending RESCIND and
    /// adding a refuse filter for the resources.
    func removeOffer(_ offerID: OfferID, rescind: Bool, filter: Duration?) {
        guard let offer = offers.removeValue(forKey: offerID) else { return }
        let plain = offer.resources.strippingAllocationInfo()
        agents[offer.agentID]?.offered.subtract(plain)
        frameworks[offer.frameworkID]?.offers.remove(offerID)
        if rescind {
            send(.rescind(offerID), to: offer.frameworkID)
        }
        if let filter {
            addFilter(
                frameworkID: offer.frameworkID, role: offer.role, agentID: offer.agentID, resources: plain, for: filter)
        }
        allocationNeeded = true
    }

    func removeOffers(of frameworkID: FrameworkID, rescind: Bool) {
        for offerID in frameworks[frameworkID]?.offers ?? [] {
            removeOffer(offerID, rescind: rescind, filter: nil)
        }
    }

    func addFilter(
        frameworkID: FrameworkID, role: String, agentID: AgentID, resources: Resources, for duration: Duration
    ) {
        guard duration > .zero, !resources.isEmpty else { return }
        let key = FilterKey(role: role, agentID: agentID)
        frameworks[frameworkID]?.filters[key] = RefuseFilter(
            resources: resources, expires: ContinuousClock.now + duration)
    }
}

extension Duration {
    /// The duration in seconds, as a double.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A duration from seconds that may be fractional; nil for negative or non-finite values.
    static func fromSeconds(_ value: Double) -> Duration? {
        guard value.isFinite, value >= 0 else { return nil }
        return .nanoseconds(Int64(min(value, 9e9) * 1e9))
    }
}

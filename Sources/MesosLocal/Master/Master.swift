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
    private var heartbeatTasks: [Int: Task<Void, Never>] = [:]
    private var failoverTimers: [FrameworkID: Task<Void, Never>] = [:]
    var heartbeatsPaused = false
    var heartbeatsDelayedUntil: ContinuousClock.Instant?
    /// Answer 503 (`Master has not finished recovery`) while set.
    var recovering = false
    /// Something changed that may make new offers possible.
    var allocationNeeded = true
    private var allocationLoop: Task<Void, Never>?
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

    // MARK: Subscription

    /// SUBSCRIBE: answers with the stream to write (SUBSCRIBED and a HEARTBEAT already queued, or an
    /// ERROR and the end).
    func subscribe(_ subscribe: Call.Subscribe, authenticatedPrincipal: String?) -> EventConnection {
        var info = subscribe.frameworkInfo
        if info.principal == nil, let authenticatedPrincipal {
            info.principal = authenticatedPrincipal
        }
        let requestedID = info.id ?? FrameworkID("")
        if let error = frameworkInfoError(info) {
            return failedConnection(frameworkID: requestedID, message: error)
        }
        if let id = info.id, removedFrameworks[id] != nil {
            return failedConnection(frameworkID: id, message: "Framework has been removed")
        }

        let frameworkID: FrameworkID
        if let id = info.id, var framework = frameworks[id] {
            if framework.info.principal != info.principal {
                return failedConnection(
                    frameworkID: id,
                    message: "Changing framework's principal is not allowed.")
            }
            // A second SUBSCRIBE is a failover: the old stream ends, its offers vanish silently.
            if let old = framework.connection {
                old.send(.error("Framework failed over"))
                closeConnection(old)
            }
            removeOffers(of: id, rescind: false)
            framework.info = info
            framework.info.id = id
            framework.connection = nil
            framework.filters = [:]
            framework.unregisteredTime = nil
            frameworks[id] = framework
            frameworkID = id
        } else {
            if let id = info.id {
                // Unknown to this master (e.g. after a master failover): the framework keeps its id.
                frameworkID = id
            } else {
                let number = String(nextFrameworkNumber)
                frameworkID = FrameworkID(
                    masterID + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number)
                nextFrameworkNumber += 1
            }
            info.id = frameworkID
            frameworks[frameworkID] = FrameworkRecord(id: frameworkID, info: info, registeredTime: currentTimestamp())
            if tasks[frameworkID] == nil { tasks[frameworkID] = [:] }
        }
        failoverTimers.removeValue(forKey: frameworkID)?.cancel()

        let connection = makeConnection(frameworkID: frameworkID)
        frameworks[frameworkID]!.connection = connection
        frameworks[frameworkID]!.generation += 1
        frameworks[frameworkID]!.suppressedRoles = Set(subscribe.suppressedRoles)
        connection.send(
            .subscribed(
                frameworkID: frameworkID, heartbeatIntervalSeconds: settings.heartbeatInterval.seconds,
                masterInfo: masterInfo))
        connection.send(.heartbeat)
        startHeartbeats(for: connection)
        logger.info("Framework \(frameworkID) (\(info.name)) subscribed with stream \(connection.streamID)")
        allocationNeeded = true
        allocate()
        return connection
    }

    private func failedConnection(frameworkID: FrameworkID, message: String) -> EventConnection {
        logger.info("Refusing subscription of framework '\(frameworkID)': \(message)")
        let connection = makeConnection(frameworkID: frameworkID)
        connection.send(.error(message))
        connection.close()
        return connection
    }

    /// Mesos's FrameworkInfo checks that end in an ERROR event.
    func frameworkInfoError(_ info: FrameworkInfo) -> String? {
        if info.hasCapability(.multiRole) {
            if info.role != nil {
                return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"
            }
        } else if !info.roles.isEmpty {
            return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"
        }
        if Set(info.roles).count != info.roles.count {
            return "'FrameworkInfo.roles' contains duplicate items"
        }
        for role in info.effectiveRoles {
            if let reason = Self.invalidRoleReason(role) {
                return "Role '\(role)' is invalid: \(reason)"
            }
        }
        if let timeout = info.failoverTimeout, !timeout.isFinite || timeout < 0 || timeout > 9.2e9 {
            return "Invalid failover_timeout: \(timeout)"
        }
        return nil
    }

    /// Mesos's role name rules.
    static func invalidRoleReason(_ role: String) -> String? {
        if role.isEmpty { return "Empty role name is invalid" }
        if role == "*" { return nil }
        if role.hasPrefix("/") || role.hasSuffix("/") { return "Role names cannot start or end with '/'" }
        for component in role.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "Role names cannot contain empty components" }
            if component == "." || component == ".." { return "Role name components cannot be '.' or '..'" }
            if component.hasPrefix("-") { return "Role name components cannot start with '-'" }
            if component == "*" { return "Role name components cannot be '*'" }
            if component.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || $0 == "\\"
            }) {
                return "Role names cannot contain whitespace, control characters or '\\'"
            }
        }
        return nil
    }

    // MARK: Disconnection

    /// The HTTP side saw the stream's client go away (or could not write to it).
    func connectionClosed(_ connection: EventConnection) {
        guard let framework = frameworks[connection.frameworkID], framework.connection?.id == connection.id else {
            stopHeartbeats(for: connection)
            return
        }
        disconnect(framework.id)
    }

    /// The framework lost its stream: it is deactivated, its offers go, and its failover timeout starts.
    func disconnect(_ frameworkID: FrameworkID) {
        guard var framework = frameworks[frameworkID], let connection = framework.connection else { return }
        closeConnection(connection)
        framework.connection = nil
        framework.generation += 1
        framework.filters = [:]
        framework.unregisteredTime = currentTimestamp()
        frameworks[frameworkID] = framework
        removeOffers(of: frameworkID, rescind: false)
        let timeout = framework.info.failoverTimeout ?? 0
        logger.info("Framework \(frameworkID) disconnected; failover timeout \(timeout) s")
        let generation = framework.generation
        failoverTimers[frameworkID]?.cancel()
        failoverTimers[frameworkID] = Task { [weak self] in
            if timeout > 0 {
                guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
            }
            await self?.failoverTimeoutExpired(frameworkID, generation: generation)
        }
    }

    private func failoverTimeoutExpired(_ frameworkID: FrameworkID, generation: Int) {
        guard let framework = frameworks[frameworkID], framework.generation == generation, !framework.isConnected
        else { return }
        logger.info("Framework \(frameworkID) did not re-subscribe within its failover timeout; removing it")
        removeFramework(frameworkID)
    }

    func closeConnection(_ connection: EventConnection) {
        connection.close()
        stopHeartbeats(for: connection)
    }

    /// TEARDOWN or an expired failover timeout: every task is killed and the framework is gone for good.
    func removeFramework(_ frameworkID: FrameworkID) {
        guard var framework = frameworks.removeValue(forKey: frameworkID) else { return }
        failoverTimers.removeValue(forKey: frameworkID)?.cancel()
        if let connection = framework.connection {
            closeConnection(connection)
            framework.connection = nil
        }
        for offerID in framework.offers {
            removeOffer(offerID, rescind: false, filter: nil)
        }
        framework.offers = []
        for (taskID, task) in tasks[frameworkID] ?? [:] {
            if let agent = agents[task.agentID], agent.state != .gone {
                agent.channel.send(.kill(taskID, gracePeriod: nil, sendKilling: false))
            }
            releaseResources(of: task)
            var finished = task
            finished.released = true
            appendCompleted(finished)
        }
        tasks[frameworkID] = nil
        framework.unregisteredTime = framework.unregisteredTime ?? currentTimestamp()
        removedFrameworks[frameworkID] = framework
        allocationNeeded = true
    }

    /// A new master knows no failover timers of the old one.
    func cancelFailoverTimers() {
        for timer in failoverTimers.values { timer.cancel() }
        failoverTimers = [:]
    }

    // MARK: Heartbeats

    private func startHeartbeats(for connection: EventConnection) {
        let interval = settings.heartbeatInterval
        heartbeatTasks[connection.id] = Task { [weak self] in
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                await self?.heartbeat(connection)
            }
        }
    }

    private func stopHeartbeats(for connection: EventConnection) {
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

import Foundation
import KafkaAdmin
import Logging
import Mesos
import Plan
import StateStore
import Testing

@testable import KafkaFramework

// MARK: - Configuration

/// A configuration for tests: `count` brokers named `kafka`, small resources.
func testConfiguration(
    count: Int = 3, strategy: PhaseStrategy = .install, placement: PlacementStrategy = .node,
    readyCheck: ReadinessCheck = .brokerRegistered, cpus: Double = 1, memMB: Int = 2048, heapMB: Int = 1024,
    diskMB: Int = 5000, diskType: DiskType = .root, port: Int = 0, overrides: [String: String] = [:],
    command: String? = nil, name: String = "kafka"
) -> ServiceConfiguration {
    ServiceConfiguration(
        broker: BrokerConfiguration(
            cpus: cpus, memMB: memMB, heapMB: heapMB, diskMB: diskMB, diskType: diskType, port: port,
            readyCheck: readyCheck, kafkaURI: "https://archive.example/kafka_2.13-3.7.0.tgz",
            javaURI: "https://archive.example/jre.tgz", command: command),
        kafka: KafkaConfiguration(kafkaVerName: "kafka_2.13-3.7.0", kafkaZkURI: "zk.local:2181", overrides: overrides),
        service: ServiceDefinition(
            brokerCount: count, name: name, phaseStrategy: strategy, placementStrategy: placement,
            principal: "kafka-principal", role: "kafka-role", user: ""))
}

let quietLogger: Logger = {
    var logger = Logger(label: "kafka-scheduler.tests")
    logger.logLevel = .critical
    return logger
}()

// MARK: - Clock

/// A clock that moves only when a test says so. Sleepers wake when `advance` passes their deadline, or with
/// `CancellationError` when their task is cancelled.
final class ManualClock: SchedulerClock, @unchecked Sendable {
    // @unchecked: every field is read and written with `lock` held.
    private let lock = NSLock()
    private var current: Date
    private var nextID = 0
    private var sleepers: [Int: (deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = [:]

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = start
    }

    var now: Date {
        lock.withLock { current }
    }

    func advance(by duration: Duration) {
        let due = lock.withLock {
            current = current.addingTimeInterval(duration.timeInterval)
            let due = sleepers.filter { $0.value.deadline <= current }
            for id in due.keys { sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    func sleep(until deadline: Date) async throws {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = lock.withLock {
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= current { return .success(()) }
                    sleepers[id] = (deadline, continuation)
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

// MARK: - Calls

/// Records every call; each must pass the master's stateless validation.
final class RecordingSender: MesosCallSender, @unchecked Sendable {
    // @unchecked: every field is read and written with `lock` held.
    private let lock = NSLock()
    private var pending: [Call] = []
    private(set) var history: [Call] = []
    /// Calls of these types fail (the master refused them).
    var failing: Set<String> = []
    /// Looks at each call as it is sent (e.g. at what the store holds then).
    private var inspector: (@Sendable (Call) async -> Void)?

    struct Refused: Error {}

    func inspect(_ inspector: @escaping @Sendable (Call) async -> Void) {
        lock.withLock { self.inspector = inspector }
    }

    func send(_ call: Call) async throws {
        if let problem = call.validationError {
            Issue.record("the scheduler sent an invalid \(call.type.wireName): \(problem)")
        }
        if let inspector = lock.withLock({ self.inspector }) {
            await inspector(call)
        }
        let fails = lock.withLock {
            let fails = failing.contains(call.type.wireName)
            if !fails {
                pending.append(call)
                history.append(call)
            }
            return fails
        }
        if fails { throw Refused() }
    }

    /// The calls sent since the last `take`.
    func take() -> [Call] {
        lock.lock()
        defer { lock.unlock() }
        let calls = pending
        pending = []
        return calls
    }

    var all: [Call] {
        lock.lock()
        defer { lock.unlock() }
        return history
    }

    func setFailing(_ types: Set<String>) {
        lock.lock()
        failing = types
        lock.unlock()
    }
}

extension Array where Element == Call {
    func ofType(_ type: Call.CallType) -> [Call] { filter { $0.type == type } }

    /// Every task launched by these calls.
    var launchedTasks: [TaskInfo] {
        flatMap { call in
            (call.accept?.operations ?? []).flatMap { $0.launch?.taskInfos ?? [] }
        }
    }

    var killedTaskIDs: [String] { compactMap { $0.kill?.taskID.value } }
}

// MARK: - Readiness

/// Readiness answers set by the test.
final class FakeReadinessProbe: BrokerReadinessProbe, @unchecked Sendable {
    // @unchecked: every field is read and written with `lock` held.
    private let lock = NSLock()
    private var replicaStatus: [Int: ReplicaSyncStatus] = [:]
    private var continuations: [AsyncStream<[Int: BrokerRegistration]>.Continuation] = []
    private(set) var checks: [(broker: Int, endpoints: [String])] = []

    func registrations() -> AsyncStream<[Int: BrokerRegistration]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [Int: BrokerRegistration].self)
        lock.lock()
        continuations.append(continuation)
        lock.unlock()
        return stream
    }

    func publish(_ registrations: [Int: BrokerRegistration]) {
        lock.lock()
        let all = continuations
        lock.unlock()
        for continuation in all { continuation.yield(registrations) }
    }

    func setReplicaStatus(_ status: ReplicaSyncStatus, for broker: Int) {
        lock.lock()
        replicaStatus[broker] = status
        lock.unlock()
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "Kafka is unavailable" }
    }

    func replicaSyncStatus(ofBroker id: Int, endpoints: [String]) async throws -> ReplicaSyncStatus {
        let status = lock.withLock {
            checks.append((id, endpoints))
            return replicaStatus[id]
        }
        guard let status else { throw Unavailable() }
        return status
    }
}

// MARK: - A simulated Mesos cluster

/// Agents with resources, applying the scheduler's ACCEPTs with the Mesos module's arithmetic (an invalid
/// operation is a test failure), running launched tasks at once and answering kills and reconciliation.
final class SimulatedCluster {
    struct Agent {
        var id: AgentID
        var hostname: String
        var free: Resources
        var tasks: [String: TaskInfo] = [:]
        var reachable = true
    }

    let frameworkID: FrameworkID
    let role: String
    var agents: [Agent]
    var suppressed = false
    /// Offers in the pre-refinement reservation format.
    var preRefinement = false
    private var offerSequence = 0
    private var outstanding: [String: Int] = [:]
    /// Kafka's registrations as the brokers make them: a new one for each task that runs.
    private(set) var registrations: [Int: BrokerRegistration] = [:]
    private var registeredTasks: [Int: String] = [:]
    private var creationSequence: Int64 = 100

    /// Registers each broker whose task runs (a new registration per task) and drops the others; true when
    /// something changed.
    func updateRegistrations() -> Bool {
        var next: [Int: BrokerRegistration] = [:]
        for (broker, taskID) in runningBrokerTasks {
            if registeredTasks[broker] == taskID, let existing = registrations[broker] {
                next[broker] = existing
            } else {
                creationSequence += 1
                next[broker] = BrokerRegistration(creationID: creationSequence, host: "host", port: 9092)
                registeredTasks[broker] = taskID
            }
        }
        defer { registrations = next }
        return next != registrations
    }

    init(
        frameworkID: FrameworkID = "fw-1", role: String = "kafka-role", agents: Int = 3, cpus: Double = 4,
        mem: Double = 8192, disk: Double = 20000, ports: ClosedRange<UInt64> = 31000...31099,
        mountDisks: [Double] = []
    ) {
        self.frameworkID = frameworkID
        self.role = role
        self.agents = (0..<agents).map { index in
            var resources: [Resource] = [.cpus(cpus), .mem(mem), .disk(disk), .ports(ports)]
            for (number, size) in mountDisks.enumerated() {
                resources.append(Resource.disk(size).onDisk(.mount(root: "/mnt/disk\(number)")))
            }
            return Agent(
                id: AgentID("agent-\(index)"), hostname: "host-\(index)",
                free: Resources(resources.allocated(to: role)))
        }
    }

    /// One offer per reachable agent with free resources.
    func makeOffers() -> [Offer] {
        var offers: [Offer] = []
        for (index, agent) in agents.enumerated() where agent.reachable && !agent.free.isEmpty {
            offerSequence += 1
            let id = OfferID("offer-\(offerSequence)")
            outstanding[id.value] = index
            var offer = Offer(
                id: id, frameworkID: frameworkID, agentID: agent.id, hostname: agent.hostname,
                resources: Array(agent.free.resources), allocationInfo: .init(role: role))
            if preRefinement { offer = (try? offer.formatted(multiRole: true, reservationRefinement: false)) ?? offer }
            offers.append(offer)
        }
        return offers
    }

    func agentIndex(ofTask taskID: String) -> Int? {
        agents.firstIndex { $0.tasks[taskID] != nil }
    }

    func task(_ taskID: String) -> TaskInfo? {
        agentIndex(ofTask: taskID).flatMap { agents[$0].tasks[taskID] }
    }

    /// The running task of each broker.
    var runningBrokerTasks: [Int: String] {
        var result: [Int: String] = [:]
        for agent in agents where agent.reachable {
            for taskID in agent.tasks.keys {
                if let broker = BrokerTaskID.brokerID(of: taskID) { result[broker] = taskID }
            }
        }
        return result
    }

    /// Applies the calls; answers with the status updates the master and agents would send.
    func process(_ calls: [Call]) -> [TaskStatus] {
        var updates: [TaskStatus] = []
        for call in calls {
            switch call.type {
            case .accept:
                guard let accept = call.accept else { continue }
                for offerID in accept.offerIDs {
                    guard let index = outstanding.removeValue(forKey: offerID.value) else {
                        Issue.record("ACCEPT of an unknown or used offer \(offerID)")
                        continue
                    }
                    var pool = agents[index].free
                    var launched: [TaskInfo] = []
                    for operation in accept.operations {
                        let normalized = operation.toPostRefinement()
                        do {
                            pool = try pool.applying(normalized)
                        } catch {
                            Issue.record("the master would refuse \(operation.type.wireName): \(error)")
                            continue
                        }
                        if let tasks = normalized.launch?.taskInfos { launched += tasks }
                    }
                    agents[index].free = pool
                    for task in launched {
                        agents[index].tasks[task.taskID.value] = task
                        updates.append(status(task.taskID.value, .running, agent: agents[index].id))
                    }
                }
            case .decline:
                for offerID in call.decline?.offerIDs ?? [] { outstanding[offerID.value] = nil }
            case .kill:
                guard let taskID = call.kill?.taskID.value else { continue }
                if let index = agentIndex(ofTask: taskID) {
                    guard agents[index].reachable else { continue }
                    let task = agents[index].tasks.removeValue(forKey: taskID)!
                    agents[index].free.add(Resources(task.resources))
                    updates.append(status(taskID, .killed, agent: agents[index].id))
                }
            case .suppress:
                suppressed = true
            case .revive:
                suppressed = false
            case .reconcile:
                let tasks = call.reconcile?.tasks ?? []
                if tasks.isEmpty {
                    for agent in agents where agent.reachable {
                        for taskID in agent.tasks.keys.sorted() {
                            updates.append(reconciliation(taskID, .running, agent: agent.id))
                        }
                    }
                } else {
                    for task in tasks {
                        if let index = agentIndex(ofTask: task.taskID.value) {
                            updates.append(
                                reconciliation(
                                    task.taskID.value, agents[index].reachable ? .running : .unreachable,
                                    agent: agents[index].id))
                        } else {
                            updates.append(reconciliation(task.taskID.value, .gone, agent: task.agentID))
                        }
                    }
                }
            default:
                break
            }
        }
        return updates
    }

    /// The task's process dies.
    func crash(_ taskID: String) -> TaskStatus? {
        guard let index = agentIndex(ofTask: taskID) else { return nil }
        let task = agents[index].tasks.removeValue(forKey: taskID)!
        agents[index].free.add(Resources(task.resources))
        return status(taskID, .failed, agent: agents[index].id, message: "Command exited with status 1")
    }

    /// The agent drops off the network: its tasks become unreachable.
    func partition(agent index: Int) -> [TaskStatus] {
        agents[index].reachable = false
        return agents[index].tasks.keys.sorted().map { taskID in
            TaskStatus(
                taskID: TaskID(taskID), state: .unreachable, message: "Agent removed", source: .master,
                reason: .agentRemoved, agentID: agents[index].id, timestamp: 1_700_000_000)
        }
    }

    func status(_ taskID: String, _ state: TaskState, agent: AgentID?, message: String? = nil) -> TaskStatus {
        TaskStatus(
            taskID: TaskID(taskID), state: state, message: message, source: .executor, agentID: agent,
            timestamp: 1_700_000_000, uuid: MesosUUID.randomBytes())
    }

    func reconciliation(_ taskID: String, _ state: TaskState, agent: AgentID?) -> TaskStatus {
        TaskStatus(
            taskID: TaskID(taskID), state: state, message: "Reconciliation: latest task state", source: .master,
            reason: .reconciliation, agentID: agent, timestamp: 1_700_000_000)
    }
}

// MARK: - The scheduler under test

/// A scheduler core with an in-memory (or given) store, a recording sender, a manual clock and a fake
/// readiness probe, driven one input at a time; optionally wired to a simulated cluster.
final class SchedulerHarness {
    let store: any StateStore
    let clock: ManualClock
    let sender = RecordingSender()
    let probe = FakeReadinessProbe()
    let publisher: SnapshotPublisher
    let core: SchedulerCore
    let cluster: SimulatedCluster
    /// Brokers register with Kafka as soon as their task runs.
    var autoRegister = true
    private var registrationsSent: [Int: BrokerRegistration]?

    init(
        configuration: ServiceConfiguration, options: SchedulerOptions = SchedulerOptions(),
        store: any StateStore = InMemoryStateStore(), clock: ManualClock = ManualClock(),
        cluster: SimulatedCluster = SimulatedCluster()
    ) {
        self.store = store
        self.clock = clock
        self.cluster = cluster
        publisher = SnapshotPublisher(
            .starting(
                frameworkName: configuration.service.name, kafkaZookeeper: configuration.kafka.kafkaZkURI,
                health: HealthSnapshot(isLeader: false, isSubscribed: false, isZooKeeperConnected: true)))
        core = SchedulerCore(
            configuration: configuration,
            state: SchedulerStateStore(
                store: store, layout: StateLayout(frameworkName: configuration.service.name), logger: quietLogger),
            sender: sender, readiness: probe, clock: clock, options: options, publisher: publisher,
            logger: quietLogger)
    }

    var snapshot: SchedulerSnapshot { publisher.current }
    var plan: PlanSnapshot { snapshot.plan }
    var blockStatuses: [PlanStatus] { plan.phases.last?.blocks.map(\.status) ?? [] }

    func handle(_ input: CoreInput) async {
        await core.handle(input)
        await drainWork()
    }

    /// Runs a REST command through the scheduler's input handling (so that it settles afterwards).
    func command(_ command: SchedulerCommand) async -> Result<SchedulerCommandOutput, SchedulerControlError> {
        let box = AnswerBox()
        await handle(.command(command, CommandReply { box.set($0) }))
        return box.answer ?? .failure(.notReady(reason: "no answer"))
    }

    func planCommand(_ command: PlanCommand) async throws -> PlanCommandResult {
        guard case .plan(let result) = try await self.command(.plan(command)).get() else {
            throw SchedulerControlError.notReady(reason: "not a plan result")
        }
        return result
    }

    func send(_ input: SchedulerInput) async {
        await handle(.external(input))
    }

    func event(_ event: Event) async {
        await send(.event(event))
    }

    /// Runs background work (replica checks) and hands its results back.
    func drainWork() async {
        while true {
            let work = await core.takeWork()
            if work.isEmpty { return }
            for item in work {
                await core.handle(await item.run())
            }
        }
    }

    /// Moves time on and fires the timers that are due.
    func advance(by duration: Duration) async {
        clock.advance(by: duration)
        await handle(.timersDue)
    }

    /// Leader, subscribed as the cluster's framework.
    func start() async {
        await send(.leadershipAcquired)
        await send(.subscribed(frameworkID: cluster.frameworkID, masterInfo: nil))
    }

    /// Sets Kafka's registrations directly.
    func setRegistrations(_ registrations: [Int: BrokerRegistration]) async {
        registrationsSent = registrations
        await handle(.registrations(registrations))
    }

    /// Registers each broker whose task runs in the cluster (a new registration per task), removes the others.
    func syncRegistrations() async {
        _ = cluster.updateRegistrations()
        if cluster.registrations != registrationsSent { await setRegistrations(cluster.registrations) }
    }

    /// Delivers the calls sent so far to the cluster and its answers to the scheduler, then (unless
    /// suppressed) one round of offers. Returns the calls delivered.
    @discardableResult
    func round(offers: Bool = true) async -> [Call] {
        let calls = sender.take()
        for update in cluster.process(calls) {
            await event(.update(update))
        }
        if autoRegister { await syncRegistrations() }
        if offers && !cluster.suppressed {
            let offers = cluster.makeOffers()
            if !offers.isEmpty { await event(.offers(offers)) }
        }
        return calls
    }

    /// Rounds until `condition` holds (or `limit` rounds passed); returns every call delivered.
    @discardableResult
    func run(limit: Int = 40, until condition: (SchedulerHarness) -> Bool) async -> [Call] {
        var calls: [Call] = []
        for _ in 0..<limit {
            if condition(self) { break }
            calls += await round()
        }
        return calls
    }

    /// Delivers the remaining calls to the cluster without offers.
    func flush() async {
        _ = await round(offers: false)
    }

    var planComplete: Bool { snapshot.planComplete }

    func record(_ broker: Int) async -> BrokerRecord? {
        await core.records[broker]
    }
}

/// The plan snapshot's broker blocks as `name: status` for messages.
func describe(_ plan: PlanSnapshot) -> String {
    plan.phases.map { phase in
        phase.name + ": "
            + phase.blocks.map { "\($0.name)=\($0.status.rawValue) (\($0.message))" }.joined(separator: ", ")
    }.joined(separator: " | ") + " errors=\(plan.errors)"
}

/// Holds a command's answer.
final class AnswerBox: @unchecked Sendable {
    // @unchecked: `value` is read and written with `lock` held.
    private let lock = NSLock()
    private var value: Result<SchedulerCommandOutput, SchedulerControlError>?

    func set(_ answer: Result<SchedulerCommandOutput, SchedulerControlError>) {
        lock.withLock { value = answer }
    }

    var answer: Result<SchedulerCommandOutput, SchedulerControlError>? {
        lock.withLock { value }
    }
}

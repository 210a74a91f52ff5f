import Foundation
import KafkaAdmin
import Logging
import Mesos
import Plan

/// What the scheduler's loop handles, in order: the outside world's inputs, its own timers, readiness news
/// and REST commands.
enum CoreInput: Sendable {
    case external(SchedulerInput)
    /// One or more timers are due (see `SchedulerCore.nextDeadline`).
    case timersDue
    /// Kafka's broker registrations changed.
    case registrations([Int: BrokerRegistration])
    /// A replica check of `broker` finished.
    case replicaCheck(broker: Int, ReadinessGate.ReplicaCheck)
    /// A REST command, answered through `reply`.
    case command(SchedulerCommand, CommandReply)
}

/// A REST command.
enum SchedulerCommand: Sendable, Equatable {
    case restart(broker: Int)
    case replace(broker: Int)
    case plan(PlanCommand)
}

/// A command's answer.
enum SchedulerCommandOutput: Sendable, Equatable {
    case taskIDs([String])
    case plan(PlanCommandResult)
}

/// Answers a command once; a reply dropped unanswered (the loop stopped) answers `notLeader`.
final class CommandReply: @unchecked Sendable {
    typealias Answer = Result<SchedulerCommandOutput, SchedulerControlError>

    // @unchecked: `deliver` is read and cleared only with `lock` held, and called outside it.
    private let lock = NSLock()
    private var deliver: (@Sendable (Answer) -> Void)?

    init(_ deliver: @escaping @Sendable (Answer) -> Void) {
        self.deliver = deliver
    }

    convenience init(_ continuation: CheckedContinuation<Answer, Never>) {
        self.init { continuation.resume(returning: $0) }
    }

    func callAsFunction(_ answer: Answer) {
        let pending = lock.withLock {
            defer { deliver = nil }
            return deliver
        }
        pending?(answer)
    }

    deinit {
        self(.failure(.notLeader(leader: nil)))
    }
}

/// Work the loop runs off the actor (a replica check over the network); its result comes back as an input.
struct BackgroundWork: Sendable {
    let run: @Sendable () async -> CoreInput
}

/// The timers the scheduler keeps.
enum TimerKey: Hashable, Sendable {
    case reconcile
    case readiness
    case relaunch(Int)
    case autoReplace(Int)
    case stateRetry
}

/// The scheduler's state and its handling of each input. One actor, driven by one loop (`KafkaScheduler.run`)
/// or, in tests, directly: `handle(_:)` one input at a time, timers fired by the test's clock.
///
/// Decisions are made by pure types (`PlanEngine`, `OfferEvaluator`, `Reconciler`, `BrokerPlanner`,
/// `ReadinessGate`, `BrokerTaskFactory`); the actor stores state, sends calls and publishes snapshots.
actor SchedulerCore {
    // MARK: Fixed

    let environmentConfiguration: ServiceConfiguration
    let state: SchedulerStateStore
    let sender: any MesosCallSender
    let readiness: any BrokerReadinessProbe
    let clock: any SchedulerClock
    let options: SchedulerOptions
    let publisher: SnapshotPublisher
    let logger: Logger
    let metrics = SchedulerMetrics()
    let factory: BrokerTaskFactory
    var layout: StateLayout { state.layout }
    var timings: SchedulerTimings { options.timings }

    // MARK: Instance

    var isLeader = false
    var leaderHint: String?
    var zooKeeperConnected = true
    /// The state is loaded and the scheduler may act.
    var isReady = false
    var stateProblem: String?
    /// A problem no retry can fix: the loop stops with it.
    var fatal: SchedulerStateError?

    // MARK: Mesos

    /// The stored framework id.
    var frameworkID: FrameworkID?
    var isSubscribed = false
    var subscriptionProblem: String?
    /// A subscription that arrived while the state was still being read: acted on once it is read.
    var pendingSubscription: FrameworkID?
    var reconciler: Reconciler
    /// Whether offers are suppressed; nil when unknown (after a subscription).
    var offersSuppressed: Bool?
    /// Brokers that needed an offer after the last input: a new one means REVIVE.
    var brokersWantingOffers: Set<Int> = []
    /// Look at one round of offers for reserved resources nobody owns.
    var cleanupSweepPending = false

    // MARK: Configurations and plan

    var configurations = StoredConfigurations()
    var configurationErrors: [String] = []
    var plan: PlanEngine?
    /// The plan's progress as last stored; a different `plan.progress` is stored after the input.
    var savedProgress: PlanProgress?

    // MARK: Brokers

    var records: [Int: BrokerRecord] = [:]
    var registrations: [Int: BrokerRegistration] = [:]
    var replicaChecks: [Int: ReadinessGate.ReplicaCheck] = [:]
    var replicaChecksRunning: Set<Int> = []
    var gateWaitingSince: [Int: Date] = [:]
    var nextReadinessPoll: Date?

    // MARK: Timers and work

    var timers: [TimerKey: Date] = [:]
    var pendingWork: [BackgroundWork] = []

    init(
        configuration: ServiceConfiguration, state: SchedulerStateStore, sender: any MesosCallSender,
        readiness: any BrokerReadinessProbe, clock: any SchedulerClock, options: SchedulerOptions,
        publisher: SnapshotPublisher, logger: Logger
    ) {
        self.environmentConfiguration = configuration
        self.state = state
        self.sender = sender
        self.readiness = readiness
        self.clock = clock
        self.options = options
        self.publisher = publisher
        self.logger = logger
        self.factory = BrokerTaskFactory(layout: state.layout)
        self.reconciler = Reconciler(
            timing: Reconciler.Timing(
                initialBackoff: options.timings.reconcileInitialBackoff,
                maximumBackoff: options.timings.reconcileMaximumBackoff,
                periodicInterval: options.timings.periodicReconcileInterval))
    }

    var now: Date { clock.now }

    /// The number of brokers the service manages: the target's count (the environment's without a target).
    var brokerCount: Int {
        (configurations.target ?? environmentConfiguration).service.brokerCount
    }

    // MARK: Inputs

    /// Handles one input completely (stores, calls, snapshot) before returning.
    func handle(_ input: CoreInput) async {
        switch input {
        case .external(let external):
            await handleExternal(external)
        case .timersDue:
            await fireTimers()
        case .registrations(let current):
            registrations = current
        case .replicaCheck(let broker, let result):
            replicaChecksRunning.remove(broker)
            replicaChecks[broker] = result
        case .command(let command, let reply):
            reply(await execute(command))
        }
        await settle()
        publishSnapshot()
    }

    private func handleExternal(_ input: SchedulerInput) async {
        switch input {
        case .leadershipAcquired:
            await acquireLeadership()
        case .leadershipLost(let reason, let leader):
            loseLeadership(reason: reason, leader: leader)
        case .leaderElsewhere(let leader):
            // Only a hint for answers while this instance waits; never a reason to stop acting.
            if !isLeader { leaderHint = leader }
        case .subscribed(let frameworkID, _):
            await subscribed(frameworkID)
        case .event(let event):
            await handleEvent(event)
        case .disconnected(let reason):
            disconnected(reason: reason)
        case .zooKeeperConnection(let connected):
            zooKeeperConnected = connected
        }
    }

    /// Work to run off the actor; the loop takes it after each input.
    func takeWork() -> [BackgroundWork] {
        defer { pendingWork.removeAll() }
        return pendingWork
    }

    /// The earliest timer, if any.
    var nextDeadline: Date? { timers.values.min() }

    /// The loop must stop: the stored state cannot be used by this build.
    var fatalError: SchedulerStateError? { fatal }

    // MARK: Calls

    /// Sends a call; failures are logged and answered with false (the caller decides what it means).
    @discardableResult
    func send(_ call: Call) async -> Bool {
        do {
            try await sender.send(call)
            return true
        } catch {
            logger.warning(
                "A call to the Mesos master failed", metadata: ["call": "\(call.type.wireName)", "error": "\(error)"])
            return false
        }
    }

    func sendReconcile(_ actions: [Reconciler.Action]) async {
        guard let frameworkID else { return }
        for action in actions {
            switch action {
            case .reconcile(let tasks):
                metrics.explicitReconciliations.increment()
                logger.info("Reconciling tasks", metadata: ["tasks": "\(tasks.map(\.taskID.value))"])
                await send(.reconcile(frameworkID: frameworkID, tasks: tasks))
            case .reconcileImplicitly:
                metrics.implicitReconciliations.increment()
                await send(.reconcile(frameworkID: frameworkID))
            }
        }
    }
}

import Foundation
import Logging
import Plan
import ServiceLifecycle
import StateStore

/// The Kafka scheduler: keeps the brokers of the stored target configuration running on reserved resources
/// with persistent volumes, rolls configuration changes through the plan, and recovers failed brokers.
///
/// It acts only on its inputs, handled one at a time in order: the daemon `submit`s what the leader lock and
/// the Mesos client report, the REST API calls `SchedulerControl`, and the scheduler's own timers and
/// readiness probe feed it too. Calls go out through `MesosCallSender`; state lives in the `StateStore`; after
/// each input a new `SchedulerSnapshot` is published for readers.
///
/// ```swift
/// let scheduler = KafkaScheduler(
///     configuration: environment.configuration, options: SchedulerOptions(settings: environment.settings),
///     store: ZooKeeperStateStore(client: zk, root: "/"), sender: client, readiness: probe)
/// // in a ServiceGroup, or: Task { try await scheduler.run() }
/// scheduler.submit(.leadershipAcquired)            // from the leader lock
/// for await event in client.events { … scheduler.submit(.event(…)) }   // from the Mesos client
/// ```
public final class KafkaScheduler: SchedulerControl, Service {
    /// Where the state lives and how its paths are laid out.
    public let state: SchedulerStateStore
    let core: SchedulerCore
    let publisher: SnapshotPublisher
    let clock: any SchedulerClock
    let readiness: any BrokerReadinessProbe
    let logger: Logger
    private let inputs: AsyncStream<CoreInput>
    private let continuation: AsyncStream<CoreInput>.Continuation

    /// - Parameters:
    ///   - configuration: the configuration from the environment (`SchedulerEnvironment.configuration`); it
    ///     becomes the target when it is new and valid.
    ///   - options: auto-replace and timings.
    ///   - store: the state store; paths follow `StateLayout` (open a `ZooKeeperStateStore` at `/`).
    ///   - sender: sends calls to the master of the current subscription.
    ///   - readiness: Kafka's broker registrations and replica sync, for `BROKER_READY_CHECK`.
    ///   - clock: the time; the system's clock unless a test controls it.
    public init(
        configuration: ServiceConfiguration, options: SchedulerOptions = SchedulerOptions(), store: any StateStore,
        sender: any MesosCallSender, readiness: any BrokerReadinessProbe,
        clock: any SchedulerClock = SystemSchedulerClock(),
        logger: Logger = Logger(label: "kafka-scheduler.scheduler")
    ) {
        let layout = StateLayout(frameworkName: configuration.service.name)
        self.state = SchedulerStateStore(store: store, layout: layout, logger: logger)
        self.publisher = SnapshotPublisher(
            .starting(
                frameworkName: configuration.service.name, kafkaZookeeper: configuration.kafka.kafkaZkURI,
                health: HealthSnapshot(
                    isLeader: false, isSubscribed: false, isZooKeeperConnected: true,
                    reasons: ["waiting for the leader lock"])))
        self.clock = clock
        self.readiness = readiness
        self.logger = logger
        self.core = SchedulerCore(
            configuration: configuration, state: state, sender: sender, readiness: readiness, clock: clock,
            options: options, publisher: publisher, logger: logger)
        (inputs, continuation) = AsyncStream.makeStream(of: CoreInput.self, bufferingPolicy: .unbounded)
    }

    // MARK: Inputs

    /// Hands an input to the scheduler; it is handled after the ones submitted before it. Never blocks.
    public func submit(_ input: SchedulerInput) {
        continuation.yield(.external(input))
    }

    /// Submits every input of `sequence` until it ends (for example the mapped events of the Mesos client).
    public func submitAll<S: AsyncSequence & Sendable>(_ sequence: S) async throws where S.Element == SchedulerInput {
        for try await input in sequence {
            submit(input)
        }
    }

    // MARK: Running

    /// Handles inputs until the task is cancelled or a graceful shutdown begins.
    ///
    /// - Throws: `SchedulerStateError.unsupportedSchemaVersion` when the stored state was written by a newer
    ///   layout: the daemon must stop rather than act on state it does not understand.
    public func run() async throws {
        let continuation = self.continuation
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await loop()
            } onCancel: {
                continuation.finish()
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }

    private func loop() async throws {
        let continuation = self.continuation
        let readiness = self.readiness
        let clock = self.clock
        let registrations = Task {
            for await current in readiness.registrations() {
                continuation.yield(.registrations(current))
            }
        }
        var timer: Task<Void, Never>?
        var armed: Date?
        defer {
            registrations.cancel()
            timer?.cancel()
        }
        var fatal: SchedulerStateError?
        for await input in inputs {
            if let fatal {
                // Stopping: answer what is still queued, act on nothing.
                if case .command(_, let reply) = input { reply(.failure(.notReady(reason: fatal.description))) }
                continue
            }
            if case .timersDue = input {
                // That timer is spent; whatever is still pending gets a new one below.
                armed = nil
                timer = nil
            }
            await core.handle(input)
            if let error = await core.fatalError {
                fatal = error
                continuation.finish()
                continue
            }
            for work in await core.takeWork() {
                Task { continuation.yield(await work.run()) }
            }
            let next = await core.nextDeadline
            if next != armed {
                timer?.cancel()
                armed = next
                timer = next.map { deadline in
                    Task {
                        do {
                            try await clock.sleep(until: deadline)
                            continuation.yield(.timersDue)
                        } catch {
                            // Cancelled: another deadline replaced this one.
                        }
                    }
                }
            }
        }
        if let fatal { throw fatal }
    }

    // MARK: SchedulerControl

    public var snapshot: SchedulerSnapshot { publisher.current }

    public func restartBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        guard case .taskIDs(let ids) = try await command(.restart(broker: id)) else { return [] }
        return ids
    }

    public func replaceBroker(_ id: Int) async throws(SchedulerControlError) -> [String] {
        guard case .taskIDs(let ids) = try await command(.replace(broker: id)) else { return [] }
        return ids
    }

    public func applyPlanCommand(_ command: PlanCommand) async throws(SchedulerControlError) -> PlanCommandResult {
        guard case .plan(let result) = try await self.command(.plan(command)) else {
            throw .notReady(reason: "the plan command had no result")
        }
        return result
    }

    private func command(_ command: SchedulerCommand) async throws(SchedulerControlError) -> SchedulerCommandOutput {
        let continuation = self.continuation
        let result = await withCheckedContinuation {
            (waiter: CheckedContinuation<Result<SchedulerCommandOutput, SchedulerControlError>, Never>) in
            let reply = CommandReply(waiter)
            if case .terminated = continuation.yield(.command(command, reply)) {
                reply(.failure(.notLeader(leader: nil)))
            }
        }
        return try result.get()
    }
}

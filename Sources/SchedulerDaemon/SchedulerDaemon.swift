import Foundation
import KafkaAdmin
import KafkaFramework
import Logging
import Mesos
import Prometheus
import SchedulerAPI
import ServiceLifecycle
import StateStore
import Synchronization
import ZooKeeper

/// The `kafka-scheduler` daemon: the REST API, the ZooKeeper sessions, the leader lock, the Mesos client of
/// each leadership term and the scheduler, run as one `ServiceGroup`.
///
/// The REST API listens at once, so that `/health` tells why the instance is not ready. ZooKeeper is then
/// connected (an unreachable ensemble is retried, never fatal), the scheduler is built and the instance
/// contends for the leader lock. Only while it holds the lock does it subscribe to Mesos and act; when the
/// lock is lost it stops acting at once, closes its subscription and contends again. SIGTERM and SIGINT stop
/// it gracefully: the subscription is closed without TEARDOWN (the brokers keep running and the next
/// instance takes them over), the lock is released and ZooKeeper closed.
public struct SchedulerDaemon: Sendable {
    /// The product's version, answered by `GET /`.
    public static let version = "0.1.0"

    public let environment: SchedulerEnvironment
    /// Where the daemon's metrics are written; `/metrics` reads it.
    public let registry: PrometheusCollectorRegistry
    /// The source revision answered by `GET /`.
    public let commit: String
    let logger: Logger

    public init(
        environment: SchedulerEnvironment, registry: PrometheusCollectorRegistry, commit: String,
        logger: Logger = Logger(label: "kafka-scheduler.daemon")
    ) {
        self.environment = environment
        self.registry = registry
        self.commit = commit
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT, or until something fatal happens (the REST port cannot be bound, the
    /// stored state was written by a newer version).
    public func run() async throws {
        let settings = environment.settings
        let configuration = environment.configuration
        let control = DaemonControl(
            frameworkName: configuration.service.name, kafkaZookeeper: configuration.kafka.kafkaZkURI,
            reason: "connecting to ZooKeeper at \(settings.zookeeper)")
        let admin = KafkaAdminClient(bootstrapServers: [])
        let topics = DaemonTopics(KafkaTopicOperations(client: admin, settings: settings))
        let api = APIServer(
            configuration: APIConfiguration(
                settings: settings, frameworkName: configuration.service.name, version: Self.version, commit: commit),
            control: control, topics: topics, registry: registry, logger: Logger(label: "kafka-scheduler.api"))
        let core = DaemonCore(
            environment: environment, control: control, topics: topics, admin: admin, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: api.makeService(), serviceName: "rest-api"),
                    .init(service: core, serviceName: "scheduler"),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Everything but the REST API: ZooKeeper, the leader lock, Mesos and the scheduler.
struct DaemonCore: Service {
    let environment: SchedulerEnvironment
    let control: DaemonControl
    let topics: DaemonTopics
    let admin: KafkaAdminClient
    let logger: Logger

    var settings: SchedulerSettings { environment.settings }
    var configuration: ServiceConfiguration { environment.configuration }
    var layout: StateLayout { StateLayout(frameworkName: configuration.service.name) }

    /// `host:port` of this instance's REST API, as other instances and operators reach it.
    var apiAddress: String {
        let host = ["0.0.0.0", "::", "[::]"].contains(settings.apiHost) ? ProcessInfo.processInfo.hostName : settings.apiHost
        return "\(host):\(settings.apiPort)"
    }

    func run() async throws {
        let credentials = settings.zookeeperAuth?.digestCredentials
        guard
            let zooKeeper = await cancelWhenGracefulShutdown({
                await connect(settings.zookeeper, credentials: credentials, purpose: "the scheduler's state")
            })
        else { return }
        let kafkaZooKeeper: ZooKeeperClient
        if configuration.kafka.kafkaZkURI == settings.zookeeper {
            kafkaZooKeeper = zooKeeper
        } else {
            control.setStartingReason("connecting to Kafka's ZooKeeper at \(configuration.kafka.kafkaZkURI)")
            guard
                let connected = await cancelWhenGracefulShutdown({
                    await connect(configuration.kafka.kafkaZkURI, credentials: nil, purpose: "Kafka's registrations")
                })
            else {
                await zooKeeper.close()
                return
            }
            kafkaZooKeeper = connected
        }

        var failure: (any Error)?
        do {
            try await serve(zooKeeper: zooKeeper, kafkaZooKeeper: kafkaZooKeeper)
        } catch {
            failure = error
        }
        if kafkaZooKeeper !== zooKeeper { await kafkaZooKeeper.close() }
        await zooKeeper.close()
        logger.info("Stopped")
        if let failure { throw failure }
    }

    /// Connects to `connectString`, trying again with growing pauses until it works or the task is cancelled.
    private func connect(_ connectString: String, credentials: String?, purpose: String) async -> ZooKeeperClient? {
        let backoff = Backoff(initial: .seconds(1), cap: .seconds(15))
        var attempt = 0
        while !Task.isCancelled {
            do {
                let client = try await ZooKeeperClient.connect(
                    connectString: connectString, sessionTimeout: .seconds(15), connectTimeout: .seconds(10),
                    credentials: credentials, logger: Logger(label: "kafka-scheduler.zookeeper"))
                logger.info("Connected to ZooKeeper", metadata: ["zookeeper": "\(connectString)", "for": "\(purpose)"])
                return client
            } catch {
                let delay = backoff.delay(attempt: attempt)
                attempt += 1
                logger.error(
                    "ZooKeeper cannot be reached; trying again",
                    metadata: [
                        "zookeeper": "\(connectString)", "for": "\(purpose)", "error": "\(error)",
                        "retryIn": "\(delay)",
                    ])
                control.setStartingReason("ZooKeeper at \(connectString) cannot be reached: \(error)")
                try? await Task.sleep(for: delay)
            }
        }
        return nil
    }

    private func serve(zooKeeper: ZooKeeperClient, kafkaZooKeeper: ZooKeeperClient) async throws {
        let layout = self.layout
        // The service's root is Kafka's chroot too: it stays open even when the scheduler's own nodes get
        // creator-only ACLs (ZOOKEEPER_AUTH), or Kafka could not register below it.
        try await ensureServiceRoot(on: kafkaZooKeeper)
        if kafkaZooKeeper !== zooKeeper { try await ensureServiceRoot(on: zooKeeper) }

        let store = try await ZooKeeperStateStore(client: zooKeeper, root: "/")
        let probe = KafkaReadinessProbe(zooKeeper: kafkaZooKeeper, layout: layout, admin: admin)
        let sender = MesosSenderSwitch()
        let scheduler = KafkaScheduler(
            configuration: configuration, options: SchedulerOptions(settings: settings), store: store, sender: sender,
            readiness: probe)
        let kafkaZNodes = ZooKeeperMetadataSource(client: kafkaZooKeeper, root: layout.root)
        topics.replace(with: KafkaTopicOperations(client: admin, zooKeeper: kafkaZNodes, settings: settings))
        control.install(scheduler)
        let lock = LeaderLock(client: zooKeeper, root: layout.root, identity: .current(apiAddress: apiAddress))

        defer { logger.info("Shutting down: the brokers keep running") }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await scheduler.run() }
                group.addTask { try? await gracefulShutdown() }
                group.addTask { await forwardSessionEvents(of: zooKeeper, to: scheduler) }
                group.addTask { await refreshBootstrapServers(registrations: kafkaZNodes) }
                group.addTask { await lead(lock: lock, scheduler: scheduler, sender: sender) }
                // The first to end is the shutdown (or the scheduler stopping on state it cannot use): then the
                // rest stops too; the Mesos client of the current term closes its stream without TEARDOWN.
                _ = try await group.next()
                group.cancelAll()
                try await group.waitForAll()
            }
        } catch {
            await lock.close()
            throw error
        }
        // Released promptly: a standby instance takes over without waiting for the session to expire.
        await lock.close()
    }

    private func ensureServiceRoot(on client: ZooKeeperClient) async throws {
        do {
            if try await client.exists(layout.root) == nil {
                try await client.create(layout.root, acl: .open, createParents: true)
            }
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Created meanwhile by another instance.
        }
    }

    private func forwardSessionEvents(of client: ZooKeeperClient, to scheduler: KafkaScheduler) async {
        for await event in client.sessionEvents() {
            switch event {
            case .connected, .sessionRenewed:
                scheduler.submit(.zooKeeperConnection(connected: true))
            case .connecting, .expired, .authFailed:
                scheduler.submit(.zooKeeperConnection(connected: false))
            case .closed:
                return
            }
        }
    }

    /// Keeps the Kafka client's bootstrap endpoints on the brokers the scheduler runs and those registered in
    /// Kafka's ZooKeeper.
    private func refreshBootstrapServers(registrations: ZooKeeperMetadataSource) async {
        let registered = Mutex<[String]>([])
        let watcher = Task {
            while !Task.isCancelled {
                do {
                    for try await endpoints in registrations.registeredEndpointUpdates() {
                        registered.withLock { $0 = endpoints }
                    }
                    return
                } catch {
                    logger.warning("Watching Kafka's broker registrations failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(5))
                }
            }
        }
        defer { watcher.cancel() }
        while !Task.isCancelled {
            let running = control.snapshot.brokers.compactMap(\.address)
            let endpoints = Array(Set(running + registered.withLock { $0 })).sorted()
            if !endpoints.isEmpty { admin.updateBootstrapServers(endpoints) }
            try? await Task.sleep(for: .seconds(2))
        }
    }

    /// Follows the leader lock: each time it is acquired, a term starts (subscribe, act); when it is lost,
    /// the term ends at once.
    private func lead(lock: LeaderLock, scheduler: KafkaScheduler, sender: MesosSenderSwitch) async {
        let events = lock.events()
        lock.start()
        // Names the holder of the lock in answers while this instance waits (the scheduler ignores it while
        // it leads, so a stale read is harmless).
        let hints = Task {
            var last: String??
            while !Task.isCancelled {
                // The leader itself needs no hint: it names no other instance.
                if !lock.isLeader, let holder = try? await lock.currentLeader() {
                    let address = holder == lock.identity ? nil : holder.apiAddress
                    if last != .some(address) {
                        last = .some(address)
                        scheduler.submit(.leaderElsewhere(leader: address))
                    }
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { hints.cancel() }
        var term: Task<Void, Never>?
        for await event in events {
            switch event {
            case .acquired:
                logger.info("Leader lock acquired", metadata: ["node": "\(lock.lockPath)"])
                term?.cancel()
                await term?.value
                scheduler.submit(.leadershipAcquired)
                term = Task { await serveTerm(scheduler: scheduler, sender: sender) }
            case .lost(let reason):
                logger.warning("Leader lock lost: stopping at once", metadata: ["reason": "\(reason)"])
                scheduler.submit(.leadershipLost(reason: "\(reason)", leader: nil))
                term?.cancel()
                await term?.value
                term = nil
            }
        }
        term?.cancel()
        await term?.value
    }

    /// One leadership term: subscribes with the stored framework id and hands the master's events to the
    /// scheduler until the term is cancelled.
    private func serveTerm(scheduler: KafkaScheduler, sender: MesosSenderSwitch) async {
        // Without the stored id a SUBSCRIBE would register a new framework and orphan the running brokers:
        // retry until the store answers.
        let backoff = Backoff(initial: .seconds(1), cap: .seconds(15))
        var attempt = 0
        var frameworkID: FrameworkID?
        while true {
            do {
                frameworkID = try await scheduler.state.loadFrameworkID()
                break
            } catch {
                guard !Task.isCancelled else { return }
                logger.error("The framework id cannot be read; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff.delay(attempt: attempt))
                attempt += 1
            }
        }
        guard !Task.isCancelled else { return }
        let client: MesosSchedulerClient
        do {
            client = try MesosSchedulerClient(
                configuration: .init(
                    master: masterSource,
                    frameworkInfo: .kafkaScheduler(
                        configuration: configuration, settings: settings, frameworkID: frameworkID,
                        hostname: ProcessInfo.processInfo.hostName, webuiURL: "http://\(apiAddress)"),
                    secret: settings.mesosSecret?.value, frameworkID: frameworkID),
                logger: Logger(label: "kafka-scheduler.mesos"))
        } catch {
            // The environment was validated: this means a master address the client cannot use.
            logger.critical("The Mesos client cannot be built", metadata: ["error": "\(error)"])
            scheduler.submit(.disconnected(reason: "the Mesos client cannot be built: \(error)"))
            return
        }
        logger.info(
            "Subscribing to Mesos",
            metadata: ["master": "\(settings.mesosMaster)", "frameworkID": "\(frameworkID?.value ?? "none")"])
        sender.use(client)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.run()
                } catch {
                    logger.error("The Mesos client stopped", metadata: ["error": "\(error)"])
                }
            }
            for await event in client.events {
                scheduler.submit(SchedulerInput(event))
            }
        }
        sender.clear(client)
    }

    private var masterSource: MasterSource {
        switch settings.mesosMaster {
        case .urls(let urls):
            return .urls(urls)
        case .zookeeper(let servers, let path, let credentials):
            return .zooKeeper(
                ZooKeeperMasterGroup(servers: servers, path: path, credentials: credentials?.digestCredentials))
        }
    }
}

import Foundation
import KafkaWire
import Logging
import Synchronization
import ZooKeeper

/// A stand-in for a Kafka broker, for development clusters without a Kafka distribution. Towards the
/// scheduler and Kafka clients it behaves like a one-broker cluster: it listens on its port and answers
/// ApiVersions and Metadata, registers `/brokers/ids/<id>` in ZooKeeper as Kafka 3.x does (again after a
/// session expiry), keeps `meta.properties` in its data directory. It stores no messages and serves no topics.
public final class PlaceholderBroker: Sendable {
    public let settings: PlaceholderSettings
    /// The cluster id from `/cluster/id`.
    public let clusterId: String
    let client: ZooKeeperClient
    let server: KafkaProtocolServer
    let dataDirectory: BrokerDataDirectory
    let logger: Logger
    private let failures: AsyncStream<PlaceholderBrokerError>
    private let failure: AsyncStream<PlaceholderBrokerError>.Continuation
    private let state = Mutex(RunState())

    private struct RunState {
        var stopping = false
        /// The session the registration was made in.
        var registeredSession: Int64?
    }

    /// The sentence every start logs first.
    public static let banner =
        "This is kafka-placeholder-broker, a PLACEHOLDER, NOT Apache Kafka: it answers the Kafka protocol's "
        + "ApiVersions and Metadata requests and registers in ZooKeeper like a broker, but stores no messages and "
        + "serves no topics. Set KAFKA_URI to run real Kafka."

    private init(
        settings: PlaceholderSettings, clusterId: String, client: ZooKeeperClient, server: KafkaProtocolServer,
        logger: Logger
    ) {
        self.settings = settings
        self.clusterId = clusterId
        self.client = client
        self.server = server
        self.dataDirectory = BrokerDataDirectory(path: settings.dataDirectory)
        self.logger = logger
        (failures, failure) = AsyncStream.makeStream(of: PlaceholderBrokerError.self)
    }

    /// Starts the broker as Kafka does: ZooKeeper (creating the chroot when missing), the cluster id, the data
    /// directory, the listener, then the registration. Whatever was opened is closed again when a step fails.
    public static func start(
        _ settings: PlaceholderSettings, logger: Logger = Logger(label: "kafka-scheduler.placeholder-broker")
    ) async throws(PlaceholderBrokerError) -> PlaceholderBroker {
        logger.notice("\(banner)")
        let client: ZooKeeperClient
        do {
            client = try await ZooKeeperClient.connect(
                connectString: settings.zooKeeper.serversString, sessionTimeout: settings.sessionTimeout,
                connectTimeout: .seconds(18), logger: logger)
        } catch {
            throw .zooKeeper("cannot connect to \(settings.zooKeeper.serversString): \(error)")
        }
        var server: KafkaProtocolServer?
        do {
            let clusterId = try await prepareZooKeeper(client: client, settings: settings, logger: logger)
            try BrokerDataDirectory(path: settings.dataDirectory).prepare(
                brokerId: settings.brokerId, clusterId: clusterId)
            let listener: KafkaProtocolServer
            do {
                listener = try KafkaProtocolServer(host: settings.host, port: settings.port)
            } catch {
                throw PlaceholderBrokerError.listener(error.message)
            }
            server = listener
            let broker = PlaceholderBroker(
                settings: settings, clusterId: clusterId, client: client, server: listener, logger: logger)
            try await broker.run()
            return broker
        } catch {
            await server?.shutdown()
            await client.close()
            if let error = error as? PlaceholderBrokerError { throw error }
            throw .zooKeeper("\(error)")
        }
    }

    private static func prepareZooKeeper(
        client: ZooKeeperClient, settings: PlaceholderSettings, logger: Logger
    ) async throws -> String {
        let chroot = settings.zooKeeper.chroot
        if !chroot.isEmpty {
            do {
                try await client.create(chroot, createParents: true)
                logger.info("Created the ZooKeeper chroot", metadata: ["zk.chroot": "\(chroot)"])
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Kafka's other brokers, or the scheduler, created it.
            }
        }
        return try await ClusterIdentity.getOrCreate(client: client, connect: settings.zooKeeper)
    }

    private func run() async throws(PlaceholderBrokerError) {
        let description = KafkaClusterDescription(
            brokers: [.init(id: settings.brokerId, host: settings.host, port: server.port)],
            controllerId: settings.brokerId)
        server.start { description }
        // Subscribed before registering, so that a session change in between is not missed.
        let sessionEvents = client.sessionEvents()
        try await register()
        try dataDirectory.appendLog(logLine("started"))
        logger.notice(
            "Placeholder broker \(settings.brokerId) started (not Kafka)",
            metadata: [
                "listener": "\(settings.listener)", "cluster.id": "\(clusterId)", "config.id": "\(settings.configId)",
                "framework": "\(settings.frameworkName)", "log.dirs": "\(settings.dataDirectory)",
            ])
        // The monitor ends at the session stream's next event after `stop()` (at the latest the client's
        // `.closed`); it is not cancelled, because cancelling a consumer of the client's session events while
        // the client announces one could deadlock in the client.
        Task { await monitorSession(sessionEvents) }
    }

    /// The first problem that forces the broker to stop while it runs (its id taken over after a session
    /// expiry, the ZooKeeper client gone); nil once `stop()` was called.
    public func fatalFailure() async -> PlaceholderBrokerError? {
        for await failure in failures { return failure }
        return nil
    }

    /// Stops: deregisters (deleting its node, so the scheduler sees it gone at once), closes the listener and
    /// the ZooKeeper session. Idempotent.
    public func stop() async {
        let alreadyStopping = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !alreadyStopping else { return }
        failure.finish()
        await deregister()
        await server.shutdown()
        try? dataDirectory.appendLog(logLine("stopped"))
        await client.close()
        logger.notice("Placeholder broker \(settings.brokerId) stopped")
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    // MARK: Registration

    var registrationPath: String { settings.zooKeeper.path(BrokerRegistration.path(brokerId: settings.brokerId)) }

    /// Creates the ephemeral registration; a node already there is fine only when this session owns it.
    func register() async throws(PlaceholderBrokerError) {
        let path = registrationPath
        var attempt = 0
        while true {
            attempt += 1
            guard let session = client.session?.id else {
                guard attempt < 20 else { throw .zooKeeper("cannot register \(path): not connected") }
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            do {
                let registration = BrokerRegistration(
                    host: settings.host, port: server.port, timestamp: Int64(Date().timeIntervalSince1970 * 1000))
                do {
                    try await client.create(
                        path, data: Data(registration.json.utf8), mode: .ephemeral, createParents: true)
                    logger.info("Registered in ZooKeeper", metadata: ["zk.path": "\(path)"])
                    state.withLock { $0.registeredSession = session }
                    return
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    guard let existing = try? await client.get(path) else { continue }
                    if existing.stat.ephemeralOwner == session {
                        state.withLock { $0.registeredSession = session }
                        return
                    }
                    throw PlaceholderBrokerError.brokerIdInUse(
                        brokerId: settings.brokerId, path: path, owner: existing.stat.ephemeralOwner,
                        registration: String(decoding: existing.data, as: UTF8.self))
                }
            } catch let error as PlaceholderBrokerError {
                throw error
            } catch let error as ZooKeeperError where error.code.isConnectionProblem && attempt < 20 {
                logger.warning("Cannot register yet, retrying", metadata: ["zk.error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            } catch {
                throw .zooKeeper("cannot register \(path): \(error)")
            }
        }
    }

    private func deregister() async {
        let path = registrationPath
        do {
            let session = client.session?.id
            if let stat = try await client.exists(path), stat.ephemeralOwner == session {
                try await client.delete(path, version: stat.version)
                logger.info("Deregistered from ZooKeeper", metadata: ["zk.path": "\(path)"])
            }
        } catch {
            logger.warning(
                "Cannot delete the registration; it goes with the ZooKeeper session",
                metadata: ["zk.path": "\(path)", "zk.error": "\(error)"])
        }
    }

    /// Registers again on every new session; stops the broker when that is refused or the client is gone.
    private func monitorSession(_ events: AsyncStream<SessionEvent>) async {
        for await event in events {
            guard !isStopping else { return }
            switch event {
            case .expired:
                logger.warning("ZooKeeper session expired: the registration is gone until a new session starts")
            case .connected(let session):
                guard state.withLock({ $0.registeredSession }) != session.id else { continue }
                logger.notice("New ZooKeeper session: registering again", metadata: ["zk.session": "\(session)"])
                do {
                    try await register()
                } catch {
                    guard !isStopping else { return }
                    logger.error("Cannot register again on the new session: \(error)")
                    failure.yield(error)
                    return
                }
            case .authFailed:
                failure.yield(.zooKeeper("the server rejected the client's credentials"))
                return
            case .closed:
                if !isStopping { failure.yield(.zooKeeper("the ZooKeeper client closed")) }
                return
            case .connecting, .sessionRenewed:
                break
            }
        }
    }

    private func logLine(_ what: String) -> String {
        let timestamp = ISO8601DateFormatter().string(from: Date())
        return "\(timestamp) \(what) broker.id=\(settings.brokerId) listener=\(settings.listener) "
            + "cluster.id=\(clusterId) config_id=\(settings.configId) framework=\(settings.frameworkName) "
            + "pid=\(getpid()) (kafka-placeholder-broker, not Apache Kafka)"
    }
}

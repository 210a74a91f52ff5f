import Foundation
import KafkaAdmin
import Logging
import ZooKeeper

/// The readiness probe over Kafka itself: broker registrations watched in Kafka's ZooKeeper
/// (`/dcos-service-<name>/brokers/ids`, event-driven), replica sync through the Kafka protocol.
public struct KafkaReadinessProbe: BrokerReadinessProbe {
    /// A client of Kafka's ZooKeeper (`KAFKA_ZOOKEEPER_URI`, without chroot).
    public let zooKeeper: ZooKeeperClient
    public let layout: StateLayout
    /// Answers replica sync; its bootstrap endpoints follow the brokers the scheduler runs.
    public let admin: KafkaAdminClient
    /// How often the registrations are read again besides the watch: a broker that registers again under
    /// the same id between two reads leaves the list of ids unchanged, and only its new creation id tells.
    public let resyncInterval: Duration
    /// The pause before watching again after the watch failed.
    public let retryDelay: Duration
    let logger: Logger

    public init(
        zooKeeper: ZooKeeperClient, layout: StateLayout, admin: KafkaAdminClient, resyncInterval: Duration = .seconds(5),
        retryDelay: Duration = .seconds(2), logger: Logger = Logger(label: "kafka-scheduler.readiness")
    ) {
        self.zooKeeper = zooKeeper
        self.layout = layout
        self.admin = admin
        self.resyncInterval = resyncInterval
        self.retryDelay = retryDelay
        self.logger = logger
    }

    public func registrations() -> AsyncStream<[Int: BrokerRegistration]> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [Int: BrokerRegistration].self, bufferingPolicy: .bufferingNewest(1))
        let (triggers, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let path = layout.brokerRegistrations
        let watcher = Task { [zooKeeper, retryDelay, logger] in
            while !Task.isCancelled {
                do {
                    for try await _ in zooKeeper.watchChildren(path) { trigger.yield() }
                    // The client closed.
                    break
                } catch {
                    logger.warning(
                        "Watching Kafka's broker registrations failed; watching again",
                        metadata: ["path": "\(path)", "error": "\(error)"])
                    try? await Task.sleep(for: retryDelay)
                }
            }
            trigger.finish()
        }
        let ticker = Task { [resyncInterval] in
            while (try? await Task.sleep(for: resyncInterval)) != nil {
                trigger.yield()
            }
        }
        let reader = Task { [zooKeeper, layout] in
            var last: [Int: BrokerRegistration]?
            for await _ in triggers {
                let names: [String]
                do {
                    names = try await zooKeeper.children(path)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    names = []
                } catch {
                    continue
                }
                let current = await Self.read(names, zooKeeper: zooKeeper, layout: layout)
                if current != last {
                    last = current
                    continuation.yield(current)
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            watcher.cancel()
            ticker.cancel()
            reader.cancel()
        }
        return stream
    }

    /// Reads each registration node; one that vanished meanwhile is left out (the watch fires again).
    static func read(_ names: [String], zooKeeper: ZooKeeperClient, layout: StateLayout) async
        -> [Int: BrokerRegistration]
    {
        var result: [Int: BrokerRegistration] = [:]
        for name in names {
            guard let id = Int(name), id >= 0 else { continue }
            guard let node = try? await zooKeeper.get(layout.brokerRegistrations + "/" + name) else { continue }
            var registration = BrokerRegistration(creationID: node.stat.czxid)
            if let object = try? JSONSerialization.jsonObject(with: node.data) as? [String: Any] {
                registration.host = object["host"] as? String
                registration.port = (object["port"] as? NSNumber)?.intValue
                if registration.host == nil, let endpoints = object["endpoints"] as? [String],
                    let first = endpoints.first, let (host, port) = Self.hostPort(fromListener: first)
                {
                    registration.host = host
                    registration.port = port
                }
            }
            result[id] = registration
        }
        return result
    }

    /// `PLAINTEXT://host:port` → (host, port).
    static func hostPort(fromListener listener: String) -> (String, Int)? {
        guard let scheme = listener.range(of: "://") else { return nil }
        let address = listener[scheme.upperBound...]
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            return nil
        }
        return (String(address[..<colon]), port)
    }

    public func replicaSyncStatus(ofBroker id: Int, endpoints: [String]) async throws -> ReplicaSyncStatus {
        if !endpoints.isEmpty { admin.updateBootstrapServers(endpoints) }
        return try await admin.replicaSyncStatus(ofBroker: Int32(id))
    }
}

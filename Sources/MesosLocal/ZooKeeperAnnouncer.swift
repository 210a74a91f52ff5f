import Foundation
import Logging
import Mesos
import ZooKeeper

/// Announces the master as the leader in ZooKeeper the way Mesos does: an ephemeral sequential
/// `json.info_<seq>` znode under the path, holding the MasterInfo JSON. Schedulers take the lowest one.
actor ZooKeeperAnnouncer {
    /// `zk://[user:password@]host:port[,host:port…]/path`, split.
    struct Target: Equatable, Sendable {
        var connectString: String
        var path: String
        var credentials: String?

        init(url: String) throws(MesosLocalError) {
            guard url.hasPrefix("zk://") else {
                throw .invalidOption("--zk", url, "expected zk://host:port[,host:port…]/path")
            }
            var rest = String(url.dropFirst("zk://".count))
            if let at = rest.firstIndex(of: "@") {
                credentials = String(rest[..<at])
                rest = String(rest[rest.index(after: at)...])
            }
            guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else {
                throw .invalidOption("--zk", url, "expected zk://host:port[,host:port…]/path")
            }
            connectString = String(rest[..<slash])
            path = String(rest[slash...])
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            guard path != "/" else { throw .invalidOption("--zk", url, "the path must not be '/'") }
        }
    }

    let target: Target
    private let client: ZooKeeperClient
    private let logger: Logger
    private var node: String?

    private init(target: Target, client: ZooKeeperClient, logger: Logger) {
        self.target = target
        self.client = client
        self.logger = logger
    }

    static func start(url: String, info: MasterInfo, logger: Logger) async throws -> ZooKeeperAnnouncer {
        let target = try Target(url: url)
        let client = try await ZooKeeperClient.connect(
            connectString: target.connectString, credentials: target.credentials, logger: logger)
        let announcer = ZooKeeperAnnouncer(target: target, client: client, logger: logger)
        do {
            try await announcer.announce(info)
        } catch {
            await client.close()
            throw error
        }
        return announcer
    }

    /// Replaces the announcement (a new master id after a failover).
    func announce(_ info: MasterInfo) async throws {
        let data = Data(try MesosJSON.encode(info))
        let created = try await client.create(
            target.path + "/json.info_", data: data, mode: .ephemeralSequential, createParents: true)
        if let node {
            try? await client.delete(node)
        }
        node = created
        logger.info("Announced master \(info.id) at \(created)")
    }

    func stop() async {
        if let node {
            try? await client.delete(node)
        }
        node = nil
        await client.close()
    }
}

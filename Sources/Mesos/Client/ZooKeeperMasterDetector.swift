import Logging
import ZooKeeper

/// Finds the leading master in the Mesos group in ZooKeeper and watches it for changes.
///
/// The ZooKeeper session is opened on first use and kept (the ZooKeeper client reconnects and renews
/// it by itself); a failed connect is tried again on the next detection.
actor ZooKeeperMasterDetector: MasterDetector {
    private let group: ZooKeeperMasterGroup
    private let scheme: String
    private let sessionTimeout: Duration
    private let connectTimeout: Duration
    private let logger: Logger
    private var client: ZooKeeperClient?
    /// The children seen by the last detection, to notice a change that happened before a watch started.
    private var lastChildren: [String]?
    private var closed = false

    init(
        group: ZooKeeperMasterGroup, scheme: String, sessionTimeout: Duration, connectTimeout: Duration,
        logger: Logger
    ) {
        self.group = group
        self.scheme = scheme
        self.sessionTimeout = sessionTimeout
        self.connectTimeout = connectTimeout
        self.logger = logger
    }

    func candidates() async throws(MesosClientError) -> [MasterCandidate] {
        let client = try await connectedClient()
        let children: [String]
        do {
            children = try await client.children(group.path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            lastChildren = []
            throw .noLeader(reason: "\(group.path) does not exist in ZooKeeper at \(group.servers)")
        } catch {
            throw .zooKeeper(message: "listing \(group.path) at \(group.servers): \(error)")
        }
        lastChildren = children
        var remaining = children
        while let node = ZooKeeperLeader.leaderNode(in: remaining) {
            let path = group.path + "/" + node
            let data: [UInt8]
            do {
                data = Array(try await client.get(path).data)
            } catch let error as ZooKeeperError where error.code == .noNode {
                // The leader just went away: the next lowest node leads now.
                remaining.removeAll { $0 == node }
                continue
            } catch {
                throw .zooKeeper(message: "reading \(path) at \(group.servers): \(error)")
            }
            do throws(MasterInfoProblem) {
                let endpoint = try ZooKeeperLeader.endpoint(masterInfo: data, scheme: scheme)
                logger.debug(
                    "Leading Mesos master from ZooKeeper", metadata: ["node": "\(path)", "endpoint": "\(endpoint)"])
                return [MasterCandidate(endpoint: endpoint, leaderNode: node)]
            } catch {
                throw .invalidMasterInfo(path: path, reason: error.reason)
            }
        }
        throw .noLeader(
            reason: "no \(ZooKeeperLeader.prefix)* node under \(group.path) in ZooKeeper at \(group.servers)")
    }

    func remember(leader endpoint: String) async {}

    func forget(leader endpoint: String) async {}

    func waitForChange(timeout: Duration) async {
        guard let client else {
            try? await Task.sleep(for: timeout)
            return
        }
        let seen = lastChildren
        let path = group.path
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    var first = true
                    for try await children in client.watchChildren(path) {
                        // The first value is the current one: it only counts when it differs from the last detection.
                        if !first || (children ?? []) != (seen ?? []) { return }
                        first = false
                    }
                } catch {}
                // The watch ended (client closed, or an error retrying cannot fix): wait out the timeout.
                try? await Task.sleep(for: timeout)
            }
            tasks.addTask {
                try? await Task.sleep(for: timeout)
            }
            await tasks.next()
            tasks.cancelAll()
        }
    }

    func waitUntilLeaderDiffers(from candidate: MasterCandidate) async {
        guard let client, let node = candidate.leaderNode else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        do {
            for try await children in client.watchChildren(group.path) {
                let leader = ZooKeeperLeader.leaderNode(in: children ?? [])
                if leader != node {
                    logger.info(
                        "ZooKeeper names another leading Mesos master",
                        metadata: ["previous": "\(node)", "leader": "\(leader ?? "none")"])
                    return
                }
            }
        } catch {
            logger.warning("Watching the Mesos masters in ZooKeeper failed", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    func close() async {
        closed = true
        let client = self.client
        self.client = nil
        await client?.close()
    }

    private func connectedClient() async throws(MesosClientError) -> ZooKeeperClient {
        if let client { return client }
        guard !closed else { throw .zooKeeper(message: "the master detector is closed") }
        do {
            let client = try await ZooKeeperClient.connect(
                connectString: group.servers,
                sessionTimeout: sessionTimeout,
                connectTimeout: connectTimeout,
                credentials: group.credentials
            )
            if closed || self.client != nil {
                // Closed, or connected by a concurrent detection, while this one was connecting.
                await client.close()
                if let existing = self.client { return existing }
                throw MesosClientError.zooKeeper(message: "the master detector is closed")
            }
            self.client = client
            return client
        } catch let error as MesosClientError {
            throw error
        } catch {
            throw .zooKeeper(message: "connecting to \(group.servers): \(error)")
        }
    }
}

import Foundation
import Logging
import ZooKeeper

extension ZooKeeperServer {
    /// One server for the whole test process, started on first use and killed when the process exits. Tests
    /// that share it must use their own znode paths (see `uniqueZNodePath`) and must not stop, pause or restart
    /// it: start a server of their own for that.
    public static func shared() async throws -> ZooKeeperServer {
        try await SharedZooKeeperServer.instance.server()
    }

    /// Connects a client to this server.
    public func connect(
        chroot: String = "",
        sessionTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(10),
        credentials: String? = nil,
        logger: Logger = Logger(label: "kafka-scheduler.zookeeper")
    ) async throws -> ZooKeeperClient {
        try await ZooKeeperClient.connect(
            connectString: connectString + chroot,
            sessionTimeout: sessionTimeout,
            connectTimeout: connectTimeout,
            credentials: credentials,
            logger: logger
        )
    }
}

/// A znode path no other test uses: `/test-<label>-<random>`.
public func uniqueZNodePath(_ label: String) -> String {
    "/test-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
}

private actor SharedZooKeeperServer {
    static let instance = SharedZooKeeperServer()

    private var starting: Task<ZooKeeperServer, any Error>?

    func server() async throws -> ZooKeeperServer {
        if let starting {
            if let server = try? await starting.value, server.isRunning { return server }
        }
        let task = Task { try await ZooKeeperServer.start() }
        starting = task
        return try await task.value
    }
}

import Foundation
import KafkaAdmin
import KafkaWire
import Logging
import TestSupport
import Testing
import ZooKeeper

/// The built `kafka-placeholder-broker` run as a real process against a real ZooKeeper server, as a Mesos
/// task would run it.
@Suite struct PlaceholderBrokerProcessTests {
    @Test func registersLikeKafkaServesMetadataAndDeregistersOnSIGTERM() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: placeholderTestLogger())
        defer { Task { await client.close() } }
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            #expect(try await client.exists(chroot) == nil)
            let task = tasks.add(
                try PlaceholderTask(
                    brokerId: 3, chroot: chroot, zooKeeperConnect: server.connectString, directory: directory))
            let started = ContinuousClock.now
            let process = try await task.start()
            let node = try await task.waitUntilRegistered(client)

            // The registration, byte for byte in Kafka's order, ephemeral.
            let json = String(decoding: node.data, as: UTF8.self)
            let prefix =
                "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                + "\"endpoints\":[\"PLAINTEXT://127.0.0.1:\(task.port)\"],\"jmx_port\":-1,\"port\":\(task.port),"
                + "\"host\":\"127.0.0.1\",\"version\":5,\"timestamp\":\""
            #expect(json.hasPrefix(prefix))
            let fields = try #require(try JSONSerialization.jsonObject(with: node.data) as? [String: Any])
            let timestampText = try #require(fields["timestamp"] as? String)
            let timestamp = try #require(Int64(timestampText))
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            #expect((now - 60_000...now).contains(timestamp))
            #expect(node.stat.isEphemeral)

            // The chroot was created, and the cluster id Kafka keeps there matches meta.properties.
            let clusterNode = try await client.get(chroot + "/cluster/id")
            let cluster = try #require(try JSONSerialization.jsonObject(with: clusterNode.data) as? [String: Any])
            let clusterId = try #require(cluster["id"] as? String)
            #expect(cluster["version"] as? String == "1")
            let meta = try String(contentsOfFile: task.dataDirectory + "/meta.properties", encoding: .utf8)
            #expect(meta.contains("\nbroker.id=3\n"))
            #expect(meta.contains("\nversion=0\n"))
            #expect(meta.contains("\ncluster.id=\(clusterId)\n"))

            // A Kafka client sees a one-broker cluster.
            let admin = KafkaAdminClient(
                bootstrapServers: ["127.0.0.1:\(task.port)"], configuration: .init(requestTimeout: .seconds(5)),
                logger: placeholderTestLogger())
            #expect(try await admin.isBrokerRegistered(3))
            let metadata = try await admin.clusterMetadata()
            #expect(metadata.brokers == [KafkaBroker(id: 3, host: "127.0.0.1", port: task.port)])
            #expect(metadata.topics.isEmpty)

            #expect(task.log.contains("PLACEHOLDER, NOT Apache Kafka"))
            let dataLog = try String(contentsOfFile: task.dataDirectory + "/placeholder.log", encoding: .utf8)
            #expect(dataLog.contains(" started broker.id=3 "))
            #expect(dataLog.contains("not Apache Kafka"))

            // SIGTERM: deregistered at once (not when the 18 s session expires), listener closed, status 0.
            let signalled = ContinuousClock.now
            process.send(SIGTERM)
            let status = await process.waitForExit(timeout: .seconds(15))
            #expect(status == .exited(0), "log:\n\(task.log)")
            // Well before the session would expire; the node being gone right after the exit shows that the
            // broker deleted it itself.
            #expect(ContinuousClock.now - signalled < .seconds(15))
            #expect(try await client.exists(task.registrationPath) == nil)
            #expect(!KafkaWire.answersApiVersions(port: task.port, milliseconds: 500))
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }

    @Test func secondBrokerWithTheSameIdIsRefused() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: placeholderTestLogger())
        defer { Task { await client.close() } }
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let first = tasks.add(
                try PlaceholderTask(
                    brokerId: 1, chroot: chroot, zooKeeperConnect: server.connectString, directory: directory))
            _ = try await first.start()
            let registered = try await first.waitUntilRegistered(client)

            try FileManager.default.createDirectory(atPath: directory + "/other", withIntermediateDirectories: true)
            let second = tasks.add(
                try PlaceholderTask(
                    brokerId: 1, chroot: chroot, zooKeeperConnect: server.connectString, directory: directory + "/other"
                ))
            let process = try await second.start()
            let status = await process.waitForExit(timeout: .seconds(30))
            #expect(status == .exited(1), "log:\n\(second.log)")
            #expect(second.log.contains("broker id 1 is already registered at \(first.registrationPath)"))
            // The first one keeps its registration.
            let after = try await client.get(first.registrationPath)
            #expect(after.stat.ephemeralOwner == registered.stat.ephemeralOwner)
        }
    }

    @Test func dataDirectoryOfAnotherBrokerIsRefused() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: placeholderTestLogger())
        defer { Task { await client.close() } }
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let task = tasks.add(
                try PlaceholderTask(
                    brokerId: 3, chroot: chroot, zooKeeperConnect: server.connectString, directory: directory))
            try FileManager.default.createDirectory(atPath: task.dataDirectory, withIntermediateDirectories: true)
            try "#\nversion=0\nbroker.id=7\n".write(
                toFile: task.dataDirectory + "/meta.properties", atomically: true, encoding: .utf8)
            let process = try await task.start()
            let status = await process.waitForExit(timeout: .seconds(30))
            #expect(status == .exited(1), "log:\n\(task.log)")
            #expect(task.log.contains("configured broker.id 3 doesn't match stored broker.id 7"))
            #expect(try await client.exists(task.registrationPath) == nil)
        }
    }

    @Test func dataSurvivesARestart() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: placeholderTestLogger())
        defer { Task { await client.close() } }
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let task = tasks.add(
                try PlaceholderTask(
                    brokerId: 0, chroot: chroot, zooKeeperConnect: server.connectString, directory: directory))
            let first = try await task.start()
            _ = try await task.waitUntilRegistered(client)
            let meta = try String(contentsOfFile: task.dataDirectory + "/meta.properties", encoding: .utf8)
            #expect(await first.terminate() == .exited(0))

            let second = try await task.start()
            _ = try await task.waitUntilRegistered(client)
            #expect(try String(contentsOfFile: task.dataDirectory + "/meta.properties", encoding: .utf8) == meta)
            #expect(await second.terminate() == .exited(0))
            let lines = try String(contentsOfFile: task.dataDirectory + "/placeholder.log", encoding: .utf8)
                .split(separator: "\n")
            #expect(lines.filter { $0.contains(" started broker.id=0 ") }.count == 2)
            #expect(lines.filter { $0.contains(" stopped broker.id=0 ") }.count == 2)
        }
    }

    @Test func missingOrInvalidVariablesExitWithStatus2() async throws {
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let task = tasks.add(
                try PlaceholderTask(brokerId: 0, chroot: chroot, zooKeeperConnect: "127.0.0.1:1", directory: directory))
            var environment = task.environment
            environment["BROKER_PORT"] = nil
            environment["BROKER_ID"] = "first"
            let process = try await task.start(environment: environment)
            #expect(await process.waitForExit(timeout: .seconds(10)) == .exited(2))
            #expect(task.log.contains("BROKER_PORT: missing"))
            #expect(task.log.contains("BROKER_ID: 'first' is not a broker id"))
        }
    }

    /// SIGTERM while ZooKeeper does not answer yet (the connect timeout is 18 s) ends the startup at once.
    @Test func sigtermDuringStartupExitsPromptly() async throws {
        let closed = try LocalNetwork.reserveClosedPort()
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let task = tasks.add(
                try PlaceholderTask(
                    brokerId: 0, chroot: chroot, zooKeeperConnect: "127.0.0.1:\(closed.port)", directory: directory))
            let process = try await task.start()
            let deadline = ContinuousClock.now + .seconds(10)
            while !task.log.contains("PLACEHOLDER, NOT Apache Kafka") {
                guard ContinuousClock.now < deadline, process.isRunning else {
                    throw TestSupportError("the placeholder did not start connecting; its log:\n\(task.log)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let signalled = ContinuousClock.now
            process.send(SIGTERM)
            #expect(await process.waitForExit(timeout: .seconds(15)) == .exited(0), "log:\n\(task.log)")
            // Well before the 18 s connect timeout would end the startup.
            #expect(ContinuousClock.now - signalled < .seconds(15))
            #expect(task.log.contains("while starting"))
        }
        withExtendedLifetime(closed) {}
    }

    /// Cut off from ZooKeeper until its session expires, the broker registers again on its new session.
    @Test func registersAgainAfterASessionExpiry() async throws {
        let server = try await ZooKeeperServer.shared()
        let proxy = try TCPProxy(upstreamPort: server.port)
        defer { proxy.stop() }
        let client = try await server.connect(logger: placeholderTestLogger())
        defer { Task { await client.close() } }
        try await withPlaceholderWorkspace { directory, chroot, tasks in
            let task = tasks.add(
                try PlaceholderTask(
                    brokerId: 5, chroot: chroot, zooKeeperConnect: proxy.connectString, directory: directory,
                    extraEnvironment: ["PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS": "2000"]))
            let process = try await task.start()
            let before = try await task.waitUntilRegistered(client)

            proxy.partition()
            let deadline = ContinuousClock.now + .seconds(20)
            while try await client.exists(task.registrationPath) != nil {
                guard ContinuousClock.now < deadline else { throw TestSupportError("the session never expired") }
                try await Task.sleep(for: .milliseconds(50))
            }
            proxy.heal()
            let after = try await task.waitUntilRegistered(client)
            #expect(after.stat.ephemeralOwner != before.stat.ephemeralOwner)
            #expect(process.isRunning)
            #expect(await process.terminate() == .exited(0))
            #expect(try await client.exists(task.registrationPath) == nil)
        }
    }
}

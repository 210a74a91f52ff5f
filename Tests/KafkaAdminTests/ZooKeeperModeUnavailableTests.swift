import Foundation
import KafkaAdmin
import TestSupport
import Testing
import ZooKeeper

/// Kafka's ZooKeeper stopped or hung: every read fails as `unavailable` within the request timeout.
@Suite struct ZooKeeperModeUnavailableTests {
    static func operations(_ source: ZooKeeperMetadataSource) -> [(String, @Sendable () async throws -> Void)] {
        let selecting = ModeSelectingMetadataSource(
            kafka: makeClient([], timeout: .seconds(1)), zooKeeper: source)
        return [
            ("mode check", { _ = try await source.isZooKeeperMode() }),
            ("list", { _ = try await source.listTopics(includeInternal: false) }),
            ("describe", { _ = try await source.describeTopic("topic1") }),
            ("metadata", { _ = try await source.clusterMetadata() }),
            ("under-replicated", { _ = try await source.underReplicatedPartitions() }),
            ("registered", { _ = try await source.isBrokerRegistered(0) }),
            ("endpoints", { _ = try await source.registeredEndpoints() }),
            ("selecting list", { _ = try await selecting.listTopics(includeInternal: false) }),
            ("selecting describe", { _ = try await selecting.describeTopic("topic1") }),
        ]
    }

    static func expectUnavailableWithinBound(_ source: ZooKeeperMetadataSource) async {
        let clock = ContinuousClock()
        let outcomes = await withTaskGroup(of: (String, KafkaAdminError?, Duration).self) { group in
            for (name, operation) in operations(source) {
                group.addTask {
                    let started = clock.now
                    let error = await kafkaError(operation)
                    return (name, error, clock.now - started)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 9)
        for (name, error, elapsed) in outcomes {
            #expect(error?.category == .unavailable, "\(name): \(String(describing: error))")
            #expect(error?.name == "ZOOKEEPER_UNAVAILABLE", "\(name): \(String(describing: error))")
            #expect(elapsed < .seconds(3), "\(name) took \(elapsed)")
        }
    }

    static func withSeedClusterOnOwnServer(
        _ body: (ZooKeeperServer, ZooKeeperMetadataSource) async throws -> Void
    ) async throws {
        try await withZooKeeperServer { server in
            let client = try await server.connect(sessionTimeout: .seconds(20))
            do {
                try await ZooKeeperModeSourceTests.writeSeedCluster(KafkaZNodeWriter(client: client, root: ""))
                let source = ZooKeeperMetadataSource(
                    client: client, configuration: .init(requestTimeout: .seconds(1)), logger: quietLogger)
                #expect(try await source.listTopics(includeInternal: false) == ["topic0", "topic1"])
                try await body(server, source)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    @Test func stoppedServer() async throws {
        try await Self.withSeedClusterOnOwnServer { server, source in
            await server.stop()
            await Self.expectUnavailableWithinBound(source)
        }
    }

    /// A hung server accepts nothing and answers nothing: only the deadline ends the wait.
    @Test func hungServer() async throws {
        try await Self.withSeedClusterOnOwnServer { server, source in
            await server.pause()
            await Self.expectUnavailableWithinBound(source)
            server.resume()
        }
    }
}

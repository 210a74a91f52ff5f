import Foundation
@testable import KafkaAdmin
import Logging
import Testing
import TestSupport

/// Bootstrap endpoints that change, are missing, or lead nowhere.
@Suite struct UnreachableClusterTests {
    @Test func everyOperationAnswersUnavailableWithinTheRequestTimeout() async throws {
        let client = makeClient([try KafkaScriptedBroker.refusedEndpoint()], timeout: .seconds(1))
        let clock = ContinuousClock()
        let operations: [(String, @Sendable () async throws -> Void)] = [
            ("list", { _ = try await client.listTopics() }),
            ("describe", { _ = try await client.describeTopic("t") }),
            ("create", { _ = try await client.createTopic("t", partitions: 1, replicationFactor: 1) }),
            ("delete", { _ = try await client.deleteTopic("t") }),
            ("partitions", { _ = try await client.addPartitions(to: "t", totalCount: 2) }),
            ("offsets", { _ = try await client.offsets(of: "t", at: .last) }),
            ("producer test", { _ = try await client.producerTest(topic: "t", records: 1) }),
            ("under-replicated", { _ = try await client.underReplicatedPartitions() }),
            ("unavailable", { _ = try await client.unavailablePartitions() }),
            ("registered", { _ = try await client.isBrokerRegistered(1) }),
            ("in sync", { _ = try await client.replicaSyncStatus(ofBroker: 1) }),
        ]
        // All at once: each must fail on its own within the bound.
        let outcomes = await withTaskGroup(of: (String, KafkaAdminError?, Duration).self) { group in
            for (name, operation) in operations {
                group.addTask {
                    let started = clock.now
                    let error = await kafkaError(operation)
                    return (name, error, clock.now - started)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == operations.count)
        for (name, error, elapsed) in outcomes {
            #expect(error?.category == .unavailable, "\(name): \(String(describing: error))")
            // About the 1 s request timeout; the bound leaves room for a machine busy with the whole suite.
            #expect(elapsed < .seconds(10), "\(name) took \(elapsed)")
        }
        #expect(client.handleGeneration == 1)
    }

    /// Every broker goes down (its connections are closed, new ones too) and comes back on the same port.
    @Test func clusterGoingDownAnswersUnavailableThenRecovers() async throws {
        let broker = try KafkaScriptedBroker(
            cluster: .init(
                brokerIds: [1, 2, 3],
                topics: [.init(name: "orders", partitions: [.init(id: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3])])]
            ))
        let client = makeClient([broker.bootstrapServer], timeout: .seconds(1))
        #expect(try await client.listTopics() == ["orders"])
        broker.setDown(true)

        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await kafkaError { try await client.listTopics() })
        #expect(error.category == .unavailable)
        // About the 1 s request timeout; the bound leaves room for a machine busy with the whole suite.
        #expect(clock.now - started < .seconds(10))

        broker.setDown(false)
        try await eventually(timeout: .seconds(20)) {
            (try? await client.listTopics()) == ["orders"]
        }
    }

    @Test func noBrokersKnownIsUnavailableAtOnce() async throws {
        // Far below the request timeout: nothing is waited for (a timeout would have another name).
        let client = makeClient([], timeout: .seconds(60))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await kafkaError { try await client.listTopics() })
        #expect(error.category == .unavailable)
        #expect(error.name == "NO_BROKERS_KNOWN")
        #expect(clock.now - started < .seconds(20))
    }

    @Test func handleIsReusedAndReplacedWhenTheEndpointsChange() async throws {
        let first = try KafkaMockCluster(brokers: 1)
        try first.createTopic("first", partitions: 1, replicationFactor: 1)
        let second = try KafkaMockCluster(brokers: 1)
        try second.createTopic("second", partitions: 1, replicationFactor: 1)

        let client = makeClient([" ", ""])
        #expect(client.bootstrapServers.isEmpty)
        #expect(await kafkaError { try await client.listTopics() }?.name == "NO_BROKERS_KNOWN")

        client.updateBootstrapServers(first.bootstrapServers)
        #expect(try await client.listTopics() == ["first"])
        #expect(try await client.listTopics() == ["first"])
        #expect(client.handleGeneration == 1)

        // The same endpoints in another order are the same cluster: the handle stays.
        client.updateBootstrapServers(first.bootstrapServers.reversed() + first.bootstrapServers)
        #expect(try await client.listTopics() == ["first"])
        #expect(client.handleGeneration == 1)

        client.updateBootstrapServers(second.bootstrapServers)
        #expect(client.bootstrapServers == second.bootstrapServers)
        #expect(try await client.listTopics() == ["second"])
        #expect(client.handleGeneration == 2)
    }

    @Test func librdkafkaLogsGoToSwiftLog() async throws {
        let logs = CapturedLogs()
        let client = KafkaAdminClient(
            bootstrapServers: [try KafkaScriptedBroker.refusedEndpoint()],
            configuration: .init(requestTimeout: .milliseconds(500), clientId: "log-check"),
            logger: logs.logger(level: .debug))
        _ = await kafkaError { try await client.listTopics() }
        let fromLibrdkafka = logs.entries.filter { $0.metadata["rdkafka.facility"] != nil }
        #expect(!fromLibrdkafka.isEmpty)
        #expect(fromLibrdkafka.contains { $0.metadata["rdkafka.client"]?.description.hasPrefix("log-check") == true })
    }
}

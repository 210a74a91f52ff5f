import Foundation
@testable import KafkaAdmin
import Testing
import TestSupport

/// Against librdkafka's in-process mock cluster of three brokers.
@Suite struct MockClusterTests {
    let mock: KafkaMockCluster
    let client: KafkaAdminClient

    init() throws {
        mock = try KafkaMockCluster(brokers: 3)
        try mock.createTopic("orders", partitions: 3, replicationFactor: 3)
        try mock.createTopic("__consumer_offsets", partitions: 2, replicationFactor: 3)
        client = makeClient(mock.bootstrapServers)
    }

    @Test func listsTopicsWithoutInternalOnesUnlessAsked() async throws {
        #expect(try await client.listTopics() == ["orders"])
        #expect(try await client.listTopics(includeInternal: true) == ["__consumer_offsets", "orders"])
    }

    @Test func describesLeadersReplicasAndISR() async throws {
        let topic = try await client.describeTopic("orders")
        #expect(topic.name == "orders")
        #expect(topic.partitions.map(\.partition) == [0, 1, 2])
        for partition in topic.partitions {
            #expect(Set(partition.replicas) == [1, 2, 3])
            #expect(Set(partition.isr) == [1, 2, 3])
            let leader = try #require(partition.leader)
            #expect(partition.replicas.contains(leader))
            #expect(partition.leaderEpoch == nil)
        }
    }

    @Test func describeOfAnUnknownTopicIsNotFound() async throws {
        let error = try #require(await kafkaError { try await client.describeTopic("missing") })
        #expect(error.category == .notFound)
        #expect(error.name == "UNKNOWN_TOPIC_OR_PART")
        #expect(error.message == "Topic 'missing' does not exist.")
    }

    @Test func invalidTopicNamesAreRefusedBeforeAskingKafka() async throws {
        let error = try #require(await kafkaError { try await client.describeTopic("no spaces") })
        #expect(error.category == .badRequest)
        #expect(error.name == "TOPIC_EXCEPTION")
        #expect(client.handleGeneration == 0)
    }

    @Test func reportsRegisteredBrokers() async throws {
        let metadata = try await client.clusterMetadata()
        #expect(metadata.brokers.map(\.id) == [1, 2, 3])
        #expect(Set(metadata.brokers.map(\.endpoint)) == Set(mock.bootstrapServers))
        #expect(try await client.isBrokerRegistered(2))
        #expect(try await !client.isBrokerRegistered(4))
        #expect(try await client.replicaSyncStatus(ofBroker: 2).isInSync)
        let absent = try await client.replicaSyncStatus(ofBroker: 4)
        #expect(!absent.isInSync)
        #expect(!absent.isRegistered)
    }

    @Test func producerTestAndOffsets() async throws {
        let before = try await client.offsets(of: "orders", at: .last)
        #expect(before == [0, 1, 2].map { PartitionOffset(partition: $0, offset: 0) })

        let result = try await client.producerTest(topic: "orders", records: 30)
        #expect(result.stats.count == 30)
        #expect(result.stats.bytes == 30 * 1024)
        let summary = try #require(ProducerSummary(result.message))
        #expect(summary.records == 30)

        let last = try await client.offsets(of: "orders", at: .last)
        #expect(last.map(\.partition) == [0, 1, 2])
        #expect(last.compactMap(\.offset).reduce(0, +) == 30)
        let first = try await client.offsets(of: "orders", at: .first)
        #expect(first == [0, 1, 2].map { PartitionOffset(partition: $0, offset: 0) })
    }

    @Test func offsetsOfAnUnknownTopicAreNotFoundAndDoNotCreateIt() async throws {
        let error = try #require(await kafkaError { try await client.offsets(of: "ghost", at: .last) })
        #expect(error.category == .notFound)
        #expect(try await client.listTopics() == ["orders"])
    }

    @Test func producerTestRefusesUnknownTopicsAndBadCounts() async throws {
        let unknown = try #require(await kafkaError { try await client.producerTest(topic: "ghost", records: 5) })
        #expect(unknown.category == .notFound)
        let zero = try #require(await kafkaError { try await client.producerTest(topic: "orders", records: 0) })
        #expect(zero.category == .badRequest)
        let huge = try #require(await kafkaError { try await client.producerTest(topic: "orders", records: 2_000_000) })
        #expect(huge.category == .badRequest)
    }

    @Test func leaderlessPartitionIsListedAsUnavailableUntilItHasALeaderAgain() async throws {
        #expect(try await client.unavailablePartitions() == "")
        #expect(try await client.underReplicatedPartitions() == "")

        try mock.setPartitionLeader(topic: "orders", partition: 1, brokerId: nil)
        let partition = try #require(try await client.describeTopic("orders").partitions.first { $0.partition == 1 })
        #expect(partition.leader == nil)
        let replicas = partition.replicas.map(String.init).joined(separator: ",")
        let isr = partition.isr.map(String.init).joined(separator: ",")
        #expect(
            try await client.unavailablePartitions()
                == "\tTopic: orders\tPartition: 1\tLeader: none\tReplicas: \(replicas)\tIsr: \(isr)\n")
        #expect(try await client.underReplicatedPartitions() == "")
        let offsets = try #require(await kafkaError { try await client.offsets(of: "orders", at: .last) })
        #expect(offsets.category == .unavailable)
        #expect(offsets.name == "LEADER_NOT_AVAILABLE")

        try mock.setPartitionLeader(topic: "orders", partition: 1, brokerId: 3)
        #expect(try await client.unavailablePartitions() == "")
        #expect(try await client.offsets(of: "orders", at: .last).count == 3)
    }

    @Test func decreasingOrKeepingThePartitionCountIsRefusedBeforeAskingKafka() async throws {
        for count in [2, 3] {
            let error = try #require(await kafkaError { try await client.addPartitions(to: "orders", totalCount: count) })
            #expect(error.category == .badRequest)
            #expect(error.name == "INVALID_PARTITIONS")
            #expect(
                error.message
                    == "The number of partitions for a topic can only be increased. Topic orders currently has 3 "
                    + "partitions, \(count) would not be an increase.")
        }
        let unknown = try #require(await kafkaError { try await client.addPartitions(to: "ghost", totalCount: 5) })
        #expect(unknown.category == .notFound)
    }

    /// The mock has no controller: admin requests (CreateTopics, DeleteTopics, CreatePartitions) wait for
    /// one. They must fail as unavailable at the request timeout, not hang.
    @Test func adminRequestsWithoutAControllerAnswerUnavailableInBoundedTime() async throws {
        let client = makeClient(mock.bootstrapServers, timeout: .seconds(1))
        let clock = ContinuousClock()
        let started = clock.now
        let create = try #require(
            await kafkaError { try await client.createTopic("fresh", partitions: 1, replicationFactor: 1) })
        #expect(create.category == .unavailable)
        #expect(create.name == "_TIMED_OUT")
        #expect(create.message.contains("Creating topic fresh failed"))
        let delete = try #require(await kafkaError { try await client.deleteTopic("orders") })
        #expect(delete.category == .unavailable)
        let partitions = try #require(await kafkaError { try await client.addPartitions(to: "orders", totalCount: 4) })
        #expect(partitions.category == .unavailable)
        // Three requests of about the 1 s request timeout each, with room for a loaded machine.
        #expect(clock.now - started < .seconds(20))
    }

}

/// kafka-producer-perf-test's summary line, parsed back.
struct ProducerSummary {
    var records: Int
    var recordsPerSecond: Double
    var megabytesPerSecond: Double
    var averageLatency: Double
    var maxLatency: Double
    var percentiles: [Int]

    init?(_ message: String) {
        let pattern =
            #"^(\d+) records sent, (\d+\.\d{6}) records/sec \((\d+\.\d{2}) MB/sec\), (\d+\.\d{2}) ms avg latency, "#
            + #"(\d+\.\d{2}) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.\n$"#
        guard let regex = try? Regex(pattern), let match = try? regex.wholeMatch(in: message) else { return nil }
        let fields = (1...9).map { String(match.output[$0].substring ?? "") }
        guard let records = Int(fields[0]), let rate = Double(fields[1]), let megabytes = Double(fields[2]),
            let average = Double(fields[3]), let max = Double(fields[4])
        else { return nil }
        self.records = records
        recordsPerSecond = rate
        megabytesPerSecond = megabytes
        averageLatency = average
        maxLatency = max
        percentiles = fields[5...].compactMap { Int($0) }
    }
}

/// Polls `condition` every 50 ms until it holds; fails the test when `timeout` passes first.
func eventually(
    timeout: Duration, _ condition: () async -> Bool, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition did not hold within \(timeout)", sourceLocation: sourceLocation)
}

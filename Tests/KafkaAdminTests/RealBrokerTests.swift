import Foundation
import KafkaAdmin
import Testing
import TestSupport

/// Against a real Kafka-protocol broker process (noida-db), one for the whole suite. Tests run in
/// parallel on it, each with its own topics.
@Suite(.kafkaTestBroker) struct RealBrokerTests {
    let client: KafkaAdminClient

    init() throws {
        let broker = try #require(KafkaTestBroker.current, "the suite's Kafka test broker is missing")
        client = makeClient([broker.bootstrapServer])
    }

    @Test func createDescribeListAndDelete() async throws {
        let topic = uniqueTopic("created")
        let created = try await client.createTopic(topic, partitions: 3, replicationFactor: 1)
        #expect(created == "Output: Created topic \"\(topic)\".\n")

        let description = try await client.describeTopic(topic)
        #expect(
            description.partitions == (0..<3).map { PartitionState(partition: $0, leader: 1, replicas: [1], isr: [1]) })
        let topics = try await client.listTopics()
        #expect(topics.contains(topic))
        #expect(!topics.contains("__consumer_offsets"))
        #expect(try await client.listTopics(includeInternal: true).contains("__consumer_offsets"))

        let deleted = try await client.deleteTopic(topic)
        #expect(
            deleted == "Topic \(topic) is marked for deletion.\nNote: This will have no impact if "
                + "delete.topic.enable is not set to true.\n")
        try await eventually(timeout: .seconds(5)) {
            (try? await client.listTopics().contains(topic)) == false
        }
        let again = try #require(await kafkaError { try await client.deleteTopic(topic) })
        #expect(again.category == .notFound)
        #expect(again.name == "UNKNOWN_TOPIC_OR_PART")
    }

    @Test func creatingAnExistingTopicIsAConflict() async throws {
        let topic = uniqueTopic("twice")
        try await client.createTopic(topic, partitions: 1, replicationFactor: 1)
        let error = try #require(
            await kafkaError { try await client.createTopic(topic, partitions: 1, replicationFactor: 1) })
        #expect(error.category == .conflict)
        #expect(error.name == "TOPIC_ALREADY_EXISTS")
        #expect(error.code == 36)
        #expect(error.message == "Topic '\(topic)' already exists.")
    }

    @Test func moreReplicasThanBrokersIsABadRequest() async throws {
        let topic = uniqueTopic("replicated")
        let error = try #require(
            await kafkaError { try await client.createTopic(topic, partitions: 1, replicationFactor: 3) })
        #expect(error.category == .badRequest)
        #expect(error.name == "INVALID_REPLICATION_FACTOR")
        #expect(error.message.contains("3"))
        #expect(try await !client.listTopics().contains(topic))
    }

    @Test func invalidCreationParametersAreRefusedLocally() async throws {
        let partitions = try #require(
            await kafkaError { try await client.createTopic("t", partitions: 0, replicationFactor: 1) })
        #expect(partitions.category == .badRequest)
        #expect(partitions.name == "INVALID_PARTITIONS")
        let replication = try #require(
            await kafkaError { try await client.createTopic("t", partitions: 1, replicationFactor: 0) })
        #expect(replication.category == .badRequest)
        #expect(replication.name == "INVALID_REPLICATION_FACTOR")
        let name = try #require(
            await kafkaError { try await client.createTopic("no/slashes", partitions: 1, replicationFactor: 1) })
        #expect(name.category == .badRequest)
        #expect(name.name == "TOPIC_EXCEPTION")
    }

    @Test func partitionsOnlyIncrease() async throws {
        let topic = uniqueTopic("grown")
        try await client.createTopic(topic, partitions: 3, replicationFactor: 1)
        let message = try await client.addPartitions(to: topic, totalCount: 5)
        #expect(message == TopicCommandOutput.partitionsAdded)
        #expect(try await client.describeTopic(topic).partitions.map(\.partition) == [0, 1, 2, 3, 4])

        let decrease = try #require(await kafkaError { try await client.addPartitions(to: topic, totalCount: 2) })
        #expect(decrease.category == .badRequest)
        #expect(decrease.message.contains("currently has 5 partitions, 2 would not be an increase"))
        let unknown = try #require(
            await kafkaError { try await client.addPartitions(to: uniqueTopic("ghost"), totalCount: 2) })
        #expect(unknown.category == .notFound)
    }

    @Test func offsetsFirstLastAndByTimestamp() async throws {
        let topic = uniqueTopic("offsets")
        try await client.createTopic(topic, partitions: 2, replicationFactor: 1)
        let empty = (0..<2).map { PartitionOffset(partition: $0, offset: 0) }
        #expect(try await client.offsets(of: topic, at: .first) == empty)
        #expect(try await client.offsets(of: topic, at: .last) == empty)

        let beforeProducing = Int64(Date().timeIntervalSince1970 * 1000) - 1
        _ = try await client.producerTest(topic: topic, records: 40)

        let last = try await client.offsets(of: topic, at: .last)
        #expect(last.map(\.partition) == [0, 1])
        #expect(last.compactMap(\.offset).reduce(0, +) == 40)
        #expect(try await client.offsets(of: topic, at: .first) == empty)

        // Each partition that got records has its first one at or after the time before producing.
        let byTime = try await client.offsets(of: topic, at: .timestamp(beforeProducing))
        #expect(byTime == last.map { PartitionOffset(partition: $0.partition, offset: $0.offset == 0 ? nil : 0) })
        let future = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
        #expect(
            try await client.offsets(of: topic, at: .timestamp(future))
                == [PartitionOffset(partition: 0, offset: nil), PartitionOffset(partition: 1, offset: nil)])

        let unknown = try #require(await kafkaError { try await client.offsets(of: uniqueTopic("ghost"), at: .last) })
        #expect(unknown.category == .notFound)
    }

    @Test func producerTestAnswersInKafkaProducerPerfTestFormat() async throws {
        let topic = uniqueTopic("perf")
        try await client.createTopic(topic, partitions: 1, replicationFactor: 1)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await client.producerTest(topic: topic, records: 2000)
        let took = clock.now - started

        let summary = try #require(ProducerSummary(result.message), "not the tool's format: \(result.message)")
        #expect(summary.records == 2000)
        #expect(summary.maxLatency >= summary.averageLatency)
        #expect(summary.percentiles.count == 4)
        #expect(summary.percentiles == summary.percentiles.sorted())
        #expect(Double(summary.percentiles[3]) <= summary.maxLatency)
        #expect(abs(summary.megabytesPerSecond - summary.recordsPerSecond * 1024 / 1_048_576) <= 0.0051)
        // The 100,000 records/s cap: 2000 records take at least 20 ms.
        #expect(summary.recordsPerSecond <= 100_000 * 1.05)
        #expect(took >= .milliseconds(20))
        #expect(try await client.offsets(of: topic, at: .last) == [PartitionOffset(partition: 0, offset: 2000)])
    }

    @Test func singleBrokerIsRegisteredAndInSync() async throws {
        #expect(try await client.isBrokerRegistered(1))
        #expect(try await !client.isBrokerRegistered(2))
        #expect(try await client.replicaSyncStatus(ofBroker: 1).isInSync)
        #expect(try await client.underReplicatedPartitions() == "")
        #expect(try await client.unavailablePartitions() == "")
    }
}

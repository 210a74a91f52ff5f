import Foundation
import KafkaAdmin
import TestSupport
import Testing
import ZooKeeper

/// A fresh Kafka chroot (`/test-kafka-<random>`) on the shared ZooKeeper server: a client connected with it
/// (as the daemon connects to `<KAFKA_ZOOKEEPER_URI>/dcos-service-<name>`), a writer for Kafka's znodes, and
/// the source under test. Both clients are closed afterwards, also when `body` fails.
func withKafkaChroot<T>(
    timeout: Duration = .seconds(5),
    _ body: (ZooKeeperMetadataSource, KafkaZNodeWriter) async throws -> T
) async throws -> T {
    let server = try await ZooKeeperServer.shared()
    let chroot = uniqueZNodePath("kafka")
    let root = try await server.connect()
    let client: ZooKeeperClient
    do {
        try await root.create(chroot)
        client = try await server.connect(chroot: chroot)
    } catch {
        await root.close()
        throw error
    }
    let source = ZooKeeperMetadataSource(
        client: client, configuration: .init(requestTimeout: timeout), logger: quietLogger)
    let result: T
    do {
        result = try await body(source, KafkaZNodeWriter(client: client, root: ""))
    } catch {
        await client.close()
        await root.close()
        throw error
    }
    await client.close()
    await root.close()
    return result
}

/// The source over znodes written exactly as ZooKeeper-mode Kafka writes them.
@Suite struct ZooKeeperModeSourceTests {
    /// The seed's cluster: brokers 0, 1, 2 (registrations of three Kafka versions), topic0 and topic1,
    /// the internal offsets topic, and a topic marked for deletion.
    static func writeSeedCluster(_ kafka: KafkaZNodeWriter) async throws {
        try await kafka.registerBroker(0, json: KafkaZNodeJSON.brokerV5(host: "10.0.0.211", port: 9843))
        try await kafka.registerBroker(1, json: KafkaZNodeJSON.brokerV4(host: "10.0.0.217", port: 10056))
        try await kafka.registerBroker(
            2, json: KafkaZNodeJSON.brokerNamedListeners(host: "10.0.0.214", plaintextPort: 9689, saslPort: 9690))
        try await kafka.createTopic(
            "topic1", json: KafkaZNodeJSON.topicV3(SeedTopic.assignment), states: SeedTopic.states)
        try await kafka.createTopic(
            "topic0", json: KafkaZNodeJSON.topicV1([0: [1, 2]]),
            states: [0: KafkaZNodeJSON.partitionState(leader: 1, leaderEpoch: 3, controllerEpoch: 2, isr: [1, 2])])
        try await kafka.createTopic(
            "__consumer_offsets", json: KafkaZNodeJSON.topicV2([0: [2, 0, 1]]),
            states: [0: KafkaZNodeJSON.partitionState(leader: 2, isr: [2, 0, 1])])
        try await kafka.createTopic(
            "going", json: KafkaZNodeJSON.topicV2([0: [0]]),
            states: [0: KafkaZNodeJSON.partitionState(leader: 0, isr: [0])])
        try await kafka.markForDeletion("going")
    }

    @Test func listsTopicsWithoutThoseMarkedForDeletion() async throws {
        try await withKafkaChroot { source, kafka in
            #expect(try await source.isZooKeeperMode() == false)
            #expect(try await source.listTopics(includeInternal: false) == [])
            try await Self.writeSeedCluster(kafka)
            #expect(try await source.isZooKeeperMode())
            #expect(try await source.listTopics(includeInternal: false) == ["topic0", "topic1"])
            #expect(try await source.listTopics(includeInternal: true) == ["__consumer_offsets", "topic0", "topic1"])
            let metadata = try await source.clusterMetadata()
            #expect(metadata.topics.map(\.name) == ["__consumer_offsets", "topic0", "topic1"])
            #expect(metadata.brokers.map(\.id) == [0, 1, 2])
        }
    }

    @Test func describeAnswersThePartitionStateZNodes() async throws {
        try await withKafkaChroot { source, kafka in
            try await Self.writeSeedCluster(kafka)
            let topic = try await source.describeTopic("topic1")
            #expect(topic.name == "topic1")
            #expect(
                topic.partitions == [
                    PartitionState(
                        partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 0,
                        controllerEpoch: 1,
                        version: 1),
                    PartitionState(
                        partition: 1, leader: 1, replicas: [1, 2, 0], isr: [1, 2, 0], leaderEpoch: 0,
                        controllerEpoch: 1,
                        version: 1),
                    PartitionState(
                        partition: 2, leader: 2, replicas: [2, 0, 1], isr: [2, 0, 1], leaderEpoch: 0,
                        controllerEpoch: 1,
                        version: 1),
                ])
            let topic0 = try await source.describeTopic("topic0")
            #expect(topic0.partitions.map(\.leaderEpoch) == [3])
            #expect(topic0.partitions.map(\.controllerEpoch) == [2])

            // A new state written by the controller is what the next describe shows.
            try await kafka.setState(
                topic: "topic1", partition: 1,
                json: KafkaZNodeJSON.partitionState(leader: 2, leaderEpoch: 1, controllerEpoch: 2, isr: [2, 0]))
            let moved = try #require(try await source.describeTopic("topic1").partitions.first { $0.partition == 1 })
            #expect(moved.leader == 2)
            #expect(moved.isr == [2, 0])
            #expect(moved.leaderEpoch == 1)
            #expect(moved.controllerEpoch == 2)
        }
    }

    @Test func partitionWithoutStateYetHasNoLeader() async throws {
        try await withKafkaChroot { source, kafka in
            try await kafka.registerBroker(1, json: KafkaZNodeJSON.brokerV5(host: "127.0.0.1", port: 9092))
            try await kafka.createTopic(
                "fresh", json: KafkaZNodeJSON.topicV3([0: [1], 1: [1]]),
                states: [0: KafkaZNodeJSON.partitionState(leader: 1, isr: [1])])
            let topic = try await source.describeTopic("fresh")
            #expect(topic.partitions.map(\.leader) == [1, nil])
            #expect(topic.partitions[1].isr == [])
            #expect(topic.partitions[1].version == nil)
            #expect(
                try await source.unavailablePartitions()
                    == "\tTopic: fresh\tPartition: 1\tLeader: none\tReplicas: 1\tIsr: \n")
        }
    }

    @Test func unknownAndInvalidTopics() async throws {
        try await withKafkaChroot { source, kafka in
            try await Self.writeSeedCluster(kafka)
            let unknown = await kafkaError { try await source.describeTopic("no-such-topic") }
            #expect(unknown?.category == .notFound)
            #expect(unknown?.name == "UNKNOWN_TOPIC_OR_PART")
            let invalid = await kafkaError { try await source.describeTopic("../brokers") }
            #expect(invalid?.category == .badRequest)
            // Marked for deletion: not listed, but its state is still there to describe until Kafka removes it.
            #expect(try await source.describeTopic("going").partitions.count == 1)
        }
    }

    @Test func malformedZNodeIsAFailureNamingIt() async throws {
        try await withKafkaChroot { source, kafka in
            try await kafka.createTopic("broken", json: "{\"partitions\":", states: [:])
            let error = await kafkaError { try await source.describeTopic("broken") }
            #expect(error?.category == .failed)
            #expect(error?.message.contains("/brokers/topics/broken") == true)
        }
    }

    /// Kafka-topics' under-replicated and unavailable listings from the znodes: a broker that stopped
    /// (registration gone), ISRs that shrank, a partition without a leader.
    @Test func underReplicatedAndUnavailableFromZNodeState() async throws {
        try await withKafkaChroot { source, kafka in
            try await Self.writeSeedCluster(kafka)
            #expect(try await source.underReplicatedPartitions() == "")
            #expect(try await source.unavailablePartitions() == "")
            for id: Int32 in 0...2 { #expect(try await source.replicaSyncStatus(ofBroker: id).isInSync) }

            // Broker 2 stops: its registration goes; the controller moves leadership and shrinks the ISRs.
            try await kafka.unregisterBroker(2)
            try await kafka.setState(
                topic: "topic1", partition: 0,
                json: KafkaZNodeJSON.partitionState(leader: 0, leaderEpoch: 1, isr: [0, 1]))
            try await kafka.setState(
                topic: "topic1", partition: 1,
                json: KafkaZNodeJSON.partitionState(leader: 1, leaderEpoch: 1, isr: [1, 0]))
            try await kafka.setState(
                topic: "topic1", partition: 2, json: KafkaZNodeJSON.partitionState(leader: -1, leaderEpoch: 1, isr: [2])
            )
            try await kafka.setState(
                topic: "topic0", partition: 0, json: KafkaZNodeJSON.partitionState(leader: 1, leaderEpoch: 4, isr: [1]))

            #expect(
                try await source.underReplicatedPartitions()
                    == "\tTopic: topic0\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1\n"
                    + "\tTopic: topic1\tPartition: 0\tLeader: 0\tReplicas: 0,1,2\tIsr: 0,1\n"
                    + "\tTopic: topic1\tPartition: 1\tLeader: 1\tReplicas: 1,2,0\tIsr: 1,0\n"
                    + "\tTopic: topic1\tPartition: 2\tLeader: none\tReplicas: 2,0,1\tIsr: 2\n")
            // __consumer_offsets-0 is still led by broker 2, which is no longer registered.
            #expect(
                try await source.unavailablePartitions()
                    == "\tTopic: __consumer_offsets\tPartition: 0\tLeader: 2\tReplicas: 2,0,1\tIsr: 2,0,1\n"
                    + "\tTopic: topic1\tPartition: 2\tLeader: none\tReplicas: 2,0,1\tIsr: 2\n")
            #expect(try await !source.isBrokerRegistered(2))
            #expect(try await source.isBrokerRegistered(0))
            let status = try await source.replicaSyncStatus(ofBroker: 2)
            #expect(!status.isRegistered)
            #expect(status.laggingPartitions.map(\.name) == ["topic0-0", "topic1-0", "topic1-1", "topic1-2"])
        }
    }

    @Test func registeredEndpointsForBootstrap() async throws {
        try await withKafkaChroot { source, kafka in
            #expect(try await source.registeredEndpoints() == [])
            try await Self.writeSeedCluster(kafka)
            try await kafka.registerBroker(7, json: KafkaZNodeJSON.brokerSSLOnly(host: "10.0.0.7", port: 9094))
            try await kafka.registerBroker(8, json: KafkaZNodeJSON.brokerV1(host: "10.0.0.8", port: 9092))
            // Brokers without a PLAINTEXT listener cannot bootstrap this client: left out, but registered.
            #expect(
                try await source.registeredEndpoints()
                    == ["10.0.0.211:9843", "10.0.0.217:10056", "10.0.0.214:9689", "10.0.0.8:9092"])
            #expect(try await source.registeredBrokers().map(\.id) == [0, 1, 2, 7, 8])
            #expect(try await source.isBrokerRegistered(7))
        }
    }

    @Test(.timeLimit(.minutes(1))) func endpointUpdatesFollowRegistrations() async throws {
        try await withKafkaChroot { source, kafka in
            var updates = source.registeredEndpointUpdates().makeAsyncIterator()
            #expect(try await updates.next() == [])
            try await kafka.registerBroker(1, json: KafkaZNodeJSON.brokerV5(host: "10.0.0.1", port: 9092))
            #expect(try await updates.next() == ["10.0.0.1:9092"])
            try await kafka.registerBroker(2, json: KafkaZNodeJSON.brokerV5(host: "10.0.0.2", port: 9092))
            #expect(try await updates.next() == ["10.0.0.1:9092", "10.0.0.2:9092"])
            try await kafka.unregisterBroker(1)
            #expect(try await updates.next() == ["10.0.0.2:9092"])
        }
    }

    /// A client at ZooKeeper's root reads a chroot through `root:`; the same answers as a chrooted client.
    @Test func sourceBelowAPathPrefix() async throws {
        let server = try await ZooKeeperServer.shared()
        let chroot = uniqueZNodePath("kafka-prefix")
        let client = try await server.connect()
        do {
            let kafka = KafkaZNodeWriter(client: client, root: chroot)
            try await Self.writeSeedCluster(kafka)
            let source = ZooKeeperMetadataSource(client: client, root: chroot, logger: quietLogger)
            #expect(try await source.isZooKeeperMode())
            #expect(try await source.listTopics(includeInternal: false) == ["topic0", "topic1"])
            #expect(try await source.describeTopic("topic1").partitions.map(\.leader) == [0, 1, 2])
            let other = ZooKeeperMetadataSource(client: client, root: uniqueZNodePath("empty"), logger: quietLogger)
            #expect(try await other.isZooKeeperMode() == false)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    /// A larger cluster: every partition read, in order, within a bounded time.
    @Test func manyTopicsAndPartitions() async throws {
        try await withKafkaChroot { source, kafka in
            try await kafka.registerBroker(1, json: KafkaZNodeJSON.brokerV5(host: "127.0.0.1", port: 9092))
            let partitions = Dictionary(uniqueKeysWithValues: (0..<10).map { (Int32($0), [Int32(1)]) })
            let states = partitions.mapValues { _ in KafkaZNodeJSON.partitionState(leader: 1, isr: [1]) }
            let names = (0..<20).map { String(format: "t%02d", $0) }
            for name in names {
                try await kafka.createTopic(name, json: KafkaZNodeJSON.topicV3(partitions), states: states)
            }
            let clock = ContinuousClock()
            let started = clock.now
            let metadata = try await source.clusterMetadata()
            #expect(clock.now - started < .seconds(5))
            #expect(metadata.topics.map(\.name) == names)
            #expect(metadata.allPartitions.count == 200)
            #expect(metadata.topics.allSatisfy { $0.partitions.map(\.partition) == (0..<10).map(Int32.init) })
            #expect(metadata.underReplicatedPartitions.isEmpty)
        }
    }
}

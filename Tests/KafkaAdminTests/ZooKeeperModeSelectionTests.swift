import Foundation
import KafkaAdmin
import TestSupport
import Testing
import ZooKeeper

/// Which source answers (znodes in ZooKeeper mode, the Kafka protocol otherwise), and that both answer
/// the listings alike.
@Suite struct ZooKeeperModeSelectionTests {
    /// Broker 2 is down; its partitions shrank or lost their leader.
    static let degraded = KafkaScriptedBroker.Cluster(
        brokerIds: [1, 3],
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(id: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 3]),
                    .init(id: 1, leader: -1, replicas: [2], isr: [2]),
                    .init(id: 2, leader: 3, replicas: [3, 1], isr: [3, 1]),
                ]),
            .init(
                name: "__consumer_offsets", isInternal: true,
                partitions: [.init(id: 0, leader: 2, replicas: [2, 1, 3], isr: [2, 1, 3])]),
            .init(name: "payments", partitions: [.init(id: 0, leader: 3, replicas: [3, 1], isr: [3, 1])]),
        ])

    /// The same cluster as Kafka's znodes.
    static func writeDegraded(_ kafka: KafkaZNodeWriter) async throws {
        for id: Int32 in [1, 3] {
            try await kafka.registerBroker(id, json: KafkaZNodeJSON.brokerV5(host: "10.0.0.\(id)", port: 9092))
        }
        for topic in degraded.topics {
            var assignment: [Int32: [Int32]] = [:]
            var states: [Int32: String] = [:]
            for partition in topic.partitions {
                assignment[partition.id] = partition.replicas
                states[partition.id] = KafkaZNodeJSON.partitionState(
                    leader: partition.leader, leaderEpoch: 2, isr: partition.isr)
            }
            try await kafka.createTopic(topic.name, json: KafkaZNodeJSON.topicV3(assignment), states: states)
        }
    }

    @Test func znodesAndTheKafkaProtocolAnswerTheSameListings() async throws {
        let broker = try KafkaScriptedBroker(cluster: Self.degraded)
        defer { broker.stop() }
        let client = makeClient([broker.bootstrapServer])
        try await withKafkaChroot { source, kafka in
            try await Self.writeDegraded(kafka)
            #expect(try await source.listTopics(includeInternal: false) == client.listTopics(includeInternal: false))
            let underReplicated = try await source.underReplicatedPartitions()
            #expect(underReplicated == (try await client.underReplicatedPartitions()))
            #expect(
                underReplicated
                    == "\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,3\n")
            let unavailable = try await source.unavailablePartitions()
            #expect(unavailable == (try await client.unavailablePartitions()))
            #expect(
                unavailable
                    == "\tTopic: __consumer_offsets\tPartition: 0\tLeader: 2\tReplicas: 2,1,3\tIsr: 2,1,3\n"
                    + "\tTopic: orders\tPartition: 1\tLeader: none\tReplicas: 2\tIsr: 2\n")

            // The same leaders, replicas and ISRs; the znodes add the epochs and the format version.
            let fromZNodes = try await source.clusterMetadata()
            let fromKafka = try await client.clusterMetadata()
            #expect(fromZNodes.brokers.map(\.id) == fromKafka.brokers.map(\.id))
            #expect(fromZNodes.topics.map(\.name) == fromKafka.topics.map(\.name))
            for (zk, overKafka) in zip(fromZNodes.allPartitions, fromKafka.allPartitions) {
                #expect(zk.name == overKafka.name)
                #expect(zk.state.leader == overKafka.state.leader)
                #expect(zk.state.replicas == overKafka.state.replicas)
                #expect(zk.state.isr == overKafka.state.isr)
                #expect(zk.state.leaderEpoch == 2)
                #expect(zk.state.version == 1)
                #expect(overKafka.state.leaderEpoch == nil)
            }
            for id: Int32 in [1, 2, 3] {
                let zk = try await source.replicaSyncStatus(ofBroker: id)
                let overKafka = try await client.replicaSyncStatus(ofBroker: id)
                #expect(zk.isRegistered == overKafka.isRegistered)
                #expect(zk.laggingPartitions.map(\.name) == overKafka.laggingPartitions.map(\.name))
                #expect(zk.summary == overKafka.summary)
            }
        }
    }

    /// A Kafka-protocol broker that does not register in ZooKeeper (noida-db) is read over the protocol;
    /// once registrations and topic znodes appear, the znodes answer.
    @Test func protocolWithoutRegistrationsZNodesWithThem() async throws {
        try await KafkaTestBroker.withBroker { broker in
            let client = makeClient([broker.bootstrapServer])
            try await client.createTopic("over-protocol", partitions: 2, replicationFactor: 1)
            try await withKafkaChroot { source, kafka in
                let selecting = ModeSelectingMetadataSource(kafka: client, zooKeeper: source)
                #expect(try await selecting.mode() == .kafkaProtocol)
                #expect(try await selecting.listTopics(includeInternal: false) == ["over-protocol"])
                let overProtocol = try await selecting.describeTopic("over-protocol")
                #expect(overProtocol.partitions.count == 2)
                #expect(overProtocol.partitions.allSatisfy { $0.version == nil && $0.controllerEpoch == nil })

                // A topic znode alone makes it ZooKeeper mode (all brokers may be down).
                try await kafka.createTopic(
                    "in-zookeeper", json: KafkaZNodeJSON.topicV2([0: [1]]),
                    states: [0: KafkaZNodeJSON.partitionState(leader: -1, isr: [1])])
                #expect(try await selecting.mode() == .zooKeeper)
                #expect(try await selecting.listTopics(includeInternal: false) == ["in-zookeeper"])
                #expect(try await selecting.unavailablePartitions().hasPrefix("\tTopic: in-zookeeper\tPartition: 0"))
                let unknown = await kafkaError { try await selecting.describeTopic("over-protocol") }
                #expect(unknown?.category == .notFound)

                // Registrations alone make it ZooKeeper mode too.
                try await kafka.client.delete(kafka.znodes.partitionState(topic: "in-zookeeper", partition: 0))
                for path in ["/partitions/0", "/partitions", ""] {
                    try await kafka.client.delete(kafka.znodes.topic("in-zookeeper") + path)
                }
                #expect(try await selecting.mode() == .kafkaProtocol)
                try await kafka.registerBroker(1, json: KafkaZNodeJSON.brokerV5(host: broker.host, port: broker.port))
                #expect(try await selecting.mode() == .zooKeeper)
                #expect(try await selecting.listTopics(includeInternal: false) == [])
                #expect(try await selecting.isBrokerRegistered(1))
                #expect(try await source.registeredEndpoints() == [broker.bootstrapServer])
            }
        }
    }

    @Test func withoutAZooKeeperSourceEverythingGoesOverTheProtocol() async throws {
        let broker = try KafkaScriptedBroker(cluster: Self.degraded)
        defer { broker.stop() }
        let selecting = ModeSelectingMetadataSource(kafka: makeClient([broker.bootstrapServer]), zooKeeper: nil)
        #expect(try await selecting.mode() == .kafkaProtocol)
        #expect(try await selecting.listTopics(includeInternal: false) == ["orders", "payments"])
    }
}

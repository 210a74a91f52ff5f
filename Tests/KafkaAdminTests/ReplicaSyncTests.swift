import Foundation
import KafkaAdmin
import Testing
import TestSupport

/// Under-replication, registration and the in-sync check over the Kafka protocol, against a scripted
/// broker whose ISR and registrations the test changes (librdkafka's mock always reports ISR = replicas).
@Suite struct ReplicaSyncTests {
    static let healthy = KafkaScriptedBroker.Cluster(
        brokerIds: [1, 2, 3],
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(id: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3]),
                    .init(id: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3, 1]),
                ]),
            .init(
                name: "__consumer_offsets", isInternal: true,
                partitions: [.init(id: 0, leader: 3, replicas: [3, 1, 2], isr: [3, 1, 2])]),
            .init(name: "payments", partitions: [.init(id: 0, leader: 3, replicas: [3, 1], isr: [3, 1])]),
        ])

    let broker: KafkaScriptedBroker
    let client: KafkaAdminClient

    init() throws {
        broker = try KafkaScriptedBroker(cluster: Self.healthy)
        client = makeClient([broker.bootstrapServer])
    }

    @Test func healthyClusterHasNothingToReport() async throws {
        #expect(try await client.listTopics() == ["orders", "payments"])
        #expect(try await client.underReplicatedPartitions() == "")
        #expect(try await client.unavailablePartitions() == "")
        for id: Int32 in 1...3 {
            #expect(try await client.isBrokerRegistered(id))
            #expect(try await client.replicaSyncStatus(ofBroker: id).isInSync)
        }
    }

    @Test func describeReportsTheISRKafkaSends() async throws {
        broker.update { $0.updatePartition(topic: "orders", partition: 1) { $0.isr = [3, 2] } }
        let topic = try await client.describeTopic("orders")
        #expect(
            topic.partitions == [
                PartitionState(partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3]),
                PartitionState(partition: 1, leader: 2, replicas: [2, 3, 1], isr: [3, 2]),
            ])
    }

    /// A rolling restart of broker 2: it leaves, partitions shrink their ISR and move leaders, it comes
    /// back and catches up one partition after the other. The in-sync check holds until the last one.
    @Test func inSyncCheckFollowsABrokerRestart() async throws {
        broker.update { cluster in
            cluster.brokerIds = [1, 3]
            cluster.updatePartition(topic: "orders", partition: 0) { $0.isr = [1, 3] }
            cluster.updatePartition(topic: "orders", partition: 1) { $0.leader = 3; $0.isr = [3, 1] }
            cluster.updatePartition(topic: "__consumer_offsets", partition: 0) { $0.isr = [3, 1] }
        }
        #expect(try await !client.isBrokerRegistered(2))
        var status = try await client.replicaSyncStatus(ofBroker: 2)
        #expect(!status.isRegistered)
        #expect(!status.isInSync)
        #expect(status.laggingPartitions.map(\.name) == ["__consumer_offsets-0", "orders-0", "orders-1"])
        #expect(
            try await client.underReplicatedPartitions()
                == "\tTopic: __consumer_offsets\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1\n"
                + "\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,3\n"
                + "\tTopic: orders\tPartition: 1\tLeader: 3\tReplicas: 2,3,1\tIsr: 3,1\n")
        #expect(try await client.unavailablePartitions() == "")
        // Broker 3 has replicas on the same partitions: it is in their ISR, but they are under-replicated.
        #expect(try await !client.replicaSyncStatus(ofBroker: 3).isInSync)
        // Broker 1 and 3 only hold payments-0 fully; broker 1 also holds the lagging ones.
        #expect(try await !client.replicaSyncStatus(ofBroker: 1).isInSync)

        // Registered again, catching up on orders only.
        broker.update { cluster in
            cluster.brokerIds = [1, 2, 3]
            cluster.updatePartition(topic: "orders", partition: 0) { $0.isr = [1, 3, 2] }
            cluster.updatePartition(topic: "orders", partition: 1) { $0.isr = [3, 1, 2] }
        }
        #expect(try await client.isBrokerRegistered(2))
        status = try await client.replicaSyncStatus(ofBroker: 2)
        #expect(status.isRegistered)
        #expect(!status.isInSync)
        #expect(status.laggingPartitions.map(\.name) == ["__consumer_offsets-0"])
        #expect(
            status.summary
                == "waiting for 1 under-replicated partition with a replica on broker 2: __consumer_offsets-0 "
                + "(replicas 3,1,2, isr 3,1)")

        // Fully caught up.
        broker.update { $0.updatePartition(topic: "__consumer_offsets", partition: 0) { $0.isr = [3, 1, 2] } }
        status = try await client.replicaSyncStatus(ofBroker: 2)
        #expect(status.isInSync)
        #expect(status.laggingPartitions.isEmpty)
        #expect(try await client.underReplicatedPartitions() == "")
    }

    @Test func partitionLedByAnUnregisteredBrokerIsUnavailable() async throws {
        broker.update { cluster in
            cluster.brokerIds = [1, 2]
            cluster.updatePartition(topic: "payments", partition: 0) { $0.isr = [3] }
        }
        #expect(
            try await client.unavailablePartitions()
                == "\tTopic: __consumer_offsets\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\n"
                + "\tTopic: payments\tPartition: 0\tLeader: 3\tReplicas: 3,1\tIsr: 3\n")
        broker.update { $0.updatePartition(topic: "payments", partition: 0) { $0.leader = -1; $0.isr = [] } }
        #expect(
            try await client.unavailablePartitions().hasSuffix(
                "\tTopic: payments\tPartition: 0\tLeader: none\tReplicas: 3,1\tIsr: \n"))
    }

    @Test func clusterThatNeverAnswersIsUnavailableWithinTheRequestTimeout() async throws {
        let silent = try KafkaScriptedBroker(cluster: Self.healthy, answering: false)
        let client = makeClient([silent.bootstrapServer], timeout: .seconds(1))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await kafkaError { try await client.replicaSyncStatus(ofBroker: 1) })
        #expect(error.category == .unavailable)
        // About the 1 s request timeout; the bound leaves room for a machine busy with the whole suite.
        #expect(clock.now - started < .seconds(10))
    }
}

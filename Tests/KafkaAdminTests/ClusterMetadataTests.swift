import KafkaAdmin
import Testing

@Suite struct ClusterMetadataTests {
    let metadata = ClusterMetadata(
        brokers: [
            KafkaBroker(id: 3, host: "h3", port: 9092), KafkaBroker(id: 1, host: "h1", port: 9092),
        ],
        topics: [
            TopicDescription(
                name: "orders",
                partitions: [
                    PartitionState(partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3, 1]),
                    PartitionState(partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 3]),
                    PartitionState(partition: 2, leader: nil, replicas: [3, 1, 2], isr: [3]),
                ]),
            TopicDescription(
                name: "__consumer_offsets",
                partitions: [PartitionState(partition: 0, leader: 3, replicas: [3], isr: [3])]),
        ])

    @Test func sortsBrokersTopicsAndPartitions() {
        #expect(metadata.brokers.map(\.id) == [1, 3])
        #expect(metadata.topics.map(\.name) == ["__consumer_offsets", "orders"])
        #expect(metadata.topic(named: "orders")?.partitions.map(\.partition) == [0, 1, 2])
        #expect(metadata.topic(named: "__consumer_offsets")?.isInternal == true)
        #expect(metadata.topic(named: "orders")?.isInternal == false)
    }

    @Test func listsUnderReplicatedPartitionsInKafkaTopicsFormat() {
        #expect(
            metadata.underReplicatedPartitions.kafkaTopicsListing
                == "\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,3\n"
                + "\tTopic: orders\tPartition: 2\tLeader: none\tReplicas: 3,1,2\tIsr: 3\n")
    }

    @Test func listsPartitionsWithoutALiveLeaderAsUnavailable() {
        // Partition 1's leader (2) is not registered; partition 2 has none.
        #expect(
            metadata.unavailablePartitions.kafkaTopicsListing
                == "\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\n"
                + "\tTopic: orders\tPartition: 2\tLeader: none\tReplicas: 3,1,2\tIsr: 3\n")
    }

    @Test func emptyListingWhenAllIsWell() {
        let healthy = ClusterMetadata(
            brokers: [KafkaBroker(id: 1, host: "h", port: 1)],
            topics: [TopicDescription(name: "t", partitions: [PartitionState(partition: 0, leader: 1, replicas: [1], isr: [1])])])
        #expect(healthy.underReplicatedPartitions.kafkaTopicsListing == "")
        #expect(healthy.unavailablePartitions.kafkaTopicsListing == "")
        #expect(healthy.replicaSyncStatus(ofBroker: 1).isInSync)
    }

    @Test func brokerIsInSyncOnlyWhenRegisteredAndNoPartitionOfItsIsUnderReplicated() {
        let broker1 = metadata.replicaSyncStatus(ofBroker: 1)
        #expect(broker1.isRegistered)
        #expect(broker1.laggingPartitions.map(\.name) == ["orders-0", "orders-2"])
        #expect(!broker1.isInSync)
        #expect(
            broker1.summary
                == "waiting for 2 under-replicated partitions with a replica on broker 1: orders-0 (replicas 1,2,3, "
                + "isr 1,3), orders-2 (replicas 3,1,2, isr 3)")

        let broker2 = metadata.replicaSyncStatus(ofBroker: 2)
        #expect(!broker2.isRegistered)
        #expect(!broker2.isInSync)
        #expect(broker2.summary == "broker 2 is not registered with the cluster")

        let broker3 = ClusterMetadata(
            brokers: metadata.brokers,
            topics: [TopicDescription(name: "t", partitions: [PartitionState(partition: 0, leader: 3, replicas: [3, 1], isr: [3, 1])])]
        ).replicaSyncStatus(ofBroker: 3)
        #expect(broker3.isInSync)
        #expect(broker3.summary == "broker 3 is in sync")
    }

    @Test func registration() {
        #expect(metadata.isBrokerRegistered(1))
        #expect(!metadata.isBrokerRegistered(2))
    }
}

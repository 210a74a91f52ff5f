import Foundation
import KafkaAdmin
import Testing

/// Kafka's znode formats, decoded from the bytes Kafka writes (every registration and topic version).
@Suite struct ZooKeeperModeFormatTests {
    @Test func partitionStateAsTheControllerWritesIt() throws {
        let data = Data(#"{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1,2]}"#.utf8)
        let state = try PartitionState.decodeZNode(partition: 0, replicas: [0, 1, 2], data: data, path: "/s")
        #expect(
            state
                == PartitionState(
                    partition: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 0, controllerEpoch: 1,
                    version: 1))
        #expect(!state.isUnderReplicated)
    }

    @Test func leaderlessAndRecoveringPartitions() throws {
        let none = try PartitionState.decodeZNode(
            partition: 3, replicas: [1, 2],
            data: Data(#"{"controller_epoch":7,"leader":-1,"version":1,"leader_epoch":12,"isr":[2]}"#.utf8),
            path: "/s")
        #expect(none.leader == nil)
        #expect(none.isr == [2])
        #expect(none.leaderEpoch == 12)
        #expect(none.controllerEpoch == 7)
        #expect(none.isUnderReplicated)

        // Kafka 3.2+ adds leader_recovery_state while the leader recovers after an unclean election.
        let recovering = try PartitionState.decodeZNode(
            partition: 0, replicas: [1],
            data: Data(
                #"{"controller_epoch":2,"leader":1,"version":1,"leader_epoch":5,"isr":[1],"leader_recovery_state":1}"#
                    .utf8),
            path: "/s")
        #expect(recovering.leaderRecoveryState == 1)
        #expect(recovering.leader == 1)
    }

    @Test func malformedStateNamesTheZNode() throws {
        let path = "/brokers/topics/t/partitions/0/state"
        let error = try #require(throws: KafkaAdminError.self) {
            try PartitionState.decodeZNode(partition: 0, replicas: [1], data: Data(#"{"leader":1}"#.utf8), path: path)
        }
        #expect(error.name == "MALFORMED_ZNODE")
        #expect(error.category == .failed)
        #expect(error.message.contains(path))
        #expect(error.message.contains(#"{"leader":1}"#))
    }

    @Test func topicAssignmentOfEveryVersion() throws {
        let assignment: [Int32: [Int32]] = [0: [0, 1, 2], 1: [1, 2, 0], 2: [2, 0, 1]]
        for json in [
            KafkaZNodeJSON.topicV1(assignment), KafkaZNodeJSON.topicV2(assignment),
            KafkaZNodeJSON.topicV3(assignment, adding: [0: [3]]),
        ] {
            let decoded = try TopicAssignment.decode(topic: "t", data: Data(json.utf8), path: "/brokers/topics/t")
            #expect(decoded.replicas == assignment, "\(json)")
            #expect(decoded.partitions == [0, 1, 2])
        }
        // Kafka reads a topic znode without partitions as a topic without partitions.
        let empty = try TopicAssignment.decode(topic: "t", data: Data(#"{"version":1}"#.utf8), path: "/t")
        #expect(empty.partitions.isEmpty)
        #expect(throws: KafkaAdminError.self) {
            try TopicAssignment.decode(topic: "t", data: Data(#"{"partitions":{"x":[1]}}"#.utf8), path: "/t")
        }
        #expect(throws: KafkaAdminError.self) {
            try TopicAssignment.decode(topic: "t", data: Data("not json".utf8), path: "/t")
        }
    }

    @Test func registrationsOfEveryVersion() throws {
        let plain = RegisteredBroker.Endpoint(
            listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "10.0.0.211", port: 9843)
        for json in [
            KafkaZNodeJSON.brokerV5(host: "10.0.0.211", port: 9843),
            KafkaZNodeJSON.brokerV4(host: "10.0.0.211", port: 9843),
            KafkaZNodeJSON.brokerV2(host: "10.0.0.211", port: 9843),
            KafkaZNodeJSON.brokerV1(host: "10.0.0.211", port: 9843),
        ] {
            let broker = try RegisteredBroker.decode(id: 0, data: Data(json.utf8), path: "/brokers/ids/0")
            #expect(broker.endpoints == [plain], "\(json)")
            #expect(broker.plaintextEndpoint?.hostPort == "10.0.0.211:9843")
            #expect(broker.kafkaBroker == KafkaBroker(id: 0, host: "10.0.0.211", port: 9843))
        }
    }

    @Test func plaintextEndpointFollowsTheListenerProtocolMap() throws {
        let named = try RegisteredBroker.decode(
            id: 4,
            data: Data(KafkaZNodeJSON.brokerNamedListeners(host: "kafka-4", plaintextPort: 9092, saslPort: 9093).utf8),
            path: "/brokers/ids/4")
        #expect(named.endpoints.map(\.securityProtocol) == ["SASL_SSL", "PLAINTEXT"])
        #expect(named.plaintextEndpoint?.listenerName == "CLIENT")
        #expect(named.plaintextEndpoint?.hostPort == "kafka-4:9092")

        let tls = try RegisteredBroker.decode(
            id: 5, data: Data(KafkaZNodeJSON.brokerSSLOnly(host: "kafka-5", port: 9094).utf8), path: "/brokers/ids/5")
        #expect(tls.plaintextEndpoint == nil)
        #expect(tls.kafkaBroker == KafkaBroker(id: 5, host: "kafka-5", port: 9094))

        let ipv6 = try RegisteredBroker.decode(
            id: 6,
            data: Data(#"{"endpoints":["PLAINTEXT://[fe80::1]:9092"],"host":"fe80::1","port":9092,"version":4}"#.utf8),
            path: "/brokers/ids/6")
        #expect(ipv6.plaintextEndpoint?.host == "fe80::1")
        #expect(ipv6.plaintextEndpoint?.hostPort == "[fe80::1]:9092")
    }

    @Test func malformedRegistrations() throws {
        for json in [#"{"version":4,"endpoints":["nonsense"]}"#, #"{"version":1,"host":null,"port":-1}"#, "[]"] {
            let error = try #require(throws: KafkaAdminError.self) {
                try RegisteredBroker.decode(id: 1, data: Data(json.utf8), path: "/brokers/ids/1")
            }
            #expect(error.name == "MALFORMED_ZNODE", "\(json)")
            #expect(error.message.contains("/brokers/ids/1"))
        }
    }

    @Test func pathsBelowAChroot() {
        for root in ["", "/"] {
            let znodes = KafkaZNodes(root: root)
            #expect(znodes.brokerIds == "/brokers/ids")
            #expect(znodes.partitionState(topic: "t", partition: 2) == "/brokers/topics/t/partitions/2/state")
        }
        let chrooted = KafkaZNodes(root: "dcos-service-kafka/")
        #expect(chrooted.broker(3) == "/dcos-service-kafka/brokers/ids/3")
        #expect(chrooted.topic("t") == "/dcos-service-kafka/brokers/topics/t")
        #expect(chrooted.topicsMarkedForDeletion == "/dcos-service-kafka/admin/delete_topics")
    }
}

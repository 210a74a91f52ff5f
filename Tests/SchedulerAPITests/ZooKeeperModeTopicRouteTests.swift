import Foundation
import KafkaAdmin
import KafkaFramework
import Logging
import TestSupport
import Testing
import ZooKeeper

/// The topic routes over `KafkaTopicOperations` with Kafka in ZooKeeper mode: list, describe and the
/// partition listings read Kafka's znodes (written here byte for byte as Kafka writes them); the seed's
/// describe example answers the seed's text.
@Suite struct ZooKeeperModeTopicRouteTests {
    /// `/brokers/topics/<t>/partitions/<p>/state` as Kafka's controller writes it.
    static func state(leader: Int32, leaderEpoch: Int32 = 0, isr: [Int32]) -> String {
        "{\"controller_epoch\":1,\"leader\":\(leader),\"version\":1,\"leader_epoch\":\(leaderEpoch),\"isr\":["
            + isr.map(String.init).joined(separator: ",") + "]}"
    }

    /// `/brokers/ids/<id>` as Kafka 3.x registers a broker.
    static func registration(host: String, port: Int) -> String {
        "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
            + "\"endpoints\":[\"PLAINTEXT://\(host):\(port)\"],\"jmx_port\":-1,\"port\":\(port),\"host\":\"\(host)\","
            + "\"version\":5,\"timestamp\":\"1700000000000\"}"
    }

    /// The seed's cluster in Kafka's znodes below `client`'s chroot: brokers 0–2, topic1 with the states
    /// of the seed's describe example, topic0, and topic2 marked for deletion.
    static func writeSeedCluster(_ client: ZooKeeperClient) async throws {
        let hosts = ["10.0.0.211:9843", "10.0.0.217:10056", "10.0.0.214:9689"]
        for (id, endpoint) in hosts.enumerated() {
            let parts = endpoint.split(separator: ":")
            try await client.create(
                "/brokers/ids/\(id)", data: Data(registration(host: String(parts[0]), port: Int(parts[1])!).utf8),
                mode: .ephemeral, createParents: true)
        }
        let topics: [(String, String, [Int32: String])] = [
            (
                "topic1",
                "{\"removing_replicas\":{},\"partitions\":{\"2\":[2,0,1],\"1\":[1,2,0],\"0\":[0,1,2]},"
                    + "\"topic_id\":\"pbOwLJp6Sh2Fb1ML8Cd2bA\",\"adding_replicas\":{},\"version\":3}",
                [
                    0: state(leader: 0, isr: [0, 1, 2]), 1: state(leader: 1, isr: [1, 2, 0]),
                    2: state(leader: 2, isr: [2, 0, 1]),
                ]
            ),
            (
                "topic0",
                "{\"version\":2,\"partitions\":{\"0\":[1,2]},\"adding_replicas\":{},\"removing_replicas\":{}}",
                [0: state(leader: 1, leaderEpoch: 4, isr: [1, 2])]
            ),
            ("topic2", "{\"version\":1,\"partitions\":{\"0\":[0]}}", [0: state(leader: 0, isr: [0])]),
        ]
        for (name, assignment, states) in topics {
            try await client.create("/brokers/topics/\(name)", data: Data(assignment.utf8), createParents: true)
            for (partition, json) in states {
                try await client.create(
                    "/brokers/topics/\(name)/partitions/\(partition)/state", data: Data(json.utf8), createParents: true)
            }
        }
        try await client.create("/admin/delete_topics/topic2", createParents: true)
    }

    /// Topic operations whose reads use a fresh Kafka chroot on `server` (the daemon's wiring: a client
    /// connected to `<zookeeper>/dcos-service-<name>`), and whose Kafka protocol client reaches `bootstrap`.
    static func withZooKeeperModeTopics(
        on server: ZooKeeperServer, bootstrap: [String] = [], zooKeeperTimeout: Duration = .seconds(5),
        _ body: (KafkaTopicOperations, ZooKeeperClient) async throws -> Void
    ) async throws {
        let chroot = uniqueZNodePath("dcos-service-kafka")
        let root = try await server.connect()
        do {
            try await root.create(chroot)
        } catch {
            await root.close()
            throw error
        }
        await root.close()
        let client = try await server.connect(chroot: chroot, sessionTimeout: .seconds(20))
        let quiet = Logger(label: "kafka-scheduler.zk-mode-tests") { _ in SwiftLogNoOpLogHandler() }
        let topics = KafkaTopicOperations(
            client: KafkaAdminClient(
                bootstrapServers: bootstrap, configuration: KafkaAdminClient.Configuration(requestTimeout: .seconds(2)),
                logger: quiet),
            zooKeeper: ZooKeeperMetadataSource(
                client: client, configuration: .init(requestTimeout: zooKeeperTimeout), logger: quiet),
            defaultPartitions: 1, defaultReplication: 1)
        do {
            try await body(topics, client)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    @Test func seedDescribeExampleAnswersTheSeedsTextFromZNodes() async throws {
        try await Self.withZooKeeperModeTopics(on: try await ZooKeeperServer.shared()) { topics, client in
            try await Self.writeSeedCluster(client)
            // No Kafka broker is reachable: every read below comes from the znodes.
            try await withTestServer(topics: topics) { server in
                let run = try await runSeedExample(5, on: server)
                #expect(run.status == 200)
                #expect(run.body == SeedExamples.describe)

                // Byte for byte, also with GET and at the DC/OS path.
                for (method, path) in [("POST", "/v1/topics/topic1"), ("GET", "/service/kafka/v1/topics/topic1")] {
                    let answer = try await server.request(method, path)
                    #expect(answer.status == 200)
                    #expect(answer.body == Data((SeedExamples.describe + "\n").utf8), "\(method) \(path)")
                }

                let list = try await runSeedExample(4, on: server)
                #expect(list.status == 200)
                #expect(
                    try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String] == ["topic0", "topic1"])

                for index in [11, 12] {
                    let run = try await runSeedExample(index, on: server)
                    #expect(run.status == 200)
                    #expect(run.body == (index == 11 ? SeedExamples.underReplicated : SeedExamples.unavailable))
                }
            }
        }
    }

    @Test func describeShowsTheZNodesEpochsAndRecoveryState() async throws {
        try await Self.withZooKeeperModeTopics(on: try await ZooKeeperServer.shared()) { topics, client in
            try await Self.writeSeedCluster(client)
            try await client.set(
                "/brokers/topics/topic0/partitions/0/state",
                data: Data(
                    ("{\"controller_epoch\":3,\"leader\":-1,\"version\":1,\"leader_epoch\":9,\"isr\":[1],"
                        + "\"leader_recovery_state\":1}").utf8))
            try await withTestServer(topics: topics) { server in
                let answer = try await server.get("/v1/topics/topic0")
                #expect(answer.status == 200)
                #expect(
                    answer.text == """
                        {
                            "partitions": [
                                {
                                    "0": {
                                        "controller_epoch": 3,
                                        "isr": [
                                            1
                                        ],
                                        "leader": -1,
                                        "leader_epoch": 9,
                                        "leader_recovery_state": 1,
                                        "version": 1
                                    }
                                }
                            ]
                        }

                        """)
            }
        }
    }

    @Test func unknownTopicAndListingsFromZNodeState() async throws {
        try await Self.withZooKeeperModeTopics(on: try await ZooKeeperServer.shared()) { topics, client in
            try await Self.writeSeedCluster(client)
            // Broker 2 stops: the controller shrinks the ISRs and topic1-2 loses its leader.
            try await client.delete("/brokers/ids/2")
            try await client.set(
                "/brokers/topics/topic1/partitions/0/state",
                data: Data(Self.state(leader: 0, leaderEpoch: 1, isr: [0, 1]).utf8))
            try await client.set(
                "/brokers/topics/topic1/partitions/2/state",
                data: Data(Self.state(leader: -1, leaderEpoch: 1, isr: [2]).utf8))
            try await withTestServer(topics: topics) { server in
                let unknown = try await server.get("/v1/topics/no-such-topic")
                #expect(unknown.status == 404)
                #expect(try unknown.errorBody().message == "no topic named 'no-such-topic' (see GET /v1/topics)")

                let under = try await server.get("/v1/topics/under_replicated_partitions")
                #expect(under.status == 200)
                #expect(
                    try under.object()["message"] as? String
                        == "\tTopic: topic1\tPartition: 0\tLeader: 0\tReplicas: 0,1,2\tIsr: 0,1\n"
                        + "\tTopic: topic1\tPartition: 2\tLeader: none\tReplicas: 2,0,1\tIsr: 2\n")
                let unavailable = try await server.get("/v1/topics/unavailable_partitions")
                #expect(unavailable.status == 200)
                #expect(
                    try unavailable.object()["message"] as? String
                        == "\tTopic: topic1\tPartition: 2\tLeader: none\tReplicas: 2,0,1\tIsr: 2\n")
            }
        }
    }

    /// ZooKeeper hung, then stopped: the reads answer 503 within the bound instead of waiting for the
    /// client to give up on the connection.
    @Test func zooKeeperDownIs503WithinTheBound() async throws {
        try await withZooKeeperServer { zooKeeper in
            try await Self.withZooKeeperModeTopics(on: zooKeeper, zooKeeperTimeout: .seconds(1)) { topics, client in
                try await Self.writeSeedCluster(client)
                try await withTestServer(topics: topics) { server in
                    #expect(try await server.get("/v1/topics").status == 200)
                    await zooKeeper.pause()
                    try await Self.expect503WithinBound(server)
                    zooKeeper.resume()
                    await zooKeeper.stop()
                    try await Self.expect503WithinBound(server)
                }
            }
        }
    }

    static func expect503WithinBound(_ server: TestServer) async throws {
        let clock = ContinuousClock()
        for path in ["/v1/topics", "/v1/topics/topic1", "/v1/topics/under_replicated_partitions"] {
            let started = clock.now
            let answer = try await server.get(path)
            #expect(clock.now - started < .seconds(3), "\(path)")
            #expect(answer.status == 503, "\(path): \(answer.text)")
            #expect(try answer.errorBody().message.contains("Kafka's ZooKeeper"), "\(path)")
        }
    }

    /// Without registrations or topic znodes (noida-db does not register), the Kafka protocol answers;
    /// creating goes over the protocol in both modes.
    @Test func protocolUntilKafkaRegistersInZooKeeper() async throws {
        try await KafkaTestBroker.withBroker { broker in
            try await Self.withZooKeeperModeTopics(
                on: try await ZooKeeperServer.shared(), bootstrap: [broker.bootstrapServer]
            ) { topics, client in
                try await withTestServer(topics: topics) { server in
                    let create = try await server.request("POST", "/v1/topics?name=topic1&partitions=3&replication=1")
                    #expect(create.status == 200, "\(create.text)")
                    #expect(try await topics.metadata.mode() == .kafkaProtocol)
                    let list = try await server.get("/v1/topics")
                    #expect(try list.array() as? [String] == ["topic1"])
                    let overKafka = try await server.request("POST", "/v1/topics/topic1")
                    let partitions = try #require(try overKafka.object()["partitions"] as? [[String: [String: Any]]])
                    #expect(partitions.count == 3)
                    #expect(partitions[0]["0"]?["controller_epoch"] is NSNull)
                    #expect(partitions[0]["0"]?["leader"] as? Int == 1)

                    try await Self.writeSeedCluster(client)
                    #expect(try await topics.metadata.mode() == .zooKeeper)
                    #expect(try await server.get("/v1/topics").array() as? [String] == ["topic0", "topic1"])
                    let fromZNodes = try await server.request("POST", "/v1/topics/topic1")
                    #expect(fromZNodes.text == SeedExamples.describe + "\n")

                    // Changes still go to Kafka over its protocol.
                    let again = try await server.request("POST", "/v1/topics?name=created-in-zk-mode&partitions=1")
                    #expect(again.status == 200, "\(again.text)")
                    let offsets = try await server.get("/v1/topics/created-in-zk-mode/offsets?time=last")
                    #expect(offsets.status == 200, "\(offsets.text)")
                }
            }
        }
    }
}

import Foundation
import KafkaAdmin
import KafkaFramework
import Testing

@Suite struct TopicRouteTests {
    @Test func describeWithGetOrPost() async throws {
        try await withTestServer { server in
            let get = try await server.request("GET", "/v1/topics/topic1")
            let post = try await server.request("POST", "/service/kafka/v1/topics/topic1")
            #expect(get.status == 200)
            #expect(post.status == 200)
            #expect(get.body == post.body)
            let partitions = try #require(try get.object()["partitions"] as? [[String: [String: Any]]])
            #expect(partitions.count == 3)
            #expect(partitions[1]["1"]?["isr"] as? [Int] == [1, 2, 0])
        }
    }

    @Test func createWithDefaultsPassesNoCounts() async throws {
        let topics = Seed.topics()
        try await withTestServer(topics: topics) { server in
            let answer = try await server.request("POST", "/v1/topics?name=fresh")
            #expect(answer.status == 200)
            #expect(try answer.object()["message"] as? String == "Output: Created topic \"fresh\".\n")
        }
        #expect(try await topics.describe(topic: "fresh").partitions.count == 1)
    }

    @Test func badTopicParametersAre400() async throws {
        let topics = Seed.topics()
        try await withTestServer(topics: topics) { server in
            let cases: [(String, String, String)] = [
                ("POST", "/v1/topics", "missing query parameter name"),
                ("POST", "/v1/topics?name=", "missing query parameter name"),
                ("POST", "/v1/topics?name=bad%20name", "invalid topic name"),
                ("POST", "/v1/topics?name=..", "invalid topic name"),
                ("POST", "/v1/topics?name=t&partitions=abc", "partitions must be a positive integer"),
                ("POST", "/v1/topics?name=t&partitions=0", "partitions must be a positive integer"),
                ("POST", "/v1/topics?name=t&replication=-3", "replication must be a positive integer"),
                ("PUT", "/v1/topics/topic1", "missing query parameter operation"),
                ("PUT", "/v1/topics/topic1?operation=compact", "unknown operation 'compact'"),
                ("PUT", "/v1/topics/topic1?operation=partitions", "missing query parameter partitions"),
                ("PUT", "/v1/topics/topic1?operation=partitions&partitions=two", "partitions must be a positive"),
                ("PUT", "/v1/topics/topic1?operation=producer-test", "missing query parameter messages"),
                ("PUT", "/v1/topics/topic1?operation=producer-test&messages=1e3", "messages must be a positive"),
                ("GET", "/v1/topics/topic1/offsets?time=yesterday", "time must be first, last or a timestamp"),
                ("GET", "/v1/topics/topic1/offsets?time=-5", "time must be first, last or a timestamp"),
            ]
            for (method, path, expected) in cases {
                let answer = try await server.request(method, path)
                #expect(answer.status == 400, "\(method) \(path): \(answer.text)")
                let error = try answer.errorBody()
                #expect(error.code == 400)
                #expect(error.message.contains(expected), "\(method) \(path): \(error.message)")
            }
        }
        #expect(try await topics.list() == ["topic1", "topic0"])
        #expect(await topics.producerTests.isEmpty)
    }

    @Test func kafkaRefusalsKeepTheirStatus() async throws {
        let topics = Seed.topics()
        try await withTestServer(topics: topics) { server in
            let exists = try await server.request("POST", "/v1/topics?name=topic1&partitions=3&replication=3")
            #expect(exists.status == 409)
            #expect(try exists.errorBody().message == "topic 'topic1' already exists")
            let replication = try await server.request("POST", "/v1/topics?name=big&replication=5")
            #expect(replication.status == 400)
            #expect(try replication.errorBody().message.contains("larger than available brokers"))
            let decrease = try await server.request("PUT", "/v1/topics/topic1?operation=partitions&partitions=2")
            #expect(decrease.status == 400)
            #expect(try decrease.errorBody().message.contains("cannot lower that to 2"))
            for (method, path) in [
                ("GET", "/v1/topics/nope"), ("POST", "/v1/topics/nope"), ("DELETE", "/v1/topics/nope"),
                ("GET", "/v1/topics/nope/offsets"), ("PUT", "/v1/topics/nope?operation=producer-test&messages=1"),
            ] {
                let answer = try await server.request(method, path)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(try answer.errorBody().message.contains("no topic named 'nope'"))
            }
            await topics.makeUnavailable("no broker answered within 5 s")
            let unavailable = try await server.get("/v1/topics")
            #expect(unavailable.status == 503)
            #expect(try unavailable.errorBody().message.contains("no broker answered within 5 s"))
        }
    }

    @Test func offsetTimes() async throws {
        try await withTestServer { server in
            let last = try await server.get("/v1/topics/topic1/offsets")
            #expect(last.status == 200)
            #expect(try last.array() as? [[String: String]] == [["2": "334"], ["1": "333"], ["0": "333"]])
            let first = try await server.get("/v1/topics/topic1/offsets?time=first")
            #expect(try first.array() as? [[String: String]] == [["2": "0"], ["1": "0"], ["0": "0"]])
            let timestamp = try await server.get("/v1/topics/topic1/offsets?time=1700000000000")
            #expect(timestamp.status == 200)
        }
    }

    @Test func producerTestCountsMessages() async throws {
        let topics = Seed.topics()
        try await withTestServer(topics: topics) { server in
            let answer = try await server.request("PUT", "/v1/topics/topic0?operation=producer-test&messages=25")
            #expect(answer.status == 200)
            #expect((try answer.object()["message"] as? String)?.hasPrefix("25 records sent") == true)
        }
        #expect(await topics.producerTests.map(\.messages) == [25])
    }

    @Test func leaderlessPartitionsAndUnknownEpochs() async throws {
        let topics = FakeTopics(
            brokerCount: 3,
            topics: [
                FakeTopics.Topic(
                    name: "orphan",
                    partitions: [
                        PartitionState(partition: 0, leader: nil, replicas: [1, 2], isr: []),
                        PartitionState(partition: 1, leader: 2, replicas: [2], isr: [2]),
                    ],
                    endOffsets: [5, 7], firstOffsets: [0, 0], timestampOffsets: [nil, 3])
            ])
        try await withTestServer(topics: topics) { server in
            let answer = try await server.get("/v1/topics/orphan")
            #expect(answer.status == 200)
            let partitions = try #require(try answer.object()["partitions"] as? [[String: [String: Any]]])
            let first = try #require(partitions[0]["0"])
            #expect(first["leader"] as? Int == -1)
            #expect(first["isr"] as? [Int] == [])
            #expect(first["controller_epoch"] is NSNull)
            #expect(first["leader_epoch"] is NSNull)
            #expect(first["version"] as? Int == 1)
            #expect(first.keys.sorted() == ["controller_epoch", "isr", "leader", "leader_epoch", "version"])
            // No record at or after the time in partition 0: it is left out, as GetOffsetShell does.
            let offsets = try await server.get("/v1/topics/orphan/offsets?time=1700000000000")
            #expect(try offsets.array() as? [[String: String]] == [["1": "3"]])
        }
    }

    @Test func kafkaFailuresAre500WithKafkasMessage() async throws {
        let topics = Seed.topics()
        await topics.fail(with: .failed(message: "TOPIC_AUTHORIZATION_FAILED: not authorized"))
        try await withTestServer(topics: topics) { server in
            let answer = try await server.get("/v1/topics")
            #expect(answer.status == 500)
            #expect(
                try answer.errorBody().message == "Kafka failed the request: TOPIC_AUTHORIZATION_FAILED: not authorized"
            )
        }
    }
}

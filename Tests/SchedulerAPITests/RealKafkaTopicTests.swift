import Foundation
import KafkaAdmin
import KafkaFramework
import TestSupport
import Testing

/// The topic routes over `KafkaTopicOperations` and a real Kafka-protocol broker (noida-db, one broker):
/// the seed's topic examples run verbatim with curl, and Kafka's refusals keep their status.
@Suite(.kafkaTestBroker) struct RealKafkaTopicTests {
    let topics: KafkaTopicOperations

    init() throws {
        let broker = try #require(KafkaTestBroker.current, "the suite's Kafka test broker is missing")
        topics = KafkaTopicOperations(
            client: KafkaAdminClient(
                bootstrapServers: [broker.bootstrapServer],
                configuration: KafkaAdminClient.Configuration(requestTimeout: .seconds(5))),
            defaultPartitions: 1, defaultReplication: 1)
    }

    @Test func seedTopicExamplesAgainstKafka() async throws {
        // The seed's examples name topic1; this suite shares its broker with no other, so topic1 is free.
        try await withTestServer(topics: topics) { server in
            let create = try await server.request("POST", "/v1/topics?name=topic1&partitions=3&replication=1")
            #expect(create.status == 200, "\(create.text)")
            #expect(try create.object()["message"] as? String == "Output: Created topic \"topic1\".\n")

            let list = try await runSeedExample(4, on: server)
            #expect(list.status == 200)
            #expect(try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String] == ["topic1"])

            let describe = try await runSeedExample(5, on: server)
            #expect(describe.status == 200)
            let description = try #require(
                try JSONSerialization.jsonObject(with: Data(describe.body.utf8)) as? [String: Any])
            let partitions = try #require(description["partitions"] as? [[String: [String: Any]]])
            #expect(partitions.count == 3)
            #expect(partitions.first?["0"]?["isr"] as? [Int] == [1])
            #expect(partitions.first?["0"]?["leader"] as? Int == 1)

            let test = try await runSeedExample(9, on: server)
            #expect(test.status == 200, "\(test.body)")
            #expect(try message(test).hasPrefix("10 records sent, "))

            let offsets = try await runSeedExample(7, on: server)
            #expect(offsets.status == 200)
            let ends = try #require(
                try JSONSerialization.jsonObject(with: Data(offsets.body.utf8)) as? [[String: String]])
            #expect(ends.count == 3)
            let produced: [Int] = ends.flatMap { Array($0.values) }.compactMap { Int($0) }
            #expect(produced.reduce(0, +) == 10)

            // The seed lowers topic1 to 2 partitions after creating 3: Kafka refuses that.
            let lower = try await runSeedExample(8, on: server)
            #expect(lower.status == 400, "\(lower.body)")
            let raise = try await server.request("PUT", "/v1/topics/topic1?operation=partitions&partitions=4")
            #expect(raise.status == 200, "\(raise.text)")
            #expect((try raise.object()["message"] as? String)?.contains("Adding partitions succeeded!") == true)

            for index in [11, 12] {
                let run = try await runSeedExample(index, on: server)
                #expect(run.status == 200)
                #expect(try message(run) == "")
            }

            let again = try await runSeedExample(6, on: server)
            #expect(again.status == 409, "\(again.body)")

            let delete = try await runSeedExample(10, on: server)
            #expect(delete.status == 200)
            #expect(try message(delete).hasPrefix("Topic topic1 is marked for deletion."))
        }
    }

    @Test func kafkasRefusalsKeepTheirStatus() async throws {
        try await withTestServer(topics: topics) { server in
            let replication = try await server.request("POST", "/v1/topics?name=replicated-x&replication=3")
            #expect(replication.status == 400)
            #expect(try replication.errorBody().message.contains("3"))
            let unknown = try await server.get("/v1/topics/no-such-topic")
            #expect(unknown.status == 404)
            #expect(try unknown.errorBody().message == "no topic named 'no-such-topic' (see GET /v1/topics)")
        }
    }
}

@Suite struct UnreachableKafkaTests {
    /// With no Kafka to reach, topic routes answer 503 with the reason.
    @Test func unreachableKafkaIs503() async throws {
        let topics = KafkaTopicOperations(
            client: KafkaAdminClient(
                bootstrapServers: [], configuration: KafkaAdminClient.Configuration(requestTimeout: .seconds(1))),
            defaultPartitions: 1, defaultReplication: 1)
        try await withTestServer(topics: topics) { server in
            let answer = try await server.get("/v1/topics")
            #expect(answer.status == 503)
            #expect(try answer.errorBody().message.contains("No Kafka broker endpoint is known yet"))
        }
    }
}

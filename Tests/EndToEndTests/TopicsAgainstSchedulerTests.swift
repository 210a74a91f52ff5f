import Foundation
import Testing
import TestSupport

/// The seed's topic examples, verbatim, against the running scheduler's Kafka broker (noida-db, one broker with
/// node id 1). Where the seed's example needs three brokers (replication 3), Kafka's own refusal is checked and
/// the same request with replication 1 shows the success shape.
extension SeedAgainstSchedulerTests {
    @Test func topicExamples() async throws {
        let service = try SeedService.require()
        let curl = service.curl
        let startMillis = Int64(Date().timeIntervalSince1970 * 1000) - 60_000

        // Create: replication 3 on one broker is Kafka's INVALID_REPLICATION_FACTOR, a 400 with its message.
        let refused = try await curl.run(SeedCurlCommands.createTopic)
        #expect(refused.status == 400, "\(refused)")
        #expect(Shape.isError(400, body: refused.body), "\(refused)")
        #expect(try refused.message().lowercased().contains("replication"), "\(refused)")
        let create = SeedCurlCommands.createTopic.replacingOccurrences(of: "replication=3", with: "replication=1")
        let created = try await curl.run(create)
        #expect(created.status == 200, "\(created)")
        #expect(try created.object() as? [String: String] == ["message": "Output: Created topic \"topic1\".\n"])
        let again = try await curl.run(create)
        #expect(again.status == 409 && Shape.isError(409, body: again.body), "\(again)")

        let list = try await curl.run(SeedCurlCommands.listTopics)
        #expect(list.status == 200, "\(list)")
        #expect((try list.json() as? [String])?.contains("topic1") == true, "\(list)")

        // Describe (the seed sends it with -X POST): partitions 0, 1, 2 in order, each led by the broker.
        let describe = try await curl.run(SeedCurlCommands.describeTopic)
        #expect(describe.status == 200, "\(describe)")
        Self.expectPartitions(describe, count: 3)

        // Producer test: 10 records, kafka-producer-perf-test's summary line.
        let producer = try await curl.run(SeedCurlCommands.producerTest)
        #expect(producer.status == 200, "\(producer)")
        let summary = try producer.message()
        let summaryPattern =
            #"^10 records sent, [0-9]+\.[0-9]+ records/sec \([0-9]+\.[0-9]{2} MB/sec\), "#
            + #"[0-9]+\.[0-9]{2} ms avg latency, [0-9]+\.[0-9]{2} ms max latency, "#
            + #"[0-9]+ ms 50th, [0-9]+ ms 95th, [0-9]+ ms 99th, [0-9]+ ms 99\.9th\.\n$"#
        #expect(summary.range(of: summaryPattern, options: .regularExpression) != nil, "\(producer)")

        // Offsets: last (the seed's), first, and a timestamp before the records.
        let last = try Self.offsets(try await curl.run(SeedCurlCommands.topicOffsets))
        #expect(Set(last.keys) == ["0", "1", "2"], "\(last)")
        let records = last.values.reduce(0) { $0 + $1 }
        #expect(records == 10, "the 10 records of the producer test: \(last)")
        let first = try Self.offsets(
            try await curl.run(SeedCurlCommands.topicOffsets.replacingOccurrences(of: "time=last", with: "time=first")))
        #expect(first == ["0": 0, "1": 0, "2": 0], "\(first)")
        let byTime = try Self.offsets(
            try await curl.run(
                SeedCurlCommands.topicOffsets.replacingOccurrences(of: "time=last", with: "time=\(startMillis)")))
        #expect(
            byTime == last.filter { $0.value > 0 }.mapValues { _ in 0 },
            "every partition with records has its first at or after \(startMillis): \(byTime)")

        // Partitions: the seed's 2 is a decrease from 3, refused; 4 is an increase.
        let decrease = try await curl.run(SeedCurlCommands.topicPartitions)
        #expect(decrease.status == 400 && Shape.isError(400, body: decrease.body), "\(decrease)")
        #expect(try decrease.message().contains("increase"), "\(decrease)")
        let increase = try await curl.run(
            SeedCurlCommands.topicPartitions.replacingOccurrences(of: "partitions=2", with: "partitions=4"))
        #expect(increase.status == 200, "\(increase)")
        #expect(
            try increase.message()
                == "Output: WARNING: If partitions are increased for a topic that has a key, the partition logic or "
                + "ordering of the messages will be affected\nAdding partitions succeeded!\n", "\(increase)")
        let described = try await eventually("topic1 to show 4 partitions", diagnostics: { service.diagnostics }) {
            let answer = try await curl.run(SeedCurlCommands.describeTopic)
            guard ((try? answer.object())?["partitions"] as? [Any])?.count == 4 else {
                throw Poll.Observation("\(answer)")
            }
            return answer
        }
        Self.expectPartitions(described, count: 4)

        for command in [SeedCurlCommands.underReplicatedPartitions, SeedCurlCommands.unavailablePartitions] {
            let answer = try await curl.run(command)
            #expect(answer.status == 200, "\(answer)")
            #expect(try answer.object() as? [String: String] == ["message": ""], "\(answer)")
        }

        let delete = try await curl.run(SeedCurlCommands.deleteTopic)
        #expect(delete.status == 200, "\(delete)")
        #expect(
            try delete.message()
                == "Topic topic1 is marked for deletion.\n"
                + "Note: This will have no impact if delete.topic.enable is not set to true.\n", "\(delete)")
        try await eventually("topic1 to be gone from the list", diagnostics: { service.diagnostics }) {
            let answer = try await curl.run(SeedCurlCommands.listTopics)
            guard answer.status == 200, let topics = try answer.json() as? [String], !topics.contains("topic1") else {
                throw Poll.Observation("\(answer)")
            }
            return true
        }
        let gone = try await curl.run(SeedCurlCommands.describeTopic)
        #expect(gone.status == 404 && Shape.isError(404, body: gone.body), "\(gone)")
    }

    /// `{"partitions": [{"0": {controller_epoch, isr, leader, leader_epoch, version}}, …]}` with partitions
    /// 0..<count in order, each led by an in-sync replica.
    static func expectPartitions(_ answer: SeedCurl.Answer, count: Int) {
        guard let object = try? answer.object(), let partitions = object["partitions"] as? [[String: Any]] else {
            Issue.record("no partitions: \(answer)")
            return
        }
        #expect(Set(object.keys) == ["partitions"], "\(answer)")
        #expect(partitions.map { Array($0.keys) } == (0..<count).map { [String($0)] }, "\(answer)")
        for (index, entry) in partitions.enumerated() {
            guard let state = entry[String(index)] as? [String: Any] else { continue }
            #expect(Set(state.keys) == ["controller_epoch", "isr", "leader", "leader_epoch", "version"], "\(state)")
            let isr = state["isr"] as? [Int] ?? []
            #expect(Shape.isInteger(state["leader"]) && isr.contains(state["leader"] as? Int ?? -1), "\(state)")
            #expect(state["version"] as? Int == 1, "\(state)")
        }
    }

    /// The offsets answer `[{"<partition>": "<offset>"}, …]` as a dictionary.
    static func offsets(_ answer: SeedCurl.Answer) throws -> [String: Int] {
        #expect(answer.status == 200, "\(answer)")
        let entries = try #require(try answer.json() as? [[String: String]], "\(answer)")
        var offsets: [String: Int] = [:]
        for entry in entries {
            #expect(entry.count == 1, "\(answer)")
            for (partition, offset) in entry {
                guard let value = Int(offset) else {
                    throw EndToEndError("offset \(offset) is not a number: \(answer)")
                }
                offsets[partition] = value
            }
        }
        return offsets
    }
}

import KafkaAdmin
import Testing

@Suite struct ValidationTests {
    @Test(arguments: ["topic1", "a.b_c-D9", String(repeating: "x", count: 249)])
    func acceptsKafkaTopicNames(_ name: String) throws {
        try TopicName.validate(name)
    }

    @Test(arguments: [
        ("", "Topic name is illegal, it can't be empty"),
        (".", "Topic name cannot be \".\" or \"..\""),
        ("..", "Topic name cannot be \".\" or \"..\""),
        ("bad name", "Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"),
        ("caf\u{e9}", "Topic name \"caf\u{e9}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"),
    ])
    func refusesWhatKafkaRefuses(_ name: String, _ message: String) {
        #expect(throws: KafkaAdminError(category: .badRequest, name: "TOPIC_EXCEPTION", code: 17, message: message)) {
            try TopicName.validate(name)
        }
    }

    @Test func refusesOverlongNames() {
        let name = String(repeating: "x", count: 250)
        #expect(throws: KafkaAdminError.self) { try TopicName.validate(name) }
    }

    @Test func parsesOffsetTimes() {
        #expect(OffsetTime("first") == .first)
        #expect(OffsetTime("last") == .last)
        #expect(OffsetTime("-2") == .first)
        #expect(OffsetTime("-1") == .last)
        #expect(OffsetTime("1700000000000") == .timestamp(1_700_000_000_000))
        #expect(OffsetTime("yesterday") == nil)
        #expect(OffsetTime("-5") == nil)
    }

    @Test func categoriesMapToHTTPStatuses() {
        #expect(KafkaAdminError.Category.badRequest.httpStatus == 400)
        #expect(KafkaAdminError.Category.notFound.httpStatus == 404)
        #expect(KafkaAdminError.Category.conflict.httpStatus == 409)
        #expect(KafkaAdminError.Category.unavailable.httpStatus == 503)
        #expect(KafkaAdminError.Category.failed.httpStatus == 500)
    }

    @Test func messagesMirrorTheSeedAPI() {
        #expect(TopicCommandOutput.created(topic: "topic1") == "Output: Created topic \"topic1\".\n")
        #expect(
            TopicCommandOutput.partitionsAdded
                == "Output: WARNING: If partitions are increased for a topic that has a key, the partition logic or "
                + "ordering of the messages will be affected\nAdding partitions succeeded!\n")
        #expect(
            TopicCommandOutput.deleted(topic: "topic1")
                == "Topic topic1 is marked for deletion.\nNote: This will have no impact if delete.topic.enable is "
                + "not set to true.\n")
    }
}

import KafkaAdmin
import KafkaFramework
import Testing

/// KafkaAdmin's errors become the REST answers' errors by category.
@Suite struct TopicOperationErrorTests {
    @Test func kafkaAdminErrorsMapByCategory() {
        let cases: [(KafkaAdminError, String?, TopicOperationError, Int)] = [
            (
                KafkaAdminError(category: .conflict, name: "TOPIC_ALREADY_EXISTS", message: "exists"), "t",
                .topicExists(topic: "t"), 409
            ),
            (
                KafkaAdminError(category: .notFound, name: "UNKNOWN_TOPIC_OR_PART", message: "nope"), "t",
                .unknownTopic(topic: "t"), 404
            ),
            (
                KafkaAdminError(category: .badRequest, name: "INVALID_REPLICATION_FACTOR", message: "rf 5 > 3"), "t",
                .invalidReplication(message: "rf 5 > 3"), 400
            ),
            (
                KafkaAdminError(category: .badRequest, name: "INVALID_PARTITIONS", message: "4 < 6"), "t",
                .invalidPartitions(message: "4 < 6"), 400
            ),
            (
                KafkaAdminError(category: .badRequest, name: "TOPIC_EXCEPTION", message: "bad name"), "t",
                .invalidRequest(message: "bad name"), 400
            ),
            (
                KafkaAdminError(category: .unavailable, name: "_TRANSPORT", message: "all brokers down"), nil,
                .unavailable(reason: "all brokers down"), 503
            ),
            (
                KafkaAdminError(category: .failed, name: "TOPIC_AUTHORIZATION_FAILED", message: "denied"), "t",
                .failed(message: "TOPIC_AUTHORIZATION_FAILED: denied"), 500
            ),
        ]
        for (error, topic, expected, code) in cases {
            let mapped = TopicOperationError(error, topic: topic)
            #expect(mapped == expected)
            #expect(mapped.code == code)
        }
    }
}

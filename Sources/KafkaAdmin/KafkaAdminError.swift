import CRdKafka

/// A failed Kafka operation: what Kafka (or librdkafka, or the local validation) said, and a category
/// the REST layer turns into an HTTP status.
public struct KafkaAdminError: Error, Sendable, Equatable, CustomStringConvertible {
    /// How a caller should treat the failure.
    public enum Category: String, Sendable, Equatable, CaseIterable {
        /// The request itself is wrong (invalid topic name, partitions, replication factor, a partition
        /// decrease, an out-of-range record count). HTTP 400.
        case badRequest
        /// The topic (or partition) does not exist. HTTP 404.
        case notFound
        /// The request conflicts with the cluster's state (the topic already exists). HTTP 409.
        case conflict
        /// The cluster could not be reached or did not answer in time, or no broker is known. HTTP 503.
        case unavailable
        /// Any other error Kafka reported (authorization, an unexpected broker error). HTTP 500, with
        /// Kafka's message.
        case failed

        /// The HTTP status the REST API answers with for this category.
        public var httpStatus: Int {
            switch self {
            case .badRequest: 400
            case .notFound: 404
            case .conflict: 409
            case .unavailable: 503
            case .failed: 500
            }
        }
    }

    /// How a caller should treat the failure.
    public var category: Category
    /// Kafka's error name as librdkafka spells it (`TOPIC_ALREADY_EXISTS`, `INVALID_REPLICATION_FACTOR`),
    /// librdkafka's local ones with a leading underscore (`_TIMED_OUT`, `_TRANSPORT`), or
    /// `NO_BROKERS_KNOWN` when the client has no bootstrap endpoint.
    public var name: String
    /// Kafka's numeric error code (negative for librdkafka's local errors); nil when the error did not
    /// come from Kafka or librdkafka.
    public var code: Int32?
    /// Kafka's own message when it sent one, otherwise librdkafka's or ours; meant for the user.
    public var message: String

    public init(category: Category, name: String, code: Int32? = nil, message: String) {
        self.category = category
        self.name = name
        self.code = code
        self.message = message
    }

    public var description: String { "\(name): \(message)" }
}

extension KafkaAdminError {
    static func noBrokersKnown() -> KafkaAdminError {
        KafkaAdminError(
            category: .unavailable, name: "NO_BROKERS_KNOWN",
            message: "No Kafka broker endpoint is known yet: no broker is running or registered.")
    }

    static func libraryFailure(_ message: String) -> KafkaAdminError {
        KafkaAdminError(category: .failed, name: "_FAIL", message: message)
    }

    static func unknownTopic(_ topic: String) -> KafkaAdminError {
        KafkaAdminError(
            category: .notFound, name: "UNKNOWN_TOPIC_OR_PART", code: KafkaErrorCode.unknownTopicOrPartition,
            message: "Topic '\(topic)' does not exist.")
    }

    static func invalidPartitions(_ message: String) -> KafkaAdminError {
        KafkaAdminError(
            category: .badRequest, name: "INVALID_PARTITIONS", code: KafkaErrorCode.invalidPartitions,
            message: message)
    }

    static func invalidReplicationFactor(_ message: String) -> KafkaAdminError {
        KafkaAdminError(
            category: .badRequest, name: "INVALID_REPLICATION_FACTOR",
            code: KafkaErrorCode.invalidReplicationFactor, message: message)
    }

    static func invalidTopic(_ message: String) -> KafkaAdminError {
        KafkaAdminError(
            category: .badRequest, name: "TOPIC_EXCEPTION", code: KafkaErrorCode.invalidTopic, message: message)
    }

    static func timedOut(_ what: String, after timeout: Duration) -> KafkaAdminError {
        KafkaAdminError(
            category: .unavailable, name: "_TIMED_OUT", code: KafkaErrorCode.localTimedOut,
            message: "\(what) did not complete within \(timeout.formattedForHumans).")
    }
}

/// The Kafka and librdkafka error codes this module decides on.
enum KafkaErrorCode {
    static let unknownTopicOrPartition = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue
    static let invalidTopic = RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION.rawValue
    static let invalidPartitions = RD_KAFKA_RESP_ERR_INVALID_PARTITIONS.rawValue
    static let invalidReplicationFactor = RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR.rawValue
    static let localTimedOut = RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue
    static let localQueueFull = RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue

    private static let conflict: Set<rd_kafka_resp_err_t> = [RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS]

    private static let badRequest: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS,
        RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT,
        RD_KAFKA_RESP_ERR_INVALID_CONFIG, RD_KAFKA_RESP_ERR_INVALID_REQUEST, RD_KAFKA_RESP_ERR_POLICY_VIOLATION,
        RD_KAFKA_RESP_ERR_TOPIC_DELETION_DISABLED, RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE,
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR__INVALID_ARG,
    ]

    private static let notFound: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
        RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
    ]

    /// Errors that go away when brokers come back, a leader is elected or the client retries.
    private static let unavailable: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NOT_CONTROLLER,
        RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR_REASSIGNMENT_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH, RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH,
        RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__UNKNOWN_BROKER, RD_KAFKA_RESP_ERR__DESTROY,
        RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
        RD_KAFKA_RESP_ERR__NODE_UPDATE, RD_KAFKA_RESP_ERR__WAIT_CACHE,
    ]

    /// The category of a Kafka or librdkafka error.
    static func category(of error: rd_kafka_resp_err_t) -> KafkaAdminError.Category {
        if conflict.contains(error) { return .conflict }
        if badRequest.contains(error) { return .badRequest }
        if notFound.contains(error) { return .notFound }
        if unavailable.contains(error) { return .unavailable }
        return .failed
    }
}

import CRdKafka

extension KafkaAdminClient {
    /// Creates a topic. Answers the REST message `Output: Created topic "<name>".\n`.
    ///
    /// Errors: `badRequest` for an invalid name, partitions or replication factor (Kafka's
    /// `INVALID_PARTITIONS`/`INVALID_REPLICATION_FACTOR`, e.g. more replicas than brokers), `conflict` when
    /// the topic exists, `unavailable` when the cluster does not answer in time.
    @discardableResult
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int) async throws(KafkaAdminError)
        -> String
    {
        try TopicName.validate(name)
        guard partitions >= 1, let partitionCount = Int32(exactly: partitions) else {
            throw .invalidPartitions("Number of partitions must be larger than 0, got \(partitions).")
        }
        guard replicationFactor >= 1, let replicas = Int32(exactly: replicationFactor) else {
            throw .invalidReplicationFactor("Replication factor must be larger than 0, got \(replicationFactor).")
        }
        let timeout = configuration.requestTimeout
        try await withHandle("create topic") { handle throws(KafkaAdminError) in
            try handle.createTopic(name, partitions: partitionCount, replicationFactor: replicas, timeout: timeout)
        }
        logger.info(
            "Created Kafka topic",
            metadata: ["topic": "\(name)", "partitions": "\(partitions)", "replication": "\(replicationFactor)"])
        return TopicCommandOutput.created(topic: name)
    }

    /// Deletes a topic. Answers the REST message `Topic <name> is marked for deletion.\n…`.
    ///
    /// Errors: `badRequest` for an invalid name (or Kafka's `TOPIC_DELETION_DISABLED`), `notFound` when
    /// the topic does not exist, `unavailable` when the cluster does not answer in time.
    @discardableResult
    public func deleteTopic(_ name: String) async throws(KafkaAdminError) -> String {
        try TopicName.validate(name)
        let timeout = configuration.requestTimeout
        try await withHandle("delete topic") { handle throws(KafkaAdminError) in
            // Kafka answers UNKNOWN_TOPIC_OR_PART itself, but not every Kafka-protocol broker does: look first.
            guard try handle.metadata(timeout: timeout).topic(named: name) != nil else {
                throw .unknownTopic(name)
            }
            try handle.deleteTopic(name, timeout: timeout)
        }
        logger.info("Deleted Kafka topic", metadata: ["topic": "\(name)"])
        return TopicCommandOutput.deleted(topic: name)
    }

    /// Raises a topic's partition count to `totalCount`. Answers the REST message
    /// `Output: WARNING: If partitions are increased …\nAdding partitions succeeded!\n`.
    ///
    /// A count that is not larger than the current one is refused (`badRequest`, `INVALID_PARTITIONS`)
    /// before Kafka is asked. Errors also: `notFound` for an unknown topic, `unavailable`.
    @discardableResult
    public func addPartitions(to name: String, totalCount: Int) async throws(KafkaAdminError) -> String {
        try TopicName.validate(name)
        let timeout = configuration.requestTimeout
        try await withHandle("add partitions") { handle throws(KafkaAdminError) in
            guard let topic = try handle.metadata(timeout: timeout).topic(named: name) else {
                throw .unknownTopic(name)
            }
            let current = topic.partitions.count
            guard totalCount > current else {
                throw .invalidPartitions(
                    "The number of partitions for a topic can only be increased. Topic \(name) currently has "
                        + "\(current) partitions, \(totalCount) would not be an increase.")
            }
            try handle.createPartitions(name, totalCount: totalCount, timeout: timeout)
        }
        logger.info("Added partitions to Kafka topic", metadata: ["topic": "\(name)", "partitions": "\(totalCount)"])
        return TopicCommandOutput.partitionsAdded
    }

    /// Each partition's offset at `time`, sorted by partition: the low watermark for `.first`, the high
    /// watermark for `.last`, the earliest offset at or after a timestamp (nil where none) for `.timestamp`.
    ///
    /// Errors: `badRequest` for an invalid name, `notFound` for an unknown topic, `unavailable`.
    public func offsets(of topic: String, at time: OffsetTime) async throws(KafkaAdminError) -> [PartitionOffset] {
        try TopicName.validate(topic)
        let timeout = configuration.requestTimeout
        return try await withHandle("offsets") { handle throws(KafkaAdminError) in
            // Asking an unknown topic's offsets can make some brokers create it: check it exists first.
            guard let description = try handle.metadata(timeout: timeout).topic(named: topic) else {
                throw .unknownTopic(topic)
            }
            let partitions = description.partitions.map(\.partition)
            switch time {
            case .first:
                return try handle.watermarks(topic: topic, partitions: partitions, high: false, timeout: timeout)
            case .last:
                return try handle.watermarks(topic: topic, partitions: partitions, high: true, timeout: timeout)
            case .timestamp(let milliseconds):
                return try handle.offsetsForTime(
                    topic: topic, partitions: partitions, timestamp: milliseconds, timeout: timeout)
            }
        }
    }

    /// kafka-producer-perf-test's run: `records` records of 1024 bytes at no more than 100,000 records/s,
    /// latency measured from send to delivery report. The result's `message` is the tool's summary line
    /// and a newline.
    ///
    /// Errors: `badRequest` for an invalid name or a record count outside 1…1,000,000, `notFound` for an
    /// unknown topic, `unavailable` when records could not be delivered in time; any failed delivery
    /// fails the test with Kafka's error.
    public func producerTest(topic: String, records: Int) async throws(KafkaAdminError) -> ProducerTestResult {
        try TopicName.validate(topic)
        guard (1...Self.producerTestMaximumRecords).contains(records) else {
            throw KafkaAdminError(
                category: .badRequest, name: "_INVALID_ARG", code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                message: "The number of records must be between 1 and \(Self.producerTestMaximumRecords), got \(records).")
        }
        let timeout = configuration.requestTimeout
        let result = try await withHandle("producer test") { handle throws(KafkaAdminError) in
            guard try handle.metadata(timeout: timeout).topic(named: topic) != nil else {
                throw .unknownTopic(topic)
            }
            return try ProducerTestRun(records: records, recordSize: Self.producerTestRecordSize).run(
                handle: handle, topic: topic, throughput: Self.producerTestThroughput, reportTimeout: timeout)
        }
        logger.info("Producer test finished", metadata: ["topic": "\(topic)", "summary": "\(result.summary)"])
        return result
    }
}

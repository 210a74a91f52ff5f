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
}

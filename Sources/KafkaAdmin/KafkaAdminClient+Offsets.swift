import CRdKafka

extension KafkaAdminClient {
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
            // librdkafka calls a partition without a leader "unknown"; it exists and waits for an election.
            if let leaderless = description.partitions.first(where: { $0.leader == nil }) {
                throw KafkaAdminError(
                    category: .unavailable, name: "LEADER_NOT_AVAILABLE",
                    code: RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE.rawValue,
                    message: "Partition \(leaderless.partition) of topic \(topic) has no leader: its offsets can be "
                        + "read once a leader is elected.")
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
}

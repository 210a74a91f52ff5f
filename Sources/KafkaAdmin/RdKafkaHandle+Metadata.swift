import CRdKafka

extension RdKafkaHandle {
    /// The cluster's brokers and every topic, from a Metadata request. Blocks up to `timeout`.
    func metadata(timeout: Duration) throws(KafkaAdminError) -> ClusterMetadata {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(pointer, 1, nil, &metadata, Self.milliseconds(timeout))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw failure(error, while: "reading the cluster metadata")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let md = metadata.pointee

        var brokers: [KafkaBroker] = []
        for index in 0..<Int(md.broker_cnt) {
            let broker = md.brokers[index]
            brokers.append(
                KafkaBroker(id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: Int(broker.port)))
        }

        var topics: [TopicDescription] = []
        for index in 0..<Int(md.topic_cnt) {
            let topic = md.topics[index]
            // A topic being deleted, or one the client may not see, comes back with an error and no
            // partitions: it is not part of the cluster's topics.
            if topic.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                || topic.err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
            {
                continue
            }
            var partitions: [PartitionState] = []
            for partitionIndex in 0..<Int(topic.partition_cnt) {
                let partition = topic.partitions[partitionIndex]
                let replicas = (0..<Int(partition.replica_cnt)).map { partition.replicas[$0] }
                let isr = (0..<Int(partition.isr_cnt)).map { partition.isrs[$0] }
                partitions.append(
                    PartitionState(
                        partition: partition.id, leader: partition.leader >= 0 ? partition.leader : nil,
                        replicas: replicas, isr: isr))
            }
            topics.append(TopicDescription(name: String(cString: topic.topic), partitions: partitions))
        }
        return ClusterMetadata(brokers: brokers, topics: topics)
    }

    /// A librdkafka or Kafka error, with what was being done and where.
    func failure(_ error: rd_kafka_resp_err_t, while doing: String, kafkaMessage: String? = nil) -> KafkaAdminError {
        let name = String(cString: rd_kafka_err2name(error))
        let message: String
        if let kafkaMessage, !kafkaMessage.isEmpty {
            message = kafkaMessage
        } else {
            message = detailed(String(cString: rd_kafka_err2str(error)), while: doing)
        }
        return KafkaAdminError(
            category: KafkaErrorCode.category(of: error), name: name, code: error.rawValue, message: message)
    }

    /// "Creating topic t failed (Kafka brokers h:p): <what librdkafka said>".
    func detailed(_ description: String, while doing: String) -> String {
        "\(doing.capitalizedFirst) failed (Kafka brokers \(bootstrapServers.joined(separator: ","))): \(description)"
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: max(duration.totalMilliseconds, 1))
    }
}

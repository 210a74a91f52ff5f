import CRdKafka

extension RdKafkaHandle {
    /// CreateTopics for one topic. Blocks up to about `timeout`.
    func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32, timeout: Duration)
        throws(KafkaAdminError)
    {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(name, partitions, replicationFactor, &errorText, errorText.count)
        else {
            throw KafkaAdminError(
                category: .badRequest, name: "_INVALID_ARG", code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                message: errorText.nulTerminatedString)
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        try runAdminOperation(
            RD_KAFKA_ADMIN_OP_CREATETOPICS, topic: name, doing: "creating topic \(name)", timeout: timeout,
            start: { options, queue in
                var topics: [OpaquePointer?] = [newTopic]
                rd_kafka_CreateTopics(pointer, &topics, 1, options, queue)
            },
            results: { event in
                var count = 0
                guard let result = rd_kafka_event_CreateTopics_result(event),
                    let topics = rd_kafka_CreateTopics_result_topics(result, &count)
                else { return [] }
                return (0..<count).compactMap { topics[$0] }
            })
    }

    /// DeleteTopics for one topic. Blocks up to about `timeout`.
    func deleteTopic(_ name: String, timeout: Duration) throws(KafkaAdminError) {
        guard let deleteTopic = rd_kafka_DeleteTopic_new(name) else {
            throw .libraryFailure("librdkafka could not describe the deletion")
        }
        defer { rd_kafka_DeleteTopic_destroy(deleteTopic) }
        try runAdminOperation(
            RD_KAFKA_ADMIN_OP_DELETETOPICS, topic: name, doing: "deleting topic \(name)", timeout: timeout,
            start: { options, queue in
                var topics: [OpaquePointer?] = [deleteTopic]
                rd_kafka_DeleteTopics(pointer, &topics, 1, options, queue)
            },
            results: { event in
                var count = 0
                guard let result = rd_kafka_event_DeleteTopics_result(event),
                    let topics = rd_kafka_DeleteTopics_result_topics(result, &count)
                else { return [] }
                return (0..<count).compactMap { topics[$0] }
            })
    }

    /// CreatePartitions: raises the topic's partition count to `totalCount`. Blocks up to about `timeout`.
    func createPartitions(_ name: String, totalCount: Int, timeout: Duration) throws(KafkaAdminError) {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let newPartitions = rd_kafka_NewPartitions_new(name, totalCount, &errorText, errorText.count) else {
            throw .invalidPartitions(errorText.nulTerminatedString)
        }
        defer { rd_kafka_NewPartitions_destroy(newPartitions) }
        try runAdminOperation(
            RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, topic: name, doing: "adding partitions to topic \(name)",
            timeout: timeout,
            start: { options, queue in
                var partitions: [OpaquePointer?] = [newPartitions]
                rd_kafka_CreatePartitions(pointer, &partitions, 1, options, queue)
            },
            results: { event in
                var count = 0
                guard let result = rd_kafka_event_CreatePartitions_result(event),
                    let topics = rd_kafka_CreatePartitions_result_topics(result, &count)
                else { return [] }
                return (0..<count).compactMap { topics[$0] }
            })
    }

    /// Starts an admin request on a private queue and waits for its result event; fails with Kafka's
    /// own error and message for the topic when the request or the topic failed.
    private func runAdminOperation(
        _ operation: rd_kafka_admin_op_t, topic: String, doing: String, timeout: Duration,
        start: (_ options: OpaquePointer, _ queue: OpaquePointer) -> Void,
        results: (_ event: OpaquePointer) -> [OpaquePointer]
    ) throws(KafkaAdminError) {
        guard let queue = rd_kafka_queue_new(pointer) else {
            throw .libraryFailure("librdkafka could not create a queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        guard let options = rd_kafka_AdminOptions_new(pointer, operation) else {
            throw .libraryFailure("librdkafka could not create admin options")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }

        let milliseconds = Self.milliseconds(timeout)
        var errorText = [CChar](repeating: 0, count: 512)
        rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, &errorText, errorText.count)
        // The broker answers once the topic change is done (or this time passed), so a success means the
        // change is visible.
        rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errorText, errorText.count)

        start(options, queue)
        // librdkafka fails the request itself at the request timeout; the extra second only covers the
        // hand-over of that failure.
        guard let event = rd_kafka_queue_poll(queue, milliseconds + 1000) else {
            throw .timedOut(doing.capitalizedFirst, after: timeout)
        }
        defer { rd_kafka_event_destroy(event) }

        let requestError = rd_kafka_event_error(event)
        if requestError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let message = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw failure(requestError, while: doing, kafkaMessage: message.map { detailed($0, while: doing) })
        }
        for result in results(event) {
            let error = rd_kafka_topic_result_error(result)
            guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let message = rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
            throw failure(error, while: doing, kafkaMessage: message)
        }
    }
}

import CRdKafka

extension KafkaAdminClient {
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
                message:
                    "The number of records must be between 1 and \(Self.producerTestMaximumRecords), got \(records).")
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

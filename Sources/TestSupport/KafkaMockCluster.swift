import CRdKafka
import Foundation
import Logging

/// librdkafka's in-process mock Kafka cluster: `brokers` brokers (ids 1…n) on 127.0.0.1 ports, speaking
/// the real protocol for Metadata, Produce, Fetch and ListOffsets. Topics are made with `createTopic`
/// (the mock does not implement the CreateTopics/DeleteTopics/CreatePartitions admin requests: they time
/// out waiting for a controller). It always reports ISR = replicas; `KafkaScriptedBroker` covers ISR changes
/// and brokers going down. (librdkafka's own `rd_kafka_mock_broker_set_down`/`set_up` are not offered: up
/// binds the broker's old port again and asserts, ending the whole test process, when another test took it.)
public final class KafkaMockCluster: @unchecked Sendable {
    // Safe to share: the mock cluster's functions are thread-safe (they post to the mock's own thread), and
    // both pointers are only freed in deinit.
    private let rk: OpaquePointer
    private let cluster: OpaquePointer
    /// The brokers' `127.0.0.1:port` endpoints.
    public let bootstrapServers: [String]

    /// Starts a mock cluster of `brokers` brokers.
    public init(brokers: Int = 3) throws {
        guard let conf = rd_kafka_conf_new() else { throw KafkaTestBrokerError.mock("rd_kafka_conf_new failed") }
        rd_kafka_conf_set_log_cb(conf, kafkaMockLogCallback)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaTestBrokerError.mock("rd_kafka_new failed: \(reason)")
        }
        guard let cluster = rd_kafka_mock_cluster_new(rk, Int32(brokers)) else {
            rd_kafka_destroy(rk)
            throw KafkaTestBrokerError.mock("rd_kafka_mock_cluster_new failed")
        }
        self.rk = rk
        self.cluster = cluster
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
            .split(separator: ",").map(String.init)
    }

    deinit {
        // Destroying blocks until the mock's threads end: keep that off Swift's cooperative pool.
        let teardown = Teardown(rk: rk, cluster: cluster)
        let thread = Thread {
            rd_kafka_mock_cluster_destroy(teardown.cluster)
            rd_kafka_destroy(teardown.rk)
        }
        thread.name = "kafka-mock-destroy"
        thread.start()
    }

    private struct Teardown: @unchecked Sendable {
        // Safe to send: the owning KafkaMockCluster is being deinitialised; this is the last reference.
        let rk: OpaquePointer
        let cluster: OpaquePointer
    }

    /// Creates a topic whose partitions' leaders and replicas the mock spreads over its brokers.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws {
        try check(
            rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor)),
            "creating topic \(name)")
    }

    /// Makes `brokerId` the partition's leader; nil leaves the partition without a leader.
    public func setPartitionLeader(topic: String, partition: Int32, brokerId: Int32?) throws {
        try check(
            rd_kafka_mock_partition_set_leader(cluster, topic, partition, brokerId ?? -1),
            "setting the leader of \(topic)-\(partition)")
    }

    private func check(_ error: rd_kafka_resp_err_t, _ doing: String) throws {
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaTestBrokerError.mock("\(doing): \(String(cString: rd_kafka_err2str(error)))")
        }
    }
}

private let kafkaMockLogger = Logger(label: "kafka-scheduler.test-support.kafka-mock")

/// The mock's own client logs to swift-log, not stderr.
private func kafkaMockLogCallback(
    _ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?
) {
    guard level <= 4 else { return }
    kafkaMockLogger.warning("\(message.map { String(cString: $0) } ?? "")")
}

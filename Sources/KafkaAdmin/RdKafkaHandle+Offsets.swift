import CRdKafka
import Dispatch

extension RdKafkaHandle {
    /// The low or high watermark of each partition. All partitions share one deadline `timeout` away.
    func watermarks(topic: String, partitions: [Int32], high: Bool, timeout: Duration)
        throws(KafkaAdminError) -> [PartitionOffset]
    {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(timeout.totalMilliseconds, 1)) * 1_000_000
        var offsets: [PartitionOffset] = []
        for partition in partitions {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                throw .timedOut("Reading the offsets of topic \(topic)", after: timeout)
            }
            let remaining = Int32(clamping: max((deadline - now) / 1_000_000, 1))
            var low: Int64 = -1
            var highWatermark: Int64 = -1
            let error = rd_kafka_query_watermark_offsets(pointer, topic, partition, &low, &highWatermark, remaining)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw failure(error, while: "reading the offsets of \(topic)-\(partition)")
            }
            offsets.append(PartitionOffset(partition: partition, offset: high ? highWatermark : low))
        }
        return offsets
    }

    /// For each partition, the earliest offset whose record timestamp is at or after `timestamp`
    /// (milliseconds); nil where there is none.
    func offsetsForTime(topic: String, partitions: [Int32], timestamp: Int64, timeout: Duration)
        throws(KafkaAdminError) -> [PartitionOffset]
    {
        guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count)) else {
            throw .libraryFailure("librdkafka could not allocate a list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = timestamp
        }
        let error = rd_kafka_offsets_for_times(pointer, list, Self.milliseconds(timeout))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure(error, while: "looking up the offsets of topic \(topic) at \(timestamp)")
        }
        var offsets: [PartitionOffset] = []
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw failure(
                    element.err, while: "looking up the offset of \(topic)-\(element.partition) at \(timestamp)")
            }
            let offset = element.offset >= 0 ? element.offset : nil
            offsets.append(PartitionOffset(partition: element.partition, offset: offset))
        }
        return offsets.sorted { $0.partition < $1.partition }
    }
}

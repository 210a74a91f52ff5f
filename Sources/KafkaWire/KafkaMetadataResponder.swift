/// Answers ApiVersions (v0–v3) and Metadata (v0–v1) requests from a cluster description: enough for Kafka
/// clients (librdkafka, the Java client) to bootstrap, list brokers and read topic and partition state.
/// Pure: bytes in, bytes out.
public enum KafkaMetadataResponder {
    /// The requests answered, with their version ranges, as ApiVersions lists them.
    public static let supportedApis: [(key: Int16, minVersion: Int16, maxVersion: Int16)] = [
        (KafkaWire.apiVersionsKey, 0, 3), (KafkaWire.metadataKey, 0, 1),
    ]

    /// The response frame (size prefix included) to one request (a frame's payload, without its size
    /// prefix), or nil for a request it does not answer: the caller closes the connection, as a broker does
    /// for requests it cannot parse.
    public static func respond(to request: [UInt8], cluster: KafkaClusterDescription) -> [UInt8]? {
        var reader = KafkaWire.Reader(request)
        guard let header = KafkaWire.readHeader(&reader) else { return nil }
        var response = KafkaWire.Writer()
        response.int32(header.correlationId)
        switch header.apiKey {
        case KafkaWire.apiVersionsKey:
            writeApiVersions(version: header.apiVersion, into: &response)
        case KafkaWire.metadataKey where header.apiVersion <= 1:
            writeMetadata(version: header.apiVersion, requestBody: &reader, cluster: cluster, into: &response)
        default:
            return nil
        }
        return response.framed
    }

    private static func writeApiVersions(version: Int16, into response: inout KafkaWire.Writer) {
        if version == 3 {
            // Flexible version: compact array (count + 1) and tagged fields.
            response.int16(0)
            response.unsignedVarint(UInt32(supportedApis.count + 1))
            for api in supportedApis {
                response.int16(api.key)
                response.int16(api.minVersion)
                response.int16(api.maxVersion)
                response.unsignedVarint(0)
            }
            response.int32(0)
            response.unsignedVarint(0)
            return
        }
        // Versions above 3 get UNSUPPORTED_VERSION in the v0 layout, as Kafka answers (KIP-511).
        response.int16(version > 3 ? 35 : 0)
        response.array(supportedApis) { writer, api in
            writer.int16(api.key)
            writer.int16(api.minVersion)
            writer.int16(api.maxVersion)
        }
        if (1...2).contains(version) { response.int32(0) }
    }

    private static func writeMetadata(
        version: Int16, requestBody: inout KafkaWire.Reader, cluster: KafkaClusterDescription,
        into response: inout KafkaWire.Writer
    ) {
        var requested: [String]?
        if let count = requestBody.int32(), count >= 0 {
            var names: [String] = []
            for _ in 0..<count {
                guard case .some(.some(let name)) = requestBody.nullableString() else { break }
                names.append(name)
            }
            // v0 asks for every topic with an empty list.
            requested = (version == 0 && names.isEmpty) ? nil : names
        }
        response.array(cluster.brokers) { writer, broker in
            writer.int32(broker.id)
            writer.string(broker.host)
            writer.int32(Int32(broker.port))
            if version >= 1 { writer.nullableString(nil) }
        }
        if version >= 1 { response.int32(cluster.controllerId) }

        let topics: [(name: String, topic: KafkaClusterDescription.Topic?)] =
            requested.map { names in names.map { name in (name, cluster.topics.first { $0.name == name }) } }
            ?? cluster.topics.map { ($0.name, $0) }
        response.array(topics) { writer, entry in
            // UNKNOWN_TOPIC_OR_PARTITION (3) for a topic that does not exist.
            writer.int16(entry.topic == nil ? 3 : 0)
            writer.string(entry.name)
            if version >= 1 { writer.bool(entry.topic?.isInternal ?? false) }
            writer.array(entry.topic?.partitions ?? []) { writer, partition in
                // LEADER_NOT_AVAILABLE (5) for a partition without a leader.
                writer.int16(partition.leader < 0 ? 5 : 0)
                writer.int32(partition.id)
                writer.int32(partition.leader)
                writer.array(partition.replicas) { $0.int32($1) }
                writer.array(partition.isr) { $0.int32($1) }
            }
        }
    }
}

import Foundation

/// A Kafka-protocol endpoint on 127.0.0.1 that answers ApiVersions and Metadata (v0–v1) from a cluster
/// description the test changes at will: brokers that register and leave, partitions whose ISR shrinks
/// and grows back. librdkafka's mock cluster always reports ISR = replicas, so tests of
/// under-replication and of the in-sync check drive their clients against this instead. Every broker id
/// of the description is advertised at this one endpoint.
///
/// With `answering: false` it accepts connections and reads requests but never answers: a cluster that
/// hangs.
public final class KafkaScriptedBroker: Sendable {

    /// The cluster the broker describes.
    public struct Cluster: Sendable, Equatable {
        /// The registered brokers.
        public var brokerIds: [Int32]
        /// The controller's id (Metadata v1).
        public var controllerId: Int32
        /// The topics, in the order Metadata lists them.
        public var topics: [Topic]

        public init(brokerIds: [Int32], controllerId: Int32? = nil, topics: [Topic] = []) {
            self.brokerIds = brokerIds
            self.controllerId = controllerId ?? brokerIds.first ?? -1
            self.topics = topics
        }

        /// Changes one partition of a topic.
        public mutating func updatePartition(
            topic: String, partition: Int32, _ change: (inout Partition) -> Void
        ) {
            guard let topicIndex = topics.firstIndex(where: { $0.name == topic }),
                let partitionIndex = topics[topicIndex].partitions.firstIndex(where: { $0.id == partition })
            else { return }
            change(&topics[topicIndex].partitions[partitionIndex])
        }
    }

    /// A topic as Metadata describes it.
    public struct Topic: Sendable, Equatable {
        public var name: String
        /// Metadata v1's `is_internal` flag.
        public var isInternal: Bool
        public var partitions: [Partition]

        public init(name: String, isInternal: Bool = false, partitions: [Partition]) {
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
        }
    }

    /// A partition as Metadata describes it.
    public struct Partition: Sendable, Equatable {
        public var id: Int32
        /// -1 for no leader.
        public var leader: Int32
        public var replicas: [Int32]
        public var isr: [Int32]

        public init(id: Int32, leader: Int32, replicas: [Int32], isr: [Int32]) {
            self.id = id
            self.leader = leader
            self.replicas = replicas
            self.isr = isr
        }
    }

    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// `127.0.0.1:<port>`.
    public var bootstrapServer: String { "127.0.0.1:\(port)" }

    private let server: Server

    /// Starts listening at once.
    public init(cluster: Cluster, answering: Bool = true) throws {
        server = try Server(cluster: cluster, answering: answering)
        port = server.port
        server.start()
    }

    deinit {
        server.stop()
    }

    /// `127.0.0.1:<port>` where nothing listens (a port bound a moment ago and released): a cluster
    /// that refuses connections.
    public static func refusedEndpoint() throws -> String {
        "127.0.0.1:\(try KafkaWire.freeLoopbackPort())"
    }

    /// Changes the cluster the broker describes from the next Metadata request on.
    public func update(_ change: (inout Cluster) -> Void) {
        server.cluster.withLock { change(&$0) }
    }

    /// Stops accepting and closes every connection, within about 50 ms; does not wait for that.
    public func stop() {
        server.stop()
    }
}

extension KafkaScriptedBroker {
    /// The sockets and threads; the threads hold this, not the broker, so dropping the broker stops them.
    private final class Server: @unchecked Sendable {
        // Safe to share: the cluster description and the stop flag are behind locks; each socket is used by
        // one thread only.
        let port: Int
        let cluster: KafkaLocked<Cluster>
        private let listenFD: Int32
        private let answering: Bool
        private let stopping = KafkaLocked(false)

        init(cluster: Cluster, answering: Bool) throws {
            let (fd, port) = try KafkaWire.listenOnLoopback()
            self.listenFD = fd
            self.port = port
            self.answering = answering
            self.cluster = KafkaLocked(cluster)
        }

        func start() {
            let thread = Thread { [self] in
                acceptLoop()
                close(listenFD)
            }
            thread.name = "kafka-scripted-broker-accept"
            thread.start()
        }

        /// Asks the threads to end; each closes its own socket within one poll interval (50 ms).
        func stop() {
            stopping.withLock { $0 = true }
        }

        private var isStopping: Bool { stopping.withLock { $0 } }

        private func acceptLoop() {
            while !isStopping {
                guard KafkaWire.waitReadable(listenFD, milliseconds: 50) else { continue }
                let connection = accept(listenFD, nil, nil)
                guard connection >= 0 else { continue }
                let thread = Thread { [self] in
                    serve(connection)
                    close(connection)
                }
                thread.name = "kafka-scripted-broker-connection"
                thread.start()
            }
        }

        private func serve(_ fd: Int32) {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !isStopping {
                guard KafkaWire.waitReadable(fd, milliseconds: 50) else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return }
                pending.append(contentsOf: buffer[0..<count])
                while pending.count >= 4 {
                    var sizeReader = KafkaWire.Reader(Array(pending[0..<4]))
                    guard let size = sizeReader.int32(), size >= 0 else { return }
                    guard pending.count >= 4 + Int(size) else { break }
                    let request = Array(pending[4..<4 + Int(size)])
                    pending.removeFirst(4 + Int(size))
                    guard answering else { continue }
                    guard let response = respond(to: request), KafkaWire.writeAll(fd, response) else { return }
                }
            }
        }

        private func respond(to request: [UInt8]) -> [UInt8]? {
            var reader = KafkaWire.Reader(request)
            guard let header = KafkaWire.readHeader(&reader) else { return nil }
            var response = KafkaWire.Writer()
            response.int32(header.correlationId)
            switch header.apiKey {
            case KafkaWire.apiVersionsKey:
                writeApiVersions(version: header.apiVersion, into: &response)
            case KafkaWire.metadataKey where header.apiVersion <= 1:
                writeMetadata(version: header.apiVersion, requestBody: &reader, into: &response)
            default:
                return nil
            }
            return response.framed
        }

        private static let supported: [(key: Int16, min: Int16, max: Int16)] = [
            (KafkaWire.apiVersionsKey, 0, 3), (KafkaWire.metadataKey, 0, 1),
        ]

        private func writeApiVersions(version: Int16, into response: inout KafkaWire.Writer) {
            if version == 3 {
                response.int16(0)
                response.unsignedVarint(UInt32(Self.supported.count + 1))
                for api in Self.supported {
                    response.int16(api.key)
                    response.int16(api.min)
                    response.int16(api.max)
                    response.unsignedVarint(0)
                }
                response.int32(0)
                response.unsignedVarint(0)
                return
            }
            // Versions above 3 get UNSUPPORTED_VERSION in the v0 layout, as Kafka answers (KIP-511).
            response.int16(version > 3 ? 35 : 0)
            response.array(Self.supported) { writer, api in
                writer.int16(api.key)
                writer.int16(api.min)
                writer.int16(api.max)
            }
            if (1...2).contains(version) { response.int32(0) }
        }

        private func writeMetadata(
            version: Int16, requestBody: inout KafkaWire.Reader, into response: inout KafkaWire.Writer
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
            let cluster = self.cluster.withLock { $0 }
            response.array(cluster.brokerIds) { writer, id in
                writer.int32(id)
                writer.string("127.0.0.1")
                writer.int32(Int32(port))
                if version >= 1 { writer.nullableString(nil) }
            }
            if version >= 1 { response.int32(cluster.controllerId) }

            let topics: [(name: String, topic: Topic?)] =
                requested.map { names in names.map { name in (name, cluster.topics.first { $0.name == name }) } }
                ?? cluster.topics.map { ($0.name, $0) }
            response.array(topics) { writer, entry in
                writer.int16(entry.topic == nil ? 3 : 0)
                writer.string(entry.name)
                if version >= 1 { writer.bool(entry.topic?.isInternal ?? false) }
                writer.array(entry.topic?.partitions ?? []) { writer, partition in
                    writer.int16(partition.leader < 0 ? 5 : 0)
                    writer.int32(partition.id)
                    writer.int32(partition.leader)
                    writer.array(partition.replicas) { $0.int32($1) }
                    writer.array(partition.isr) { $0.int32($1) }
                }
            }
        }
    }
}

/// A value behind a lock.
final class KafkaLocked<Value>: @unchecked Sendable {
    // Safe to share: every access goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

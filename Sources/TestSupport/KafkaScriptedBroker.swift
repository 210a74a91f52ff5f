import Foundation
import KafkaWire

/// A Kafka-protocol endpoint on 127.0.0.1 that answers ApiVersions and Metadata (v0–v1) from a cluster
/// description the test changes at will: brokers that register and leave, partitions whose ISR shrinks
/// and grows back. librdkafka's mock cluster always reports ISR = replicas, so tests of
/// under-replication and of the in-sync check drive their clients against this instead. Every broker id
/// of the description is advertised at this one endpoint.
///
/// With `answering: false` it accepts connections and reads requests but never answers: a cluster that
/// hangs. `setDown(true)` makes it a cluster whose brokers are all down, without giving up its port (another
/// test could take a released port before the broker comes back).
public final class KafkaScriptedBroker: Sendable {
    /// A topic as Metadata describes it.
    public typealias Topic = KafkaClusterDescription.Topic
    /// A partition as Metadata describes it.
    public typealias Partition = KafkaClusterDescription.Partition

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

        /// The description the wire responder answers from, every broker at `host:port`.
        func description(host: String, port: Int) -> KafkaClusterDescription {
            KafkaClusterDescription(
                brokers: brokerIds.map { .init(id: $0, host: host, port: port) },
                controllerId: controllerId,
                topics: topics
            )
        }
    }

    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// `127.0.0.1:<port>`.
    public var bootstrapServer: String { "127.0.0.1:\(port)" }

    private let server: KafkaProtocolServer
    private let cluster: SharedMutex<Cluster>
    private let answering: Bool

    /// Starts listening at once.
    public init(cluster: Cluster, answering: Bool = true) throws {
        let server = try KafkaProtocolServer(host: "127.0.0.1", port: 0)
        let state = SharedMutex(cluster)
        let (host, port) = (server.host, server.port)
        server.start(answering: answering) { state.withLock { $0.description(host: host, port: port) } }
        self.server = server
        self.cluster = state
        self.port = port
        self.answering = answering
    }

    deinit {
        server.stop()
    }

    /// `127.0.0.1:<port>` where nothing listens (a port of `LocalNetwork.freePort`, which no other test of
    /// this process gets and the kernel never hands out on its own): a cluster that refuses connections.
    public static func refusedEndpoint() throws -> String {
        "127.0.0.1:\(try LocalNetwork.freePort())"
    }

    /// Changes the cluster the broker describes from the next Metadata request on.
    public func update(_ change: (inout Cluster) -> Void) {
        cluster.withLock { change(&$0) }
    }

    /// Takes the broker down (every open connection is closed within about 50 ms, new ones at once) or brings it
    /// back as it was created.
    public func setDown(_ down: Bool) {
        server.setMode(down ? .closing : answering ? .answering : .silent)
    }

    /// Stops accepting and closes every connection, within about 50 ms; does not wait for that.
    public func stop() {
        server.stop()
    }
}

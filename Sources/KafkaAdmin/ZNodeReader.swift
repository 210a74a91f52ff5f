import Foundation
import Logging
import ZooKeeper

/// The reads behind `ZooKeeperMetadataSource`: Kafka's znodes into `ClusterMetadata` values. Missing nodes
/// are normal here (a broker stops, a topic is deleted between two reads) and read as absent; ZooKeeper's
/// failures become `KafkaAdminError`s.
struct ZNodeReader: Sendable {
    let client: ZooKeeperClient
    let znodes: KafkaZNodes
    let concurrency: Int
    let logger: Logger

    var hosts: String { client.connectString }

    // MARK: Brokers

    func registeredBrokers() async throws(KafkaAdminError) -> [RegisteredBroker] {
        let ids = try await children(znodes.brokerIds).compactMap { name -> Int32? in
            guard let id = Int32(name) else {
                logger.debug("Ignoring a child of /brokers/ids that is not a broker id", metadata: ["child": "\(name)"])
                return nil
            }
            return id
        }
        let brokers = try await concurrentMap(ids) { id throws(KafkaAdminError) -> RegisteredBroker? in
            let path = znodes.broker(id)
            guard let data = try await read(path) else { return nil }
            return try RegisteredBroker.decode(id: id, data: data, path: path)
        }
        return brokers.compactMap { $0 }.sorted { $0.id < $1.id }
    }

    // MARK: Topics

    /// Topic names under `/brokers/topics` without those marked for deletion, sorted.
    func liveTopicNames() async throws(KafkaAdminError) -> [String] {
        async let all = children(znodes.topics)
        async let deleted = children(znodes.topicsMarkedForDeletion)
        do {
            let marked = Set(try await deleted)
            return try await all.filter { !marked.contains($0) }
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw .zooKeeper(error, hosts: hosts)
        }
    }

    /// Every live topic with its partitions' states, sorted by name.
    func topicDescriptions() async throws(KafkaAdminError) -> [TopicDescription] {
        let names = try await liveTopicNames()
        return try await concurrentMap(names) { name throws(KafkaAdminError) in
            try await topicDescription(name)
        }.compactMap { $0 }
    }

    /// The topic's partitions with their states; nil when the topic znode does not exist.
    func topicDescription(_ name: String) async throws(KafkaAdminError) -> TopicDescription? {
        let path = znodes.topic(name)
        guard let data = try await read(path) else { return nil }
        let assignment = try TopicAssignment.decode(topic: name, data: data, path: path)
        let partitions = try await concurrentMap(assignment.partitions) { partition throws(KafkaAdminError) in
            let replicas = assignment.replicas[partition] ?? []
            let statePath = znodes.partitionState(topic: name, partition: partition)
            guard let state = try await read(statePath) else {
                // The controller writes the state right after the assignment: until then, no leader.
                return PartitionState(partition: partition, leader: nil, replicas: replicas, isr: [])
            }
            return try PartitionState.decodeZNode(
                partition: partition, replicas: replicas, data: state, path: statePath)
        }
        return TopicDescription(name: name, partitions: partitions)
    }

    // MARK: ZooKeeper requests

    /// The node's data; nil when it does not exist.
    func read(_ path: String) async throws(KafkaAdminError) -> Data? {
        do {
            return try await client.get(path).data
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        } catch {
            throw .zooKeeper(error, hosts: hosts)
        }
    }

    /// The node's children, sorted; empty when the node does not exist.
    func children(_ path: String) async throws(KafkaAdminError) -> [String] {
        do {
            return try await client.children(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        } catch {
            throw .zooKeeper(error, hosts: hosts)
        }
    }

    /// How many children the node has; 0 when it does not exist.
    func childCount(_ path: String) async throws(KafkaAdminError) -> Int {
        do {
            return Int(try await client.exists(path)?.numChildren ?? 0)
        } catch {
            throw .zooKeeper(error, hosts: hosts)
        }
    }

    func exists(_ path: String) async throws(KafkaAdminError) -> Bool {
        do {
            return try await client.exists(path) != nil
        } catch {
            throw .zooKeeper(error, hosts: hosts)
        }
    }

    /// `transform` over `items` with at most `concurrency` in flight (ZooKeeper pipelines the requests of
    /// one session), results in the order of `items`. The first error cancels the rest.
    func concurrentMap<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) async throws(KafkaAdminError) -> Output
    ) async throws(KafkaAdminError) -> [Output] {
        if items.count <= 1 {
            var outputs: [Output] = []
            for item in items { outputs.append(try await transform(item)) }
            return outputs
        }
        let limit = concurrency
        let result = await withTaskGroup(of: (Int, Result<Output, KafkaAdminError>).self) { group in
            var outputs = [Output?](repeating: nil, count: items.count)
            var next = 0
            func add() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    do throws(KafkaAdminError) {
                        return (index, .success(try await transform(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(limit, items.count) { add() }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let output):
                    outputs[index] = output
                    if next < items.count { add() }
                case .failure(let error):
                    group.cancelAll()
                    return Result<[Output], KafkaAdminError>.failure(error)
                }
            }
            return .success(outputs.compactMap { $0 })
        }
        return try result.get()
    }
}

import Foundation
import KafkaAdmin
import Mesos
import TestSupport
import Testing
import ZooKeeper

@testable import KafkaFramework

@Suite struct ReadinessProbeTests {
    /// Kafka 3.x's registration of a broker, as it writes `/brokers/ids/<id>`.
    static func registration(host: String, port: Int) -> Data {
        Data(
            """
            {"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},\
            "endpoints":["PLAINTEXT://\(host):\(port)"],"jmx_port":-1,"port":\(port),"host":"\(host)",\
            "version":5,"timestamp":"1700000000000"}
            """.utf8)
    }

    /// Collects what a registrations stream yields, so that a test can wait for a value with a deadline.
    final class Recorder: @unchecked Sendable {
        // @unchecked: `values` is read and written with `lock` held.
        private let lock = NSLock()
        private var values: [[Int: BrokerRegistration]] = []
        private var task: Task<Void, Never>?

        init(_ stream: AsyncStream<[Int: BrokerRegistration]>) {
            task = Task { [weak self] in
                for await value in stream { self?.lock.withLock { self?.values.append(value) } }
            }
        }

        func stop() { task?.cancel() }

        /// The first value from position `from` on that satisfies `condition`, and its position.
        func wait(
            from: Int = 0, timeout: Duration = .seconds(10), until condition: ([Int: BrokerRegistration]) -> Bool
        ) async throws -> (value: [Int: BrokerRegistration], index: Int) {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let found = lock.withLock { () -> ([Int: BrokerRegistration], Int)? in
                    for index in values.indices.dropFirst(from) where condition(values[index]) {
                        return (values[index], index)
                    }
                    return nil
                }
                if let found { return found }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw TestTimeout(description: "no matching registrations within \(timeout)")
        }
    }

    struct TestTimeout: Error, CustomStringConvertible {
        var description: String
    }

    @Test func registrationsAreWatchedInKafkasZooKeeper() async throws {
        let server = try await ZooKeeperServer.shared()
        let chroot = uniqueZNodePath("readiness")
        let setup = try await server.connect(logger: quietLogger)
        try await setup.create(chroot)
        let client = try await server.connect(chroot: chroot, logger: quietLogger)
        let broker = try await server.connect(chroot: chroot, logger: quietLogger)
        defer {
            Task {
                await broker.close()
                await client.close()
                await setup.close()
            }
        }
        let layout = StateLayout(frameworkName: "kafka")
        let probe = KafkaReadinessProbe(
            zooKeeper: client, layout: layout, admin: KafkaAdminClient(bootstrapServers: []),
            resyncInterval: .milliseconds(200), retryDelay: .milliseconds(100), logger: quietLogger)
        let recorder = Recorder(probe.registrations())
        defer { recorder.stop() }
        let (empty, start) = try await recorder.wait { _ in true }
        #expect(empty.isEmpty)

        try await broker.create(
            layout.brokerRegistrations + "/0", data: Self.registration(host: "kafka-0.local", port: 9092),
            mode: .ephemeral, createParents: true)
        let (first, one) = try await recorder.wait(from: start) { $0[0] != nil }
        #expect(first[0]?.host == "kafka-0.local" && first[0]?.port == 9092)

        // The same broker registering again (a new process) has a new creation id.
        try await broker.delete(layout.brokerRegistrations + "/0")
        try await broker.create(
            layout.brokerRegistrations + "/0", data: Self.registration(host: "kafka-0b.local", port: 9093),
            mode: .ephemeral)
        let (second, two) = try await recorder.wait(from: one) { $0[0]?.host == "kafka-0b.local" }
        #expect(second[0]!.creationID != first[0]!.creationID)

        try await broker.create(layout.brokerRegistrations + "/1", data: Data("not json".utf8), mode: .ephemeral)
        let (both, three) = try await recorder.wait(from: two) { $0.count == 2 }
        #expect(both[1]?.host == nil)

        // A broker process that dies loses its ephemeral registration.
        await broker.close()
        let (none, _) = try await recorder.wait(from: three) { $0.isEmpty }
        #expect(none.isEmpty)
    }

    @Test func listenerAddressesAreParsed() {
        #expect(KafkaReadinessProbe.hostPort(fromListener: "PLAINTEXT://h.example:9092")! == ("h.example", 9092))
        #expect(KafkaReadinessProbe.hostPort(fromListener: "nonsense") == nil)
    }

    @Test func replicaChecksFailWhenKafkaCannotBeReached() async throws {
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: quietLogger)
        defer { Task { await client.close() } }
        let probe = KafkaReadinessProbe(
            zooKeeper: client, layout: StateLayout(frameworkName: "kafka"),
            admin: KafkaAdminClient(bootstrapServers: [], logger: quietLogger), logger: quietLogger)
        await #expect(throws: KafkaAdminError.self) {
            _ = try await probe.replicaSyncStatus(ofBroker: 0, endpoints: [])
        }
    }
}

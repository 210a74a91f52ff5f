import Foundation
import TestSupport
import Testing
import ZooKeeper

@Suite struct SessionObserverTests {
    /// A consumer's stream ending (its task cancelled) takes the client's lock; announcing an event while holding
    /// that lock waited for the cancelled task, whose cancellation waited for the lock: both threads hung.
    /// Many consumers are cancelled here exactly while the client announces `.closed` to them, many times.
    @Test(.timeLimit(.minutes(2)))
    func cancellingConsumersWhileAnEventIsAnnouncedDoesNotHang() async throws {
        let server = try await ZooKeeperServer.shared()
        for _ in 0..<30 {
            let client = try await server.connect(logger: testLogger)
            let received = SharedMutex(0)
            let consumers = (0..<40).map { _ in
                let events = client.sessionEvents()
                return Task {
                    for await _ in events {
                        received.withLock { $0 += 1 }
                    }
                }
            }
            // Every consumer has its current event and waits for the next one.
            let deadline = ContinuousClock.now + .seconds(30)
            while received.withLock({ $0 }) < consumers.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(received.withLock { $0 } == consumers.count)

            async let closing: Void = client.close()
            consumers.forEach { $0.cancel() }
            await closing
            for consumer in consumers {
                await consumer.value
            }
        }
    }

    /// Consumers cancelled while the session goes through losses and reconnections (announced from the
    /// library's thread) end, and the events keep reaching the others in order.
    @Test(.timeLimit(.minutes(2)))
    func cancellingConsumersDuringReconnectionsKeepsTheOthersInOrder() async throws {
        let server = try await ZooKeeperServer.shared()
        let proxy = try TCPProxy(upstreamPort: server.port)
        defer { proxy.stop() }
        let client = try await ZooKeeperClient.connect(
            connectString: proxy.connectString, sessionTimeout: .seconds(20), logger: testLogger)
        let session = try #require(client.session)
        let kept = Recorder(client.sessionEvents())
        try await kept.wait(for: "the current state") { $0 == [.connected(session)] }
        for round in 1...3 {
            let cancelled = (0..<40).map { _ in
                let events = client.sessionEvents()
                return Task { for await _ in events {} }
            }
            proxy.partition()
            cancelled.prefix(20).forEach { $0.cancel() }
            try await kept.wait(for: "loss \(round)") { $0.last == .connecting }
            proxy.heal()
            cancelled.dropFirst(20).forEach { $0.cancel() }
            try await kept.wait(for: "reconnection \(round)") { $0.last == .connected(session) }
            for consumer in cancelled {
                await consumer.value
            }
        }
        let expected = [SessionEvent.connected(session)] + Array(repeating: [.connecting, .connected(session)], count: 3).joined()
        #expect(kept.elements == expected)
        await client.close()
    }
}

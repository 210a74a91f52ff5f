import Testing

/// Gives a test suite one `KafkaTestBroker` for all its tests: started before the first test, stopped
/// after the last one (also when tests fail), reachable as `KafkaTestBroker.current`.
public struct KafkaTestBrokerTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let broker = try await KafkaTestBroker.start()
        do {
            try await KafkaTestBroker.$current.withValue(broker) {
                try await function()
            }
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }
}

extension Trait where Self == KafkaTestBrokerTrait {
    /// One noida-db Kafka broker for the whole suite (see `KafkaTestBroker`).
    public static var kafkaTestBroker: Self { KafkaTestBrokerTrait() }
}

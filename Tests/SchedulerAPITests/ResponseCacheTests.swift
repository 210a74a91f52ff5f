import Hummingbird
import KafkaFramework
import Testing

@testable import SchedulerAPI

/// Bodies are encoded once per snapshot and per route, and again after a new snapshot is published.
@Suite struct ResponseCacheTests {
    @Test func encodesOncePerSnapshot() async throws {
        let scheduler = Seed.scheduler()
        let cache = ResponseCache()
        var encodings = 0
        func body(_ key: ResponseCache.Key, _ snapshot: SchedulerSnapshot) -> String {
            let buffer = cache.body(key, for: snapshot) {
                encodings += 1
                return ByteBuffer(string: "\(key) \(encodings)")
            }
            return String(buffer: buffer)
        }
        let first = scheduler.snapshot
        #expect(body(.plan, first) == "plan 1")
        #expect(body(.plan, first) == "plan 1")
        #expect(body(.brokers, first) == "brokers 2")
        #expect(body(.plan, first) == "plan 1")
        #expect(encodings == 2)

        await scheduler.updateBroker(0) { $0.taskState = .killed }
        let second = scheduler.snapshot
        #expect(second !== first)
        #expect(body(.plan, second) == "plan 3")
        #expect(body(.brokers, second) == "brokers 4")
        #expect(body(.brokers, second) == "brokers 4")
        #expect(encodings == 4)
    }
}

import KafkaAdmin
import Testing

@Suite struct ProducerPerformanceStatsTests {
    @Test func summaryMatchesKafkaProducerPerfTestLine() {
        var stats = ProducerPerformanceStats(numRecords: 10)
        for (iteration, latency) in [133, 5, 13, 5, 6, 20, 35, 5, 6, 14].enumerated() {
            stats.record(iteration: iteration, latencyMilliseconds: Int32(latency), bytes: 1024)
        }
        #expect(stats.count == 10)
        #expect(stats.percentiles == [13, 133, 133, 133])
        #expect(
            stats.summary(elapsedMilliseconds: 142)
                == "10 records sent, 70.422535 records/sec (0.07 MB/sec), 24.20 ms avg latency, 133.00 ms max "
                + "latency, 13 ms 50th, 133 ms 95th, 133 ms 99th, 133 ms 99.9th.")
    }

    @Test func percentilesSampleEveryNthRecordAboveHalfAMillion() {
        var stats = ProducerPerformanceStats(numRecords: 1_000_000)
        // Sampling every 2nd record: odd iterations (latency 1000) never reach the percentiles.
        for iteration in 0..<1_000_000 {
            stats.record(iteration: iteration, latencyMilliseconds: iteration % 2 == 0 ? 1 : 1000, bytes: 1024)
        }
        #expect(stats.percentiles == [1, 1, 1, 1])
        #expect(stats.maxLatency == 1000)
        #expect(stats.count == 1_000_000)
    }

    @Test func resultMessageIsSummaryAndNewline() {
        var stats = ProducerPerformanceStats(numRecords: 1)
        stats.record(iteration: 0, latencyMilliseconds: 3, bytes: 1024)
        let result = ProducerTestResult(topic: "t", stats: stats, elapsedMilliseconds: 4)
        #expect(
            result.message
                == "1 records sent, 250.000000 records/sec (0.24 MB/sec), 3.00 ms avg latency, 3.00 ms max latency, "
                + "3 ms 50th, 3 ms 95th, 3 ms 99th, 3 ms 99.9th.\n")
    }

    @Test func throttlerHoldsRecordsToTheirDueTime() {
        let throttler = ThroughputThrottler(recordsPerSecond: 100_000)
        // Record 100 is due at 1 ms: less than the minimum sleep ahead.
        #expect(throttler.delayNanoseconds(beforeRecord: 100, elapsedNanoseconds: 0) == 0)
        // Record 1000 is due at 10 ms; 1 ms in, it waits 9 ms.
        #expect(throttler.delayNanoseconds(beforeRecord: 1000, elapsedNanoseconds: 1_000_000) == 9_000_000)
        // Behind schedule: no wait.
        #expect(throttler.delayNanoseconds(beforeRecord: 1000, elapsedNanoseconds: 50_000_000) == 0)
    }
}

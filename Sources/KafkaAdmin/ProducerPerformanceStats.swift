import Foundation

/// The statistics kafka-producer-perf-test keeps, and its closing summary line.
///
/// Latencies are whole milliseconds from send to delivery report, as the tool measures them with a
/// millisecond clock; percentiles come from a sample of at most 500,000 latencies taken every
/// `numRecords / min(numRecords, 500000)` records, exactly as the tool samples them.
public struct ProducerPerformanceStats: Sendable, Equatable {
    private let sampling: Int
    private var latencies: [Int32]
    private var sampleCount = 0
    /// Records whose delivery was reported.
    public private(set) var count = 0
    /// Payload bytes of those records.
    public private(set) var bytes = 0
    /// The largest latency in milliseconds.
    public private(set) var maxLatency: Int32 = 0
    /// The sum of the latencies in milliseconds.
    public private(set) var totalLatency = 0

    /// Stats for a run that will send `numRecords` records (at least 1).
    public init(numRecords: Int) {
        let records = max(numRecords, 1)
        sampling = records / min(records, 500_000)
        latencies = [Int32](repeating: 0, count: records / sampling + 1)
    }

    /// Records one delivery: the record's send order (`iteration`), its latency in whole milliseconds and
    /// its payload size.
    public mutating func record(iteration: Int, latencyMilliseconds: Int32, bytes: Int) {
        count += 1
        self.bytes += bytes
        totalLatency += Int(latencyMilliseconds)
        maxLatency = max(maxLatency, latencyMilliseconds)
        if iteration % sampling == 0, sampleCount < latencies.count {
            latencies[sampleCount] = latencyMilliseconds
            sampleCount += 1
        }
    }

    /// The 50th, 95th, 99th and 99.9th percentile latencies in milliseconds (the tool's index
    /// `(int) (p * size)` into the sorted samples).
    public var percentiles: [Int32] {
        let sorted = latencies.prefix(sampleCount).sorted()
        guard !sorted.isEmpty else { return [0, 0, 0, 0] }
        return [0.5, 0.95, 0.99, 0.999].map { sorted[min(Int($0 * Double(sorted.count)), sorted.count - 1)] }
    }

    /// The tool's closing line (without the newline) for a run that took `elapsedMilliseconds`:
    /// `10 records sent, 70.422535 records/sec (0.07 MB/sec), 24.20 ms avg latency, 133.00 ms max latency,
    /// 13 ms 50th, 133 ms 95th, 133 ms 99th, 133 ms 99.9th.`
    public func summary(elapsedMilliseconds: Double) -> String {
        let elapsed = max(elapsedMilliseconds, 0.001)
        let recordsPerSecond = 1000.0 * Double(count) / elapsed
        let megabytesPerSecond = 1000.0 * Double(bytes) / elapsed / (1024.0 * 1024.0)
        let averageLatency = count == 0 ? 0 : Double(totalLatency) / Double(count)
        let p = percentiles
        return String(
            format: "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
            count, recordsPerSecond, megabytesPerSecond, averageLatency, Double(maxLatency),
            p[0], p[1], p[2], p[3])
    }
}

/// Holds a sender to a target rate as kafka-producer-perf-test's `--throughput` does: the i-th record
/// (from 0) is not sent before `i / recordsPerSecond` seconds into the run.
public struct ThroughputThrottler: Sendable, Equatable {
    /// The target rate.
    public let recordsPerSecond: Int
    /// Shorter waits are not worth a sleep (the tool's minimum sleep).
    public static let minimumSleepNanoseconds: UInt64 = 2_000_000

    public init(recordsPerSecond: Int) {
        self.recordsPerSecond = max(recordsPerSecond, 1)
    }

    /// How long to wait before sending record `index`, `elapsedNanoseconds` into the run; zero when the run
    /// is not ahead of the target by at least the minimum sleep.
    public func delayNanoseconds(beforeRecord index: Int, elapsedNanoseconds: UInt64) -> UInt64 {
        let due = UInt64(index) * 1_000_000_000 / UInt64(recordsPerSecond)
        guard due > elapsedNanoseconds else { return 0 }
        let ahead = due - elapsedNanoseconds
        return ahead >= Self.minimumSleepNanoseconds ? ahead : 0
    }
}

/// The outcome of a producer test.
public struct ProducerTestResult: Sendable, Equatable {
    /// The topic written to.
    public var topic: String
    /// The statistics of the run.
    public var stats: ProducerPerformanceStats
    /// How long the run took, from before the first send to the last delivery report.
    public var elapsedMilliseconds: Double

    public init(topic: String, stats: ProducerPerformanceStats, elapsedMilliseconds: Double) {
        self.topic = topic
        self.stats = stats
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    /// kafka-producer-perf-test's summary line.
    public var summary: String { stats.summary(elapsedMilliseconds: elapsedMilliseconds) }

    /// The REST API's message: the summary line and a newline.
    public var message: String { summary + "\n" }
}

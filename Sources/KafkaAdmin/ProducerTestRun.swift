import CRdKafka
import Foundation
import Synchronization

/// One producer test: sends the records on the calling (dedicated) thread and collects their delivery
/// reports, which the handle's poll thread delivers through `deliveryReported(slot:error:)`.
///
/// Each record's message opaque points at its slot in `slots`; the slot leads back to the run and holds
/// the record's send time. The run keeps itself alive (one extra retain) until every record it handed to
/// librdkafka has been reported, so a late report never touches freed memory.
final class ProducerTestRun: @unchecked Sendable {
    // Safe to share: `slots[i]` is written by the sending thread before record i is handed to librdkafka and
    // read by the poll thread only after librdkafka reports it (librdkafka's queues order the two);
    // everything else mutable is in `state`, behind its lock.
    private struct Slot {
        var run: Unmanaged<ProducerTestRun>
        var index: Int
        var sentAt: UInt64
    }

    private struct State {
        var stats: ProducerPerformanceStats
        var handedOver = 0
        var reported = 0
        var sendingFinished = false
        var lastReportAt: UInt64 = 0
        var firstError: rd_kafka_resp_err_t?
    }

    private let recordCount: Int
    private let recordSize: Int
    private let slots: UnsafeMutablePointer<Slot>
    private let state: Mutex<State>
    private let allReported = DispatchSemaphore(value: 0)
    private var selfRetain: Unmanaged<ProducerTestRun>?

    init(records: Int, recordSize: Int) {
        recordCount = records
        self.recordSize = recordSize
        slots = .allocate(capacity: records)
        state = Mutex(State(stats: ProducerPerformanceStats(numRecords: records)))
    }

    deinit {
        slots.deallocate()
    }

    /// Sends the records at no more than `throughput` records per second and waits for their reports.
    /// Blocks: call it on a dedicated thread.
    func run(
        handle: RdKafkaHandle, topic: String, throughput: Int, reportTimeout: Duration
    ) throws(KafkaAdminError) -> ProducerTestResult {
        guard let rkt = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw handle.failure(rd_kafka_last_error(), while: "opening topic \(topic) for the producer test")
        }
        defer { rd_kafka_topic_destroy(rkt) }

        // kafka-producer-perf-test's payload: random upper-case letters, the same for every record.
        let payload = UnsafeMutableRawPointer.allocate(byteCount: recordSize, alignment: 1)
        defer { payload.deallocate() }
        var generator = SystemRandomNumberGenerator()
        for offset in 0..<recordSize {
            payload.storeBytes(of: UInt8.random(in: 65...90, using: &generator), toByteOffset: offset, as: UInt8.self)
        }

        let unmanagedSelf = Unmanaged.passRetained(self)
        selfRetain = unmanagedSelf
        let throttler = ThroughputThrottler(recordsPerSecond: throughput)
        let timeoutNanoseconds = UInt64(max(reportTimeout.totalMilliseconds, 1)) * 1_000_000
        let start = DispatchTime.now().uptimeNanoseconds
        var sendError: rd_kafka_resp_err_t?
        var handedOver = 0

        sending: for index in 0..<recordCount {
            let sentAt = DispatchTime.now().uptimeNanoseconds
            (slots + index).initialize(to: Slot(run: unmanagedSelf, index: index, sentAt: sentAt))
            while rd_kafka_produce(
                rkt, ks_rd_kafka_partition_ua(), ks_rd_kafka_msg_f_copy(), payload, recordSize, nil, 0, slots + index)
                != 0
            {
                let error = rd_kafka_last_error()
                // A full local queue drains as reports come in; anything else, or a queue that stays full
                // for a whole timeout, ends the test.
                guard error == RD_KAFKA_RESP_ERR__QUEUE_FULL,
                    DispatchTime.now().uptimeNanoseconds - sentAt < timeoutNanoseconds
                else {
                    sendError = error
                    break sending
                }
                usleep(1000)
            }
            handedOver += 1
            let delay = throttler.delayNanoseconds(
                beforeRecord: index + 1, elapsedNanoseconds: DispatchTime.now().uptimeNanoseconds - start)
            if delay > 0 {
                usleep(useconds_t(delay / 1000))
            }
        }

        finishSending(handedOver: handedOver)
        // Every handed-over record is reported within message.timeout.ms (the request timeout) of its
        // send; the margin covers librdkafka's timeout scan.
        let waited = allReported.wait(timeout: .now() + .nanoseconds(Int(timeoutNanoseconds) + 5_000_000_000))
        let final = state.withLock { $0 }

        if let sendError {
            throw handle.failure(sendError, while: "producing to topic \(topic)")
        }
        if waited == .timedOut {
            throw .timedOut("The producer test on topic \(topic)", after: reportTimeout)
        }
        if let firstError = final.firstError {
            throw handle.failure(firstError, while: "delivering the producer test's records to topic \(topic)")
        }
        let elapsedNanoseconds = final.lastReportAt > start ? final.lastReportAt - start : 0
        return ProducerTestResult(
            topic: topic, stats: final.stats, elapsedMilliseconds: Double(elapsedNanoseconds) / 1_000_000)
    }

    private func finishSending(handedOver: Int) {
        let complete = state.withLock { state in
            state.handedOver = handedOver
            state.sendingFinished = true
            return state.reported == handedOver
        }
        if complete { allDone() }
    }

    private func reported(index: Int, sentAt: UInt64, error: rd_kafka_resp_err_t) {
        let now = DispatchTime.now().uptimeNanoseconds
        let complete = state.withLock { state in
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                let latency = Int32(clamping: (now - min(sentAt, now)) / 1_000_000)
                state.stats.record(iteration: index, latencyMilliseconds: latency, bytes: recordSize)
            } else if state.firstError == nil {
                state.firstError = error
            }
            state.reported += 1
            state.lastReportAt = now
            return state.sendingFinished && state.reported == state.handedOver
        }
        if complete { allDone() }
    }

    private func allDone() {
        allReported.signal()
        // Called once: on the last report, or at the end of sending when every report was already in.
        selfRetain?.release()
    }

    /// Called by the delivery report callback with the message's opaque.
    static func deliveryReported(slot: UnsafeMutableRawPointer, error: rd_kafka_resp_err_t) {
        let slot = slot.assumingMemoryBound(to: Slot.self).pointee
        slot.run.takeUnretainedValue().reported(index: slot.index, sentAt: slot.sentAt, error: error)
    }
}

import CRdKafka
import Foundation
import Logging
import Synchronization

/// Owns one librdkafka producer handle (`rd_kafka_t`) for one bootstrap list. The admin API, metadata,
/// offsets and the producer test all run on it. A thread polls it for delivery reports; `deinit` stops
/// that thread and destroys the handle on a thread of its own, because `rd_kafka_destroy` blocks.
final class RdKafkaHandle: @unchecked Sendable {
    // Safe to share: librdkafka's rd_kafka_t is thread-safe for every call made on it here, and the
    // pointer itself never changes; it is destroyed only in deinit, when no caller holds the handle.
    let pointer: OpaquePointer
    let bootstrapServers: [String]
    private let context: Unmanaged<RdKafkaCallbackContext>
    private let poller: Poller

    /// Creates the handle. It connects lazily: creation succeeds even when no broker answers.
    init(bootstrapServers: [String], configuration: KafkaAdminClient.Configuration, logger: Logger)
        throws(KafkaAdminError)
    {
        guard let conf = rd_kafka_conf_new() else {
            throw .libraryFailure("librdkafka could not allocate a configuration")
        }
        let milliseconds = configuration.requestTimeout.totalMilliseconds
        // librdkafka's allowed ranges: socket.timeout.ms 10…300000; message.timeout.ms above linger.ms (5).
        let socketTimeout = String(min(max(milliseconds, 10), 300_000))
        let messageTimeout = String(max(milliseconds, 100))
        let properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", configuration.clientId),
            // Metadata requests must never create topics behind the user's back.
            ("allow.auto.create.topics", "false"),
            ("socket.timeout.ms", socketTimeout),
            ("message.timeout.ms", messageTimeout),
            // Brokers come back after a restart within seconds; do not back off for longer than that.
            ("reconnect.backoff.max.ms", "1000"),
            // Idle connections closed by brokers are routine, not news.
            ("log.connection.close", "false"),
        ]
        for (name, value) in properties {
            if let failure = Self.set(conf, name, value) {
                rd_kafka_conf_destroy(conf)
                throw failure
            }
        }
        let context = Unmanaged.passRetained(RdKafkaCallbackContext(logger: logger))
        rd_kafka_conf_set_opaque(conf, context.toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryReportCallback)

        var errorText = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            context.release()
            throw KafkaAdminError(
                category: .failed, name: "_FAIL",
                message: "librdkafka could not create a client: \(errorText.nulTerminatedString)")
        }
        self.pointer = rk
        self.bootstrapServers = bootstrapServers
        self.context = context
        self.poller = Poller(rk: rk)
        poller.start()
    }

    deinit {
        let teardown = Teardown(rk: pointer, context: context, poller: poller)
        DedicatedThread.detach(name: "rdkafka-destroy") {
            teardown.run()
        }
    }

    private static func set(_ conf: OpaquePointer, _ name: String, _ value: String) -> KafkaAdminError? {
        var errorText = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(conf, name, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
            return KafkaAdminError(
                category: .badRequest, name: "_INVALID_ARG",
                message: "librdkafka refused \(name)=\(value): \(errorText.nulTerminatedString)")
        }
        return nil
    }
}

extension RdKafkaHandle {
    /// Serves the handle's callbacks (delivery reports, errors) until stopped.
    final class Poller: @unchecked Sendable {
        // Safe to share: `rk` is only polled here (rd_kafka_poll is thread-safe) and the stop flag and exit
        // signal are themselves thread-safe.
        private let rk: OpaquePointer
        private let stopRequested = Mutex(false)
        private let exited = DispatchSemaphore(value: 0)

        init(rk: OpaquePointer) {
            self.rk = rk
        }

        func start() {
            DedicatedThread.detach(name: "rdkafka-poll") { [self] in
                while !stopRequested.withLock({ $0 }) {
                    rd_kafka_poll(rk, 100)
                }
                exited.signal()
            }
        }

        /// Stops polling and waits for the thread to leave (at most one poll interval).
        func stop() {
            stopRequested.withLock { $0 = true }
            exited.wait()
        }
    }

    /// Everything needed to tear a handle down after its owner is gone.
    private struct Teardown: @unchecked Sendable {
        // Safe to send: the owning RdKafkaHandle is being deinitialised, so this is the only reference left.
        let rk: OpaquePointer
        let context: Unmanaged<RdKafkaCallbackContext>
        let poller: Poller

        func run() {
            poller.stop()
            // Messages still queued would keep their delivery reports (and the producer test runs they point
            // at) waiting forever: purge them and serve their reports before the handle goes.
            rd_kafka_purge(rk, ks_rd_kafka_purge_queued_and_inflight())
            rd_kafka_flush(rk, 1000)
            rd_kafka_destroy(rk)
            context.release()
        }
    }
}

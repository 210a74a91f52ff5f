import CRdKafka
import Logging

/// What librdkafka's callbacks reach through the handle's opaque pointer.
final class RdKafkaCallbackContext: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }
}

/// librdkafka's log callback (`log_cb`): forwards its syslog-levelled lines to swift-log, so librdkafka
/// never writes to stderr. Called on librdkafka's internal threads.
func rdKafkaLogCallback(
    _ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?
) {
    guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
    let context = Unmanaged<RdKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    let logLevel: Logger.Level
    switch level {
    case ...2: logLevel = .critical
    case 3: logLevel = .error
    case 4: logLevel = .warning
    case 5: logLevel = .notice
    case 6: logLevel = .info
    default: logLevel = .debug
    }
    guard context.logger.logLevel <= logLevel else { return }
    let text = message.map { String(cString: $0) } ?? ""
    let facilityText = facility.map { String(cString: $0) } ?? ""
    context.logger.log(
        level: logLevel, "\(text)",
        metadata: ["rdkafka.facility": "\(facilityText)", "rdkafka.client": "\(String(cString: rd_kafka_name(rk)))"])
}

/// librdkafka's delivery report callback (`dr_msg_cb`), served by the handle's poll thread. A message's
/// opaque points at its slot in a producer test run.
func rdKafkaDeliveryReportCallback(
    _ rk: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let slotPointer = message.pointee._private else { return }
    ProducerTestRun.deliveryReported(slot: slotPointer, error: message.pointee.err)
}

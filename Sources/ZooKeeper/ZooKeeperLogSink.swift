import CZooKeeper
import Logging
import Synchronization

/// The one place the C library's log lines go. Its log callback carries no context pointer, so the sink is
/// process-wide: the logger of the most recent `connect` receives the lines of every client.
enum ZooKeeperLogSink {
    private static let logger = Mutex(Logger(label: "kafka-scheduler.zookeeper"))

    /// Routes the library's lines to `logger` and sets the library's level to match it. Called before every
    /// `zookeeper_init2` so that nothing is printed to stderr with the library's default level.
    static func use(_ logger: Logger) {
        self.logger.withLock { $0 = logger }
        // The library's levels sit one step lower in swift-log (see `parse`); ask only for what will be logged.
        let level: Int32
        switch logger.logLevel {
        case .trace: level = czk_log_level_debug()
        case .debug: level = czk_log_level_info()
        case .info, .notice: level = czk_log_level_warn()
        case .warning, .error, .critical: level = czk_log_level_error()
        }
        czk_set_log_level(level)
    }

    /// Logs one line in the library's format `time:pid(0xtid):ZOO_LEVEL@function@line: message`.
    ///
    /// Each library level maps one step lower (error → warning, warn → notice, info → debug, debug → trace):
    /// the library reports every failed reconnection attempt as an error, while the client itself logs what
    /// they amount to (connection lost, session expired) at the level that matters to an operator.
    static func log(line: String) {
        let parsed = parse(line)
        let logger = self.logger.withLock { $0 }
        logger.log(
            level: parsed.level,
            "\(parsed.message)",
            metadata: parsed.function.map { ["zk.function": "\($0)"] } ?? [:]
        )
    }

    static func parse(_ line: String) -> (level: Logger.Level, function: String?, message: String) {
        let trimmed = line.hasSuffix("\n") ? String(line.dropLast()) : line
        let levels: [(String, Logger.Level)] = [
            ("ZOO_ERROR@", .warning), ("ZOO_WARN@", .notice), ("ZOO_INFO@", .debug), ("ZOO_DEBUG@", .trace),
        ]
        for (marker, level) in levels {
            guard let markerRange = trimmed.range(of: marker) else { continue }
            let rest = trimmed[markerRange.upperBound...]
            guard let separator = rest.range(of: ": ") else {
                return (level, nil, String(rest))
            }
            let location = rest[..<separator.lowerBound]
            let function = location.split(separator: "@").first.map(String.init)
            return (level, function, String(rest[separator.upperBound...]))
        }
        return (.info, nil, trimmed)
    }
}

/// The C library's log callback (`log_callback_fn`).
func zooKeeperLogCallback(_ message: UnsafePointer<CChar>?) {
    guard let message else { return }
    ZooKeeperLogSink.log(line: String(cString: message))
}

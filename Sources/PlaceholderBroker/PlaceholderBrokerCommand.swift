import Dispatch
import Foundation
import Logging
import ZooKeeper

/// The `kafka-placeholder-broker` program: reads the task environment, runs the broker until SIGTERM or
/// SIGINT, and returns the exit status (0 after a signal, 2 for a missing or invalid variable, 1 when the
/// broker cannot start or has to stop).
public enum PlaceholderBrokerCommand {
    /// How long stopping may take after a signal before the process exits anyway (well within the
    /// scheduler's kill grace period).
    public static let stopDeadline: Duration = .seconds(10)

    public static func run(
        environment: [String: String], logger: Logger = Logger(label: "kafka-scheduler.placeholder-broker")
    ) async -> Int32 {
        // Signals are taken over before anything else, so that a SIGTERM during startup is not lost.
        let signals = SignalListener(signals: [SIGTERM, SIGINT])
        let settings: PlaceholderSettings
        do {
            settings = try PlaceholderSettings(environment: environment)
        } catch {
            logger.notice("\(PlaceholderBroker.banner)")
            logger.critical("Cannot start: \(error)")
            return error.exitStatus
        }
        let broker: PlaceholderBroker
        do {
            broker = try await PlaceholderBroker.start(settings, logger: logger)
        } catch {
            logger.critical("Cannot start: \(error)")
            return error.exitStatus
        }

        enum Ending: Sendable {
            case signal(Int32)
            case failure(PlaceholderBrokerError)
        }
        let ending = await withTaskGroup(of: Ending?.self) { group in
            group.addTask { await signals.next().map(Ending.signal) }
            group.addTask { await broker.fatalFailure().map(Ending.failure) }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch ending {
        case .signal(let signal):
            logger.notice("Received signal \(signal), stopping")
        case .failure(let error):
            logger.critical("Stopping: \(error)")
        case nil:
            break
        }
        let stopped = await finishes(within: stopDeadline) { await broker.stop() }
        if !stopped {
            logger.error("Stopping took longer than \(stopDeadline); exiting anyway")
        }
        if case .failure(let error) = ending { return error.exitStatus }
        return 0
    }

    /// Runs `work` in a task of its own and waits for it at most `timeout`; true when it finished in time.
    static func finishes(within timeout: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let pending = Locked<CheckedContinuation<Bool, Never>?>(nil)
        let resume: @Sendable (Bool) -> Void = { value in
            pending.withLock { continuation in
                continuation?.resume(returning: value)
                continuation = nil
            }
        }
        return await withCheckedContinuation { continuation in
            pending.withLock { $0 = continuation }
            let timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                resume(false)
            }
            Task {
                await work()
                resume(true)
                timer.cancel()
            }
        }
    }
}

/// Delivers SIGTERM and SIGINT as values instead of their default action (ending the process at once).
///
/// `@unchecked Sendable` is safe: the dispatch sources are only kept alive here, never touched after `init`,
/// and the stream is itself Sendable.
final class SignalListener: @unchecked Sendable {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// The next signal received; nil when the waiting task is cancelled.
    func next() async -> Int32? {
        for await number in stream { return number }
        return nil
    }
}

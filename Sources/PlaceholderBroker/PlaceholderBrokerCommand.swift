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
        // One waiter for the first signal, shared by the startup and the running phase.
        let firstSignal = Task { await signals.next() }
        let settings: PlaceholderSettings
        do {
            settings = try PlaceholderSettings(environment: environment)
        } catch {
            logger.notice("\(PlaceholderBroker.banner)")
            logger.critical("Cannot start: \(error)")
            return error.exitStatus
        }
        // A signal during startup (ZooKeeper may be slow to answer) stops the startup instead of waiting for it.
        let startup = Task { () -> Result<PlaceholderBroker, PlaceholderBrokerError> in
            do throws(PlaceholderBrokerError) {
                return .success(try await PlaceholderBroker.start(settings, logger: logger))
            } catch {
                return .failure(error)
            }
        }
        enum Ending: Sendable {
            case started(PlaceholderBroker)
            case failure(PlaceholderBrokerError)
            case signal(Int32)
        }
        let first = await firstOf(
            {
                switch await startup.value {
                case .success(let broker): .started(broker)
                case .failure(let error): .failure(error)
                }
            },
            { await firstSignal.value.map(Ending.signal) ?? .signal(0) })
        let broker: PlaceholderBroker
        switch first {
        case .started(let started):
            broker = started
        case .failure(let error):
            logger.critical("Cannot start: \(error)")
            return error.exitStatus
        case .signal(let signal):
            logger.notice("Received signal \(signal) while starting, stopping")
            startup.cancel()
            let stopped = await finishes(within: stopDeadline) {
                if case .success(let broker) = await startup.value { await broker.stop() }
            }
            if !stopped { logger.error("Stopping took longer than \(stopDeadline); exiting anyway") }
            return 0
        }

        let ending = await firstOf(
            { await firstSignal.value.map(Ending.signal) ?? .signal(0) },
            { await broker.fatalFailure().map(Ending.failure) ?? .signal(0) })
        switch ending {
        case .signal(let signal):
            logger.notice("Received signal \(signal), stopping")
        case .failure(let error):
            logger.critical("Stopping: \(error)")
        case .started:
            break
        }
        let stopped = await finishes(within: stopDeadline) { await broker.stop() }
        if !stopped {
            logger.error("Stopping took longer than \(stopDeadline); exiting anyway")
        }
        if case .failure(let error) = ending { return error.exitStatus }
        return 0
    }

    /// The result of whichever of `first` and `second` finishes first; the other goes on in the background
    /// (the process exits soon after).
    static func firstOf<T: Sendable>(
        _ first: @escaping @Sendable () async -> T, _ second: @escaping @Sendable () async -> T
    ) async -> T {
        // The first result is the one read; a later one is dropped with the stream.
        let (results, result) = AsyncStream.makeStream(of: T.self, bufferingPolicy: .bufferingOldest(1))
        Task { result.yield(await first()) }
        Task { result.yield(await second()) }
        return await firstElement(of: results)
    }

    /// Runs `work` in a task of its own and waits for it at most `timeout`; true when it finished in time.
    static func finishes(within timeout: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let (answers, answer) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingOldest(1))
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            answer.yield(false)
        }
        Task {
            await work()
            answer.yield(true)
            timer.cancel()
        }
        return await firstElement(of: answers)
    }

    /// Waits for the stream's first element in a task of its own, so that the caller's cancellation does not
    /// end the wait: the stream's producers always yield.
    private static func firstElement<T: Sendable>(of stream: AsyncStream<T>) async -> T {
        await withCheckedContinuation { continuation in
            Task {
                for await element in stream {
                    continuation.resume(returning: element)
                    return
                }
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

    /// The next signal received; nil when the waiting task is cancelled. One waiter at a time.
    func next() async -> Int32? {
        for await number in stream { return number }
        return nil
    }
}

import Synchronization

/// Runs work that may not answer (a ZooKeeper request waits until the library gives up on the connection,
/// which can take the whole session timeout) with a bound on how long the caller waits.
///
/// The work runs in a task of its own, so the caller can be answered at the deadline even though the work
/// itself cannot be interrupted; the work is cancelled then and its result, when it comes, is dropped.
enum Deadline {
    static func run<T: Sendable>(
        within timeout: Duration,
        timeoutError: @escaping @Sendable () -> KafkaAdminError,
        _ work: @escaping @Sendable () async throws(KafkaAdminError) -> T
    ) async throws(KafkaAdminError) -> T {
        let once = ResumeOnce<T>()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, KafkaAdminError>, Never>) in
                let worker = Task {
                    do throws(KafkaAdminError) {
                        once.resume(.success(try await work()))
                    } catch {
                        once.resume(.failure(error))
                    }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    once.resume(.failure(timeoutError()))
                }
                once.start(continuation, tasks: [worker, timer])
            }
        } onCancel: {
            once.resume(
                .failure(
                    KafkaAdminError(category: .unavailable, name: "_CANCELLED", message: "The request was cancelled.")))
        }
        return try result.get()
    }

    /// Resumes a continuation with the first result only, whichever side (work, timer, cancellation) comes
    /// first, and cancels the tasks still running.
    private final class ResumeOnce<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result<T, KafkaAdminError>, Never>?
            var pending: Result<T, KafkaAdminError>?
            var tasks: [Task<Void, Never>] = []
            var finished = false
        }

        private let state = Mutex(State())

        func start(
            _ continuation: CheckedContinuation<Result<T, KafkaAdminError>, Never>, tasks: [Task<Void, Never>]
        ) {
            let pending: Result<T, KafkaAdminError>? = state.withLock { state in
                state.tasks = tasks
                guard let pending = state.pending else {
                    state.continuation = continuation
                    return nil
                }
                state.finished = true
                return pending
            }
            if let pending {
                tasks.forEach { $0.cancel() }
                continuation.resume(returning: pending)
            }
        }

        func resume(_ result: Result<T, KafkaAdminError>) {
            let (continuation, tasks) = state.withLock {
                state -> (CheckedContinuation<Result<T, KafkaAdminError>, Never>?, [Task<Void, Never>]) in
                guard !state.finished else { return (nil, []) }
                guard let continuation = state.continuation else {
                    // Before `start`: keep the first result for it.
                    if state.pending == nil { state.pending = result }
                    return (nil, [])
                }
                state.finished = true
                state.continuation = nil
                defer { state.tasks = [] }
                return (continuation, state.tasks)
            }
            tasks.forEach { $0.cancel() }
            continuation?.resume(returning: result)
        }
    }
}

import Foundation

/// Runs blocking file-system work (copies, directory trees, symlinks) on a thread of its own, so that Swift's
/// cooperative pool never waits on the disk.
enum AgentBlockingWork {
    static func run<Success: Sendable, Failure: Error>(
        _ name: String,
        _ work: @escaping @Sendable () throws(Failure) -> Success
    ) async throws(Failure) -> Success {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Success, Failure>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(Failure) -> Success in try work() })
            }
            thread.name = "mesos-local-\(name)"
            thread.start()
        }
        return try result.get()
    }
}

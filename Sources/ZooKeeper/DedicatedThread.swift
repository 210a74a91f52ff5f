import Foundation

/// Runs blocking work (resolving hosts in `zookeeper_init`, `zookeeper_close`) on a thread of its own so that
/// it never occupies a thread of Swift's cooperative pool.
package enum DedicatedThread {
    package static func run<Result: Sendable>(
        name: String,
        _ body: @escaping @Sendable () -> Result
    ) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.name = name
            thread.start()
        }
    }

    /// Starts `body` on its own thread without waiting for it (used from `deinit`).
    package static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}

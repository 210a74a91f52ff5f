import Foundation

/// Runs blocking librdkafka calls on threads of their own so they never hold a thread of Swift's
/// cooperative pool.
enum DedicatedThread {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.name = name
            thread.start()
        }
    }

    /// Starts `body` on a new thread without waiting for it.
    static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}

/// A value behind a lock, for state shared between Swift callers and librdkafka's threads.
final class LockedValue<Value>: @unchecked Sendable {
    // Safe to share: every access to `value` goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension [CChar] {
    /// The text of a C error buffer, up to its terminating NUL.
    var nulTerminatedString: String {
        String(decoding: prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

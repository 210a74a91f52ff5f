import Foundation

/// A value guarded by a lock, shared between Swift tasks and the ZooKeeper library's threads.
///
/// `@unchecked Sendable` is safe because every read and write of `value` happens inside `withLock`, which
/// holds `lock` for its whole duration.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

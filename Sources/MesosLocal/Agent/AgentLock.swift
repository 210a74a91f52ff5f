import Foundation

/// A value behind a lock, shared between the agent's threads (launcher, reapers) and Swift tasks.
///
/// `@unchecked Sendable` is safe: `value` is only read or written inside `withLock`, which holds `lock`.
final class AgentLock<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

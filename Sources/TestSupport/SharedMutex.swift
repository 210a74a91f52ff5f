import Synchronization

/// A `Mutex` held by reference, for state that threads or escaping closures share without keeping the object
/// that made it alive (a `Mutex` cannot be captured by an escaping closure).
///
/// Where the owner itself may be captured, hold a `Mutex` directly instead.
public final class SharedMutex<Value>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}

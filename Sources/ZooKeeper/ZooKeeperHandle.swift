import CZooKeeper
import Foundation

/// Owns one C `zhandle_t`: one ZooKeeper session attempt. A client replaces its handle when the session expires.
///
/// `@unchecked Sendable` is safe: the `_mt` library's calls are thread-safe, `zh` never changes, and
/// `usage` makes sure no call starts after `zookeeper_close` began and that close runs exactly once, after the
/// calls in progress have returned.
final class ZooKeeperHandle: @unchecked Sendable {
    /// Thrown by a call on a handle that is closing; the client turns it into `closing` or `sessionExpired`.
    struct Closed: Error {}

    let generation: Int
    private let zh: OpaquePointer
    /// The retained `HandleContext`, released after `zookeeper_close` returns.
    private let contextPointer: UnsafeMutableRawPointer
    private let usage = HandleUsage()

    private init(zh: OpaquePointer, contextPointer: UnsafeMutableRawPointer, generation: Int) {
        self.zh = zh
        self.contextPointer = contextPointer
        self.generation = generation
    }

    /// Creates the handle and queues the digest credentials. Blocking (host resolution): call it off the
    /// cooperative pool. The session is established later, announced through `onEvent`.
    static func open(
        hosts: String,
        sessionTimeoutMilliseconds: Int32,
        credentials: String?,
        generation: Int,
        onEvent: @escaping @Sendable (Int, HandleEvent) -> Void
    ) throws -> ZooKeeperHandle {
        let context = HandleContext(generation: generation, onEvent: onEvent)
        let contextPointer = Unmanaged.passRetained(context).toOpaque()
        errno = 0
        let created = zookeeper_init2(
            hosts, zooKeeperWatcher, sessionTimeoutMilliseconds, nil, contextPointer, 0, zooKeeperLogCallback
        )
        guard let zh = created else {
            let reason = String(cString: strerror(errno))
            Unmanaged<HandleContext>.fromOpaque(contextPointer).release()
            throw ZooKeeperError(
                code: .badArguments,
                operation: "connect",
                detail: "cannot use connect string \"\(hosts)\": \(reason)"
            )
        }
        let handle = ZooKeeperHandle(zh: zh, contextPointer: contextPointer, generation: generation)
        if let credentials {
            let resultCode = credentials.withCString { pointer in
                zoo_add_auth(
                    zh, "digest", pointer, Int32(strlen(pointer)), zooKeeperAuthCompletion,
                    UnsafeRawPointer(contextPointer)
                )
            }
            if resultCode != ZOK.rawValue {
                handle.closeBlocking()
                throw ZooKeeperError(resultCode: resultCode, operation: "add digest credentials", path: nil)
            }
        }
        return handle
    }

    /// Closes the session and frees the handle, once; later calls return at once. Blocking.
    func closeBlocking() {
        guard usage.beginClose() else { return }
        zookeeper_close(zh)
        Unmanaged<HandleContext>.fromOpaque(contextPointer).release()
    }

    /// Closes on a dedicated thread: `zookeeper_close` waits for the server to end the session.
    func close() async {
        await DedicatedThread.run(name: "zookeeper-close") { self.closeBlocking() }
    }

    deinit {
        guard usage.beginClose() else { return }
        let address = UInt(bitPattern: zh)
        let context = UInt(bitPattern: contextPointer)
        DedicatedThread.detach(name: "zookeeper-close") {
            zookeeper_close(OpaquePointer(bitPattern: address))
            if let pointer = UnsafeMutableRawPointer(bitPattern: context) {
                Unmanaged<HandleContext>.fromOpaque(pointer).release()
            }
        }
    }

    /// Runs a C call on the live handle; throws `Closed` once closing began.
    func withHandle<Result>(_ body: (OpaquePointer, UnsafeMutableRawPointer) -> Result) throws -> Result {
        guard usage.beginCall() else { throw Closed() }
        defer { usage.endCall() }
        return body(zh, contextPointer)
    }

    /// The error for a call the library refused synchronously with `ZINVALIDSTATE`: what made the handle unusable.
    func invalidStateCode() -> ZooKeeperError.Code {
        let state = (try? withHandle { zh, _ in zoo_state(zh) }) ?? 0
        if state == czk_state_expired_session() { return .sessionExpired }
        if state == czk_state_auth_failed() { return .authFailed }
        return .invalidState
    }

    /// Starts an asynchronous request and awaits its completion. `start` receives the handle, the watcher
    /// context and the retained completion box, and returns the library's immediate result code.
    func submit<Value: Sendable>(
        operation: String,
        path: String?,
        payload: AnyObject? = nil,
        _ start: (OpaquePointer, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let box = CompletionBox(operation: operation, path: path, payload: payload, continuation: continuation)
            let boxPointer = Unmanaged.passRetained(box).toOpaque()
            let resultCode: Int32
            do {
                resultCode = try withHandle { zh, context in start(zh, context, boxPointer) }
            } catch {
                Unmanaged<CompletionBox<Value>>.fromOpaque(boxPointer).release()
                continuation.resume(throwing: error)
                return
            }
            guard resultCode != ZOK.rawValue else { return }
            // Refused before sending: the completion will never run.
            Unmanaged<CompletionBox<Value>>.fromOpaque(boxPointer).release()
            let code =
                resultCode == ZINVALIDSTATE.rawValue ? invalidStateCode() : ZooKeeperError.Code(resultCode: resultCode)
            continuation.resume(throwing: ZooKeeperError(code: code, operation: operation, path: path))
        }
    }
}

/// Counts the C calls in progress on a handle so that close waits for them, and refuses new ones once closing.
private final class HandleUsage: @unchecked Sendable {
    // Safe: `closing` and `activeCalls` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var closing = false
    private var activeCalls = 0

    func beginCall() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        activeCalls += 1
        return true
    }

    func endCall() {
        condition.lock()
        activeCalls -= 1
        if activeCalls == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Marks the handle closing and waits for the calls in progress; false if it was already closing.
    func beginClose() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        closing = true
        while activeCalls > 0 { condition.wait() }
        return true
    }
}

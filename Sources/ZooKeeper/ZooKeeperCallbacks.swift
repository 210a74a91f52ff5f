import CZooKeeper
import Foundation

// The C library calls these on its completion thread. Each recovers its context from the `data` pointer:
// a retained `CompletionBox` for one request (released here, exactly once), or the handle's `HandleContext`
// (unretained: it lives until `zookeeper_close` has returned, after which nothing is called).

/// Something the library reported about a handle, delivered to the client.
enum HandleEvent: Sendable {
    case session(state: Int32, sessionID: Int64)
    case node(type: Int32, path: String)
    case authCompleted(resultCode: Int32)
}

/// The context of one C handle: its generation and where its events go.
final class HandleContext: Sendable {
    let generation: Int
    let onEvent: @Sendable (Int, HandleEvent) -> Void

    init(generation: Int, onEvent: @escaping @Sendable (Int, HandleEvent) -> Void) {
        self.generation = generation
        self.onEvent = onEvent
    }

    func deliver(_ event: HandleEvent) {
        onEvent(generation, event)
    }
}

/// The pending result of one asynchronous request.
final class CompletionBox<Value: Sendable> {
    let operation: String
    let path: String?
    let continuation: CheckedContinuation<Value, any Error>
    /// Memory the library writes into until the completion (used by `multi`).
    let payload: AnyObject?

    init(
        operation: String,
        path: String?,
        payload: AnyObject? = nil,
        continuation: CheckedContinuation<Value, any Error>
    ) {
        self.operation = operation
        self.path = path
        self.payload = payload
        self.continuation = continuation
    }

    func fail(_ resultCode: Int32) {
        continuation.resume(throwing: ZooKeeperError(resultCode: resultCode, operation: operation, path: path))
    }

    static func take(_ data: UnsafeRawPointer?) -> CompletionBox<Value> {
        Unmanaged<CompletionBox<Value>>.fromOpaque(data!).takeRetainedValue()
    }
}

/// The watcher of every handle (`watcher_fn`): session changes and node watches alike.
func zooKeeperWatcher(
    _ zh: OpaquePointer?,
    _ type: Int32,
    _ state: Int32,
    _ path: UnsafePointer<CChar>?,
    _ watcherContext: UnsafeMutableRawPointer?
) {
    guard let watcherContext else { return }
    let context = Unmanaged<HandleContext>.fromOpaque(watcherContext).takeUnretainedValue()
    if type == czk_event_session() {
        let sessionID = zh.map { czk_session_id($0) } ?? 0
        context.deliver(.session(state: state, sessionID: sessionID))
    } else if let path {
        context.deliver(.node(type: type, path: String(cString: path)))
    }
}

/// Completion of `zoo_add_auth` (`void_completion_t`); `data` is the unretained `HandleContext`.
func zooKeeperAuthCompletion(_ resultCode: Int32, _ data: UnsafeRawPointer?) {
    guard let data else { return }
    Unmanaged<HandleContext>.fromOpaque(data).takeUnretainedValue().deliver(.authCompleted(resultCode: resultCode))
}

/// `void_completion_t` for delete.
func zooKeeperVoidCompletion(_ resultCode: Int32, _ data: UnsafeRawPointer?) {
    let box = CompletionBox<Void>.take(data)
    guard resultCode == ZOK.rawValue else { return box.fail(resultCode) }
    box.continuation.resume()
}

/// `stat_completion_t` for set.
func zooKeeperStatCompletion(_ resultCode: Int32, _ stat: UnsafePointer<Stat>?, _ data: UnsafeRawPointer?) {
    let box = CompletionBox<NodeStat>.take(data)
    guard resultCode == ZOK.rawValue, let stat else { return box.fail(resultCode) }
    box.continuation.resume(returning: NodeStat(stat.pointee))
}

/// `stat_completion_t` for exists: a missing node is an answer, not an error.
func zooKeeperExistsCompletion(_ resultCode: Int32, _ stat: UnsafePointer<Stat>?, _ data: UnsafeRawPointer?) {
    let box = CompletionBox<NodeStat?>.take(data)
    if resultCode == ZNONODE.rawValue { return box.continuation.resume(returning: nil) }
    guard resultCode == ZOK.rawValue, let stat else { return box.fail(resultCode) }
    box.continuation.resume(returning: NodeStat(stat.pointee))
}

/// `data_completion_t` for get.
func zooKeeperDataCompletion(
    _ resultCode: Int32,
    _ value: UnsafePointer<CChar>?,
    _ length: Int32,
    _ stat: UnsafePointer<Stat>?,
    _ data: UnsafeRawPointer?
) {
    let box = CompletionBox<NodeData>.take(data)
    guard resultCode == ZOK.rawValue, let stat else { return box.fail(resultCode) }
    let bytes = value.map { length > 0 ? Data(bytes: $0, count: Int(length)) : Data() } ?? Data()
    box.continuation.resume(returning: NodeData(data: bytes, stat: NodeStat(stat.pointee)))
}

/// `strings_completion_t` for children.
func zooKeeperStringsCompletion(
    _ resultCode: Int32,
    _ strings: UnsafePointer<String_vector>?,
    _ data: UnsafeRawPointer?
) {
    let box = CompletionBox<[String]>.take(data)
    guard resultCode == ZOK.rawValue else { return box.fail(resultCode) }
    var names: [String] = []
    if let vector = strings?.pointee, let entries = vector.data {
        names.reserveCapacity(Int(vector.count))
        for index in 0..<Int(vector.count) {
            if let name = entries[index] { names.append(String(cString: name)) }
        }
    }
    box.continuation.resume(returning: names.sorted())
}

/// `string_completion_t` for create: the created path (with its sequence suffix).
func zooKeeperStringCompletion(_ resultCode: Int32, _ value: UnsafePointer<CChar>?, _ data: UnsafeRawPointer?) {
    let box = CompletionBox<String>.take(data)
    guard resultCode == ZOK.rawValue else { return box.fail(resultCode) }
    box.continuation.resume(returning: value.map { String(cString: $0) } ?? box.path ?? "")
}

/// `void_completion_t` for multi: the per-operation results sit in the box's `MultiRequest`.
func zooKeeperMultiCompletion(_ resultCode: Int32, _ data: UnsafeRawPointer?) {
    let box = CompletionBox<[MultiResult]>.take(data)
    guard let request = box.payload as? MultiRequest else {
        return box.fail(ZSYSTEMERROR.rawValue)
    }
    box.continuation.resume(with: request.results(resultCode: resultCode))
}

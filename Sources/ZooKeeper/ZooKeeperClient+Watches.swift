import Foundation

/// Watches as async sequences.
///
/// A watch stream yields the node's current value at once, then the new value after each change (ZooKeeper's
/// one-shot watch is re-armed by each read). Values that did not change are not repeated, and a consumer that
/// falls behind receives the newest value (intermediate values may be skipped).
///
/// Across a connection loss the stream pauses and, once reconnected, reads again and yields the value if it
/// changed meanwhile. Across a session expiry the same happens on the new session: the watch is registered
/// again there and the current value is yielded if it differs from the last one. The stream finishes when the
/// client closes, and throws (a `ZooKeeperError`) only for failures that retrying cannot fix, such as `noAuth`.
/// Cancelling the consumer's task stops the watch.
extension ZooKeeperClient {
    /// The node's data and stat, or nil while it does not exist.
    public func watchData(_ path: String) -> AsyncThrowingStream<NodeData?, any Error> {
        watch(path: path, kind: .data) { handle in
            while true {
                do {
                    return try await handle.get(path: path, watch: true)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    // Gone: watch for its creation. If it appeared in between, read it again.
                    if try await handle.exists(path: path, watch: true) == nil { return nil }
                }
            }
        }
    }

    /// The node's children (sorted names), or nil while the node does not exist.
    public func watchChildren(_ path: String) -> AsyncThrowingStream<[String]?, any Error> {
        watch(path: path, kind: .children) { handle in
            while true {
                do {
                    return try await handle.children(path: path, watch: true)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    if try await handle.exists(path: path, watch: true) == nil { return nil }
                }
            }
        }
    }

    private func watch<Value: Sendable & Equatable>(
        path: String,
        kind: ClientCore.WatchKind,
        read: @escaping @Sendable (ZooKeeperHandle) async throws -> Value
    ) -> AsyncThrowingStream<Value, any Error> {
        let (output, outputContinuation) = AsyncThrowingStream.makeStream(
            of: Value.self,
            throwing: (any Error).self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let (signals, signalContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let subscription = ClientCore.WatchSubscription(
            path: path,
            kind: kind,
            signal: signalContinuation,
            finish: { outputContinuation.finish() }
        )
        let core = self.core
        guard let id = core.addWatch(subscription) else {
            outputContinuation.finish(throwing: ZooKeeperError(code: .closing, operation: "watch", path: path))
            return output
        }
        let task = Task {
            var last: Value?
            var iterator = signals.makeAsyncIterator()
            repeat {
                do {
                    let value = try await core.perform(operation: "watch", path: path) { try await read($0) }
                    if last != value {
                        outputContinuation.yield(value)
                        last = value
                    }
                } catch let error as ZooKeeperError where error.code.isConnectionProblem {
                    // Read again on the next (re)connection, which signals every watch.
                    continue
                } catch let error as ZooKeeperError where error.code == .closing {
                    break
                } catch {
                    outputContinuation.finish(throwing: error)
                    core.removeWatch(id)
                    return
                }
            } while await iterator.next() != nil
            outputContinuation.finish()
            core.removeWatch(id)
        }
        outputContinuation.onTermination = { _ in
            task.cancel()
            signalContinuation.finish()
            core.removeWatch(id)
        }
        return output
    }
}

extension ZooKeeperClient {
    /// The number of watch streams still registered (for tests of their life cycle).
    var activeWatchCount: Int { core.watchCount }
}

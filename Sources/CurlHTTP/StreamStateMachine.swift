/// The hand-over between libcurl's callbacks (producer) and the task reading a streamed response
/// (consumer), as a value: every input returns what the caller must do; the caller does it outside
/// the lock that guards the machine.
///
/// The body buffer is bounded: once it holds `bufferLimit` bytes, further data is refused with
/// `.pause` (libcurl keeps it and pauses the transfer, so TCP flow control slows the server down); the
/// consumer's next read takes the whole buffer and asks for the transfer to continue.
struct StreamStateMachine<HeadWaiter, ChunkWaiter> {
    private enum State {
        /// Created; nobody waits for the head yet and the transfer is not running.
        case initial
        /// The transfer runs; `waiter` wants the head.
        case awaitingHead(HeadWaiter)
        case streaming(Streaming)
        /// Nothing more will be delivered. `pendingError` is thrown by the next read, if any.
        case finished(pendingError: HTTPClientError?)
        /// Held only while an input changes `.streaming`, so that its buffer is not copied on write.
        case modifying
    }

    private struct Streaming {
        var chunks: [[UInt8]] = []
        var bufferedBytes = 0
        var paused = false
        var waiter: ChunkWaiter?
        /// How the transfer ended, once it has; delivered after the buffer drains.
        var completion: Result<Void, HTTPClientError>?
    }

    enum RegisterAction {
        /// Start the transfer.
        case start
        /// Cancelled before it started: resume the waiter with the error, do not start.
        case fail(HeadWaiter, HTTPClientError)
    }

    enum HeadAction {
        case resume(HeadWaiter, HTTPClient.ResponseHead)
        case none
    }

    enum BodyAction {
        /// The data was taken into the buffer.
        case buffered
        /// The data goes straight to a waiting reader.
        case deliver(ChunkWaiter, [UInt8])
        /// The buffer is full: refuse the data and pause the transfer.
        case pause
        /// Nobody will read it: abort the transfer.
        case abort
    }

    enum CompletionAction {
        case failHead(HeadWaiter, HTTPClientError)
        case resumeReader(ChunkWaiter, Result<[UInt8]?, HTTPClientError>)
        case none
    }

    enum ReadAction {
        /// Resume the reader now; `continueTransfer` asks libcurl to resume a paused transfer.
        case resume(ChunkWaiter, Result<[UInt8]?, HTTPClientError>, continueTransfer: Bool)
        /// The reader waits for data or the end.
        case wait
    }

    enum CancelAction {
        case none
        /// Stop the transfer if it still runs, and resume whoever waits with the error.
        case abort(headWaiter: HeadWaiter?, reader: ChunkWaiter?, transferRunning: Bool)
    }

    let bufferLimit: Int
    private var state: State = .initial
    /// The most the buffer ever held, for observing the bound.
    private(set) var peakBufferedBytes = 0

    init(bufferLimit: Int) {
        precondition(bufferLimit > 0, "bufferLimit must be positive")
        self.bufferLimit = bufferLimit
    }

    var bufferedBytes: Int {
        if case .streaming(let streaming) = state {
            return streaming.bufferedBytes
        }
        return 0
    }

    /// The caller waits for the head.
    mutating func waitForHead(_ waiter: HeadWaiter) -> RegisterAction {
        switch state {
        case .initial:
            state = .awaitingHead(waiter)
            return .start
        case .finished(let pendingError):
            state = .finished(pendingError: nil)
            return .fail(waiter, pendingError ?? .shutDown)
        case .awaitingHead, .streaming, .modifying:
            preconditionFailure("waitForHead called twice")
        }
    }

    mutating func headReceived(_ head: HTTPClient.ResponseHead) -> HeadAction {
        switch state {
        case .awaitingHead(let waiter):
            state = .streaming(Streaming())
            return .resume(waiter, head)
        case .initial, .streaming, .finished, .modifying:
            return .none
        }
    }

    mutating func bodyReceived(_ chunk: [UInt8]) -> BodyAction {
        guard case .streaming(var streaming) = state else {
            return .abort
        }
        state = .modifying
        if let waiter = streaming.waiter {
            streaming.waiter = nil
            state = .streaming(streaming)
            return .deliver(waiter, chunk)
        }
        if streaming.bufferedBytes >= bufferLimit {
            streaming.paused = true
            state = .streaming(streaming)
            return .pause
        }
        streaming.chunks.append(chunk)
        streaming.bufferedBytes += chunk.count
        peakBufferedBytes = max(peakBufferedBytes, streaming.bufferedBytes)
        state = .streaming(streaming)
        return .buffered
    }

    mutating func transferCompleted(_ result: Result<Void, HTTPClientError>) -> CompletionAction {
        switch state {
        case .awaitingHead(let waiter):
            state = .finished(pendingError: nil)
            switch result {
            case .failure(let error):
                return .failHead(waiter, error)
            case .success:
                // The transfer always reports a head before succeeding; this keeps the waiter from hanging.
                return .failHead(waiter, .shutDown)
            }
        case .streaming(var streaming):
            state = .modifying
            if let waiter = streaming.waiter {
                state = .finished(pendingError: nil)
                return .resumeReader(waiter, result.map { nil })
            }
            streaming.completion = result
            streaming.paused = false
            state = .streaming(streaming)
            return .none
        case .initial, .finished, .modifying:
            return .none
        }
    }

    /// The reader wants the next chunk; `waiter` is resumed now or later.
    mutating func read(_ waiter: ChunkWaiter) -> ReadAction {
        switch state {
        case .streaming(var streaming):
            precondition(streaming.waiter == nil, "a streamed body has one reader at a time")
            state = .modifying
            if !streaming.chunks.isEmpty {
                let chunk = Self.joined(streaming.chunks, totalCount: streaming.bufferedBytes)
                let wasPaused = streaming.paused
                streaming.chunks = []
                streaming.bufferedBytes = 0
                streaming.paused = false
                state = .streaming(streaming)
                return .resume(waiter, .success(chunk), continueTransfer: wasPaused)
            }
            if let completion = streaming.completion {
                state = .finished(pendingError: nil)
                return .resume(waiter, completion.map { nil }, continueTransfer: false)
            }
            streaming.waiter = waiter
            state = .streaming(streaming)
            return .wait
        case .finished(let pendingError):
            state = .finished(pendingError: nil)
            if let pendingError {
                return .resume(waiter, .failure(pendingError), continueTransfer: false)
            }
            return .resume(waiter, .success(nil), continueTransfer: false)
        case .initial, .awaitingHead:
            preconditionFailure("the body is read before the head arrived")
        case .modifying:
            preconditionFailure("state left in .modifying")
        }
    }

    /// One array holding `chunks` back to back, copied with memcpy.
    private static func joined(_ chunks: [[UInt8]], totalCount: Int) -> [UInt8] {
        if chunks.count == 1 {
            return chunks[0]
        }
        return [UInt8](unsafeUninitializedCapacity: totalCount) { buffer, count in
            let target = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            for chunk in chunks {
                chunk.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: target[offset..<offset + source.count]).copyMemory(
                        from: source)
                }
                offset += chunk.count
            }
            count = offset
        }
    }

    /// The reader gives up: the transfer stops and every later read throws `error` once.
    mutating func cancel(_ error: HTTPClientError) -> CancelAction {
        switch state {
        case .initial:
            state = .finished(pendingError: error)
            return .none
        case .awaitingHead(let waiter):
            state = .finished(pendingError: nil)
            return .abort(headWaiter: waiter, reader: nil, transferRunning: true)
        case .streaming(let streaming):
            let running = streaming.completion == nil
            if let waiter = streaming.waiter {
                state = .finished(pendingError: nil)
                return .abort(headWaiter: nil, reader: waiter, transferRunning: running)
            }
            state = .finished(pendingError: error)
            return .abort(headWaiter: nil, reader: nil, transferRunning: running)
        case .finished, .modifying:
            return .none
        }
    }
}

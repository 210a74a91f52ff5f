import Synchronization

/// Hands a streamed response from libcurl's callbacks to the reading task through a bounded buffer.
final class StreamSink: TransferSink {
    typealias HeadWaiter = CheckedContinuation<Result<HTTPClient.ResponseHead, HTTPClientError>, Never>
    typealias ChunkWaiter = CheckedContinuation<Result<[UInt8]?, HTTPClientError>, Never>
    typealias Machine = StreamStateMachine<HeadWaiter, ChunkWaiter>

    private let machine: Mutex<Machine>

    init(bufferLimit: Int) {
        machine = Mutex(Machine(bufferLimit: bufferLimit))
    }

    // MARK: curl thread

    func headReceived(_ head: HTTPClient.ResponseHead) {
        switch machine.withLock({ $0.headReceived(head) }) {
        case .resume(let waiter, let head):
            waiter.resume(returning: .success(head))
        case .none:
            break
        }
    }

    func bodyReceived(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition {
        let chunk = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
            count = bytes.count
        }
        switch machine.withLock({ $0.bodyReceived(chunk) }) {
        case .buffered:
            return .consumed
        case .deliver(let waiter, let chunk):
            waiter.resume(returning: .success(chunk))
            return .consumed
        case .pause:
            return .pause
        case .abort:
            return .abort(.shutDown)
        }
    }

    func completed(_ result: Result<Void, HTTPClientError>) {
        switch machine.withLock({ $0.transferCompleted(result) }) {
        case .failHead(let waiter, let error):
            waiter.resume(returning: .failure(error))
        case .resumeReader(let waiter, let result):
            waiter.resume(returning: result)
        case .none:
            break
        }
    }

    // MARK: reading task

    func waitForHead(_ waiter: HeadWaiter) -> Machine.RegisterAction {
        machine.withLock { $0.waitForHead(waiter) }
    }

    func read(_ waiter: ChunkWaiter) -> Machine.ReadAction {
        machine.withLock { $0.read(waiter) }
    }

    func cancel(_ error: HTTPClientError) -> Machine.CancelAction {
        machine.withLock { $0.cancel(error) }
    }

    var bufferedBytes: Int {
        machine.withLock { $0.bufferedBytes }
    }

    var peakBufferedBytes: Int {
        machine.withLock { $0.peakBufferedBytes }
    }
}

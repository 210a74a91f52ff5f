import Synchronization

/// Gathers the whole response in memory, up to a size limit, for `HTTPClient.execute`.
final class CollectSink: TransferSink {
    typealias Waiter = CheckedContinuation<Result<HTTPClient.Response, HTTPClientError>, Never>

    private struct State {
        var waiter: Waiter?
        var head: HTTPClient.ResponseHead?
        var body: [UInt8] = []
    }

    private let state = Mutex(State())
    private let maxBodySize: Int
    private let url: String

    init(url: String, maxBodySize: Int) {
        self.url = url
        self.maxBodySize = maxBodySize
    }

    /// Set before the transfer starts.
    func setWaiter(_ waiter: Waiter) {
        state.withLock { $0.waiter = waiter }
    }

    func headReceived(_ head: HTTPClient.ResponseHead) {
        state.withLock { $0.head = head }
    }

    func bodyReceived(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition {
        state.withLock { state in
            guard state.body.count + bytes.count <= maxBodySize else {
                return .abort(.responseTooLarge(url: url, limit: maxBodySize))
            }
            state.body.append(contentsOf: bytes)
            return .consumed
        }
    }

    func completed(_ result: Result<Void, HTTPClientError>) {
        let (waiter, response): (Waiter?, Result<HTTPClient.Response, HTTPClientError>) = state.withLock { state in
            let waiter = state.waiter
            state.waiter = nil
            switch result {
            case .success:
                let head = state.head ?? HTTPClient.ResponseHead(status: 0)
                return (waiter, .success(HTTPClient.Response(head: head, body: state.body)))
            case .failure(let error):
                return (waiter, .failure(error))
            }
        }
        waiter?.resume(returning: response)
    }
}

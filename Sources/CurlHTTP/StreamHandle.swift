/// The reading side of one streamed transfer. Releasing it stops the transfer.
final class StreamHandle: Sendable {
    /// Keeps the client, and so its curl thread, alive while the body is read.
    private let client: HTTPClient
    private let transfer: Transfer
    let sink: StreamSink

    init(client: HTTPClient, transfer: Transfer, sink: StreamSink) {
        self.client = client
        self.transfer = transfer
        self.sink = sink
    }

    deinit {
        cancel()
    }

    var url: String { transfer.request.url }

    /// Starts the transfer and waits for the final response head.
    func start() async -> Result<HTTPClient.ResponseHead, HTTPClientError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: StreamSink.HeadWaiter) in
                switch sink.waitForHead(waiter) {
                case .start:
                    if !client.loop.submit(transfer) {
                        sink.completed(.failure(.shutDown))
                    }
                case .fail(let waiter, let error):
                    waiter.resume(returning: .failure(error))
                }
            }
        } onCancel: {
            self.cancel()
        }
    }

    func next() async throws(HTTPClientError) -> [UInt8]? {
        if Task.isCancelled {
            cancel()
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: StreamSink.ChunkWaiter) in
                switch sink.read(waiter) {
                case .resume(let waiter, let result, let continueTransfer):
                    if continueTransfer {
                        client.loop.continueTransfer(transfer)
                    }
                    waiter.resume(returning: result)
                case .wait:
                    break
                }
            }
        } onCancel: {
            self.cancel()
        }
        return try result.get()
    }

    func cancel() {
        switch sink.cancel(.cancelled(url: url)) {
        case .none:
            break
        case .abort(let headWaiter, let reader, let transferRunning):
            if transferRunning {
                client.loop.cancel(transfer)
            }
            headWaiter?.resume(returning: .failure(.cancelled(url: url)))
            reader?.resume(returning: .failure(.cancelled(url: url)))
        }
    }
}

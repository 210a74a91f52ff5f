/// What libcurl's write callback tells the transfer to do with a piece of body data.
enum BodyDisposition {
    /// Taken.
    case consumed
    /// Not taken: pause the transfer; libcurl offers the same data again once it continues.
    case pause
    /// Not taken: fail the transfer with this error.
    case abort(HTTPClientError)
}

/// Where a transfer's response goes. The first two methods run on the curl thread; `completed` runs
/// exactly once per transfer, on the curl thread or on a task that could not start the transfer.
protocol TransferSink: AnyObject, Sendable {
    /// The final response head, before any body data.
    func headReceived(_ head: HTTPClient.ResponseHead)
    func bodyReceived(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition
    func completed(_ result: Result<Void, HTTPClientError>)
}

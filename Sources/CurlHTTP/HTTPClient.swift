import Logging

/// A small asynchronous HTTP/1.1 client over libcurl.
///
/// Each client runs one dedicated thread that drives all its transfers with a libcurl multi handle
/// and keeps idle connections for reuse; no blocking work runs on Swift's cooperative pool. The thread
/// stops when the client is released (after the last streamed body it returned) or `shutdown()`.
///
/// Redirects are not followed unless the request asks, and an HTTP error status is a response, not
/// an error.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// Bytes of a streamed body that may wait for a slow reader before the transfer pauses.
        public var streamBufferSize: Int
        /// Largest body `execute` keeps in memory; beyond it the request fails with `.responseTooLarge`.
        public var maxResponseBodySize: Int
        /// Parallel connections to one host; 0 for no limit (transfers beyond it wait for a connection).
        public var maxConnectionsPerHost: Int
        /// Idle connections kept open for reuse.
        public var maxCachedConnections: Int
        /// Sent as `User-Agent` unless a request sets its own; nil sends none.
        public var userAgent: String?

        public init(
            streamBufferSize: Int = 1 << 20,
            maxResponseBodySize: Int = 64 << 20,
            maxConnectionsPerHost: Int = 0,
            maxCachedConnections: Int = 64,
            userAgent: String? = nil
        ) {
            self.streamBufferSize = streamBufferSize
            self.maxResponseBodySize = maxResponseBodySize
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxCachedConnections = maxCachedConnections
            self.userAgent = userAgent
        }
    }

    /// A client for the whole process, never shut down.
    public static let shared = HTTPClient()

    public let configuration: Configuration
    let loop: CurlMultiLoop

    public init(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kafka-scheduler.curlhttp")
    ) {
        precondition(configuration.streamBufferSize > 0, "streamBufferSize must be positive")
        self.configuration = configuration
        guard
            let loop = CurlMultiLoop(
                maxConnectionsPerHost: configuration.maxConnectionsPerHost,
                maxCachedConnections: configuration.maxCachedConnections,
                logger: logger)
        else {
            preconditionFailure("curl_multi_init failed")
        }
        self.loop = loop
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `request` and returns the whole response, whatever its status.
    ///
    /// Cancelling the calling task stops the transfer and throws `.cancelled`.
    public func execute(_ request: HTTPClient.Request) async throws(HTTPClientError) -> HTTPClient.Response {
        let sink = CollectSink(url: request.url, maxBodySize: configuration.maxResponseBodySize)
        let transfer = try Transfer(request: request, sink: sink, userAgent: configuration.userAgent)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { waiter in
                sink.setWaiter(waiter)
                if !loop.submit(transfer) {
                    transfer.finish(error: .shutDown)
                }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return try result.get()
    }

    /// Sends `request` and returns as soon as the final response head has arrived; the body follows
    /// as an async sequence of chunks.
    ///
    /// Cancelling the calling task while it waits for the head stops the transfer and throws
    /// `.cancelled`. A request without `timeout` can stream for ever.
    public func stream(_ request: HTTPClient.Request) async throws(HTTPClientError) -> HTTPClient.StreamingResponse {
        let sink = StreamSink(bufferLimit: configuration.streamBufferSize)
        let transfer = try Transfer(request: request, sink: sink, userAgent: configuration.userAgent)
        let handle = StreamHandle(client: self, transfer: transfer, sink: sink)
        let head = try await handle.start().get()
        return HTTPClient.StreamingResponse(head: head, body: HTTPClient.ResponseBody(handle: handle))
    }

    /// Sends `request` and writes the response body to the file at `path` (created or truncated,
    /// mode 0644), whatever the status: check the returned head's `status`. The file is written on the
    /// client's thread and removed if the transfer fails.
    public func download(_ request: HTTPClient.Request, to path: String) async throws(HTTPClientError)
        -> HTTPClient.ResponseHead
    {
        let sink = FileSink(path: path)
        let transfer = try Transfer(request: request, sink: sink, userAgent: configuration.userAgent)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { waiter in
                sink.setWaiter(waiter)
                if !loop.submit(transfer) {
                    transfer.finish(error: .shutDown)
                }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return try result.get()
    }

    /// Fails every unfinished request with `.shutDown`, closes the connections and stops the thread.
    /// Later requests fail with `.shutDown`. Idempotent.
    public func shutdown() {
        loop.shutdown()
    }
}

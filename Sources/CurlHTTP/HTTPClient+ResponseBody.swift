extension HTTPClient {
    /// The body of a streamed response: byte chunks in arrival order, as libcurl receives them.
    ///
    /// One task reads it at a time. When the reader is slower than the network, at most about
    /// `HTTPClient.Configuration.streamBufferSize` bytes wait in memory; beyond that the transfer pauses
    /// and TCP flow control holds the server back. Cancelling the reading task, calling `cancel()`, or
    /// releasing every copy of the body and its iterators stops the transfer and closes the connection.
    public struct ResponseBody: AsyncSequence, Sendable {
        public typealias Element = [UInt8]
        public typealias Failure = HTTPClientError

        let handle: StreamHandle

        init(handle: StreamHandle) {
            self.handle = handle
        }

        public struct AsyncIterator: AsyncIteratorProtocol {
            public typealias Element = [UInt8]
            public typealias Failure = HTTPClientError

            let handle: StreamHandle

            /// The next chunk (never empty), or nil at the end of the body.
            public mutating func next() async throws(HTTPClientError) -> [UInt8]? {
                try await handle.next()
            }

            public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPClientError) -> [UInt8]?
            {
                try await handle.next()
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(handle: handle)
        }

        /// Reads the rest of the body into memory.
        /// - Throws: `.responseTooLarge` (and stops the transfer) past `maxBytes`.
        public func collect(maxBytes: Int = .max) async throws(HTTPClientError) -> [UInt8] {
            var bytes: [UInt8] = []
            while let chunk = try await handle.next() {
                guard bytes.count + chunk.count <= maxBytes else {
                    handle.cancel()
                    throw .responseTooLarge(url: handle.url, limit: maxBytes)
                }
                bytes.append(contentsOf: chunk)
            }
            return bytes
        }

        /// Stops the transfer and closes its connection; later reads throw `.cancelled`.
        public func cancel() {
            handle.cancel()
        }

        /// Bytes received and not yet read.
        var bufferedBytes: Int { handle.sink.bufferedBytes }

        /// The most bytes that ever waited to be read.
        var peakBufferedBytes: Int { handle.sink.peakBufferedBytes }
    }
}

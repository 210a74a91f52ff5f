extension HTTPClient {
    /// The status line and header fields of a final (non-1xx, not followed) response.
    public struct ResponseHead: Sendable, Hashable {
        public var status: Int
        /// The reason phrase, possibly empty.
        public var reason: String
        public var headers: Headers

        public init(status: Int, reason: String = "", headers: Headers = [:]) {
            self.status = status
            self.reason = reason
            self.headers = headers
        }
    }

    /// A complete response, body included. Any status is a response, not an error.
    public struct Response: Sendable, Hashable {
        public var head: ResponseHead
        public var body: [UInt8]

        public init(head: ResponseHead, body: [UInt8]) {
            self.head = head
            self.body = body
        }

        public var status: Int { head.status }
        public var reason: String { head.reason }
        public var headers: Headers { head.headers }

        /// The body decoded as UTF-8 (invalid sequences replaced).
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A response whose head has arrived and whose body arrives as a sequence of chunks.
    ///
    /// The transfer stops when the body is cancelled, when the task iterating it is cancelled, or when
    /// the last copy of this value and its body and iterators is released.
    public struct StreamingResponse: Sendable {
        public let head: ResponseHead
        public let body: ResponseBody

        init(head: ResponseHead, body: ResponseBody) {
            self.head = head
            self.body = body
        }

        public var status: Int { head.status }
        public var reason: String { head.reason }
        public var headers: Headers { head.headers }

        /// Stops the transfer and closes its connection; later reads of the body throw `.cancelled`.
        public func cancel() {
            body.cancel()
        }
    }
}

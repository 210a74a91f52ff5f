extension HTTPClient {
    /// User name and password sent preemptively as `Authorization: Basic base64(user:password)`.
    public struct BasicAuth: Sendable, Hashable {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    /// One HTTP/1.1 request.
    public struct Request: Sendable {
        public var method: Method
        /// An absolute `http://` or `https://` URL.
        public var url: String
        /// Sent in order, after the ones libcurl adds (`Host`, `Accept: */*`, `Content-Length`); a field set
        /// here replaces libcurl's field of the same name.
        public var headers: Headers
        /// The request body. Nil sends none, except for POST, PUT and PATCH, which then send an empty body.
        /// No `Content-Type` is added: set one in `headers`.
        public var body: [UInt8]?
        /// Limit for name resolution plus the TCP (and TLS) connect.
        public var connectTimeout: Duration
        /// Limit for the whole transfer, body included; nil for none (long-lived streams).
        public var timeout: Duration?
        public var basicAuth: BasicAuth?
        /// Whether 3xx answers with a `Location` are followed. Off by default: the caller sees the 3xx.
        public var followRedirects: Bool
        /// How many redirects are followed before the request fails, when `followRedirects` is on.
        public var maxRedirects: Int

        public init(
            method: Method = .get,
            url: String,
            headers: Headers = [:],
            body: [UInt8]? = nil,
            connectTimeout: Duration = .seconds(10),
            timeout: Duration? = nil,
            basicAuth: BasicAuth? = nil,
            followRedirects: Bool = false,
            maxRedirects: Int = 10
        ) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.basicAuth = basicAuth
            self.followRedirects = followRedirects
            self.maxRedirects = maxRedirects
        }
    }
}

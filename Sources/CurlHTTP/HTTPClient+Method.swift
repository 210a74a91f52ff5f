extension HTTPClient {
    /// An HTTP request method. Any token is allowed; the common ones have names.
    public struct Method: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(stringLiteral value: String) {
            self.rawValue = value
        }

        public var description: String { rawValue }

        public static let get = Method(rawValue: "GET")
        public static let head = Method(rawValue: "HEAD")
        public static let post = Method(rawValue: "POST")
        public static let put = Method(rawValue: "PUT")
        public static let delete = Method(rawValue: "DELETE")
        public static let patch = Method(rawValue: "PATCH")
        public static let options = Method(rawValue: "OPTIONS")

        /// Methods that carry a body by convention: without one, an empty body is sent with
        /// `Content-Length: 0`, which some servers require.
        var expectsBody: Bool {
            self == .post || self == .put || self == .patch
        }
    }
}

/// Pure checks and translations of an `HTTPClient.Request` into what libcurl is given.
enum RequestPlan {
    /// How the method reaches libcurl.
    enum MethodSetting: Equatable {
        case get
        case head
        /// CURLOPT_CUSTOMREQUEST with this method; libcurl sends the body (if any) as for a POST.
        case custom(String)
    }

    /// The error that keeps `request` from being sent, if any.
    static func validate(_ request: HTTPClient.Request) -> HTTPClientError? {
        let url = request.url
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            return .invalidRequest(url: url, reason: "the URL must start with http:// or https://")
        }
        if url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return .invalidRequest(url: url, reason: "the URL contains a space or a control character")
        }
        if !isToken(request.method.rawValue) {
            return .invalidRequest(url: url, reason: "'\(request.method)' is not a valid HTTP method")
        }
        for field in request.headers {
            if !isToken(field.name) {
                return .invalidRequest(url: url, reason: "'\(field.name)' is not a valid header name")
            }
            if field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
                return .invalidRequest(url: url, reason: "the value of header '\(field.name)' contains CR, LF or NUL")
            }
        }
        if request.maxRedirects < 0 {
            return .invalidRequest(url: url, reason: "maxRedirects must not be negative")
        }
        return nil
    }

    static func methodSetting(for method: HTTPClient.Method) -> MethodSetting {
        switch method {
        case .get: return .get
        case .head: return .head
        default: return .custom(method.rawValue)
        }
    }

    /// The body libcurl sends: the request's, or an empty one for methods that expect a body.
    static func body(for request: HTTPClient.Request) -> [UInt8]? {
        if let body = request.body {
            return body
        }
        return request.method.expectsBody ? [] : nil
    }

    /// CURLOPT_HTTPHEADER lines. `Name;` sends an empty value (`Name:` would remove the field);
    /// `Expect:` stops libcurl's 100-continue round trip and `Content-Type:` its form content type.
    static func headerLines(for request: HTTPClient.Request, userAgent: String?) -> [String] {
        var lines = request.headers.map { field in
            field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
        }
        if !request.headers.contains("Expect") {
            lines.append("Expect:")
        }
        if body(for: request) != nil, !request.headers.contains("Content-Type") {
            lines.append("Content-Type:")
        }
        if let userAgent, !request.headers.contains("User-Agent") {
            lines.append("User-Agent: \(userAgent)")
        }
        return lines
    }

    /// Milliseconds for libcurl's timeout options, at least 1 so that a tiny timeout is not "none".
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return max(1, Int(clamping: millis))
    }

    /// RFC 9110 token characters.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default:
                    return "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}

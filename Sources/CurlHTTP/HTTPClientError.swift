/// Why a request produced no response. An HTTP error status is not one of these: it is a response.
public enum HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request cannot be sent as given: a malformed or non-HTTP URL, a method that is not a token,
    /// or a header with a forbidden character.
    case invalidRequest(url: String, reason: String)
    /// The host name in `url` did not resolve.
    case couldNotResolve(host: String, url: String, message: String)
    /// No TCP connection could be made (refused, unreachable).
    case couldNotConnect(url: String, message: String)
    /// Resolving and connecting took longer than the request's `connectTimeout`.
    case connectTimeout(url: String, timeout: Duration)
    /// The whole transfer took longer than the request's `timeout`.
    case timeout(url: String, timeout: Duration)
    /// The caller cancelled the request (task cancellation or `cancel()`).
    case cancelled(url: String)
    /// The response body passed the client's `maxResponseBodySize`; use `stream` or `download` for
    /// large bodies.
    case responseTooLarge(url: String, limit: Int)
    /// Writing a downloaded body to `path` failed.
    case fileError(path: String, message: String)
    /// libcurl failed the transfer: `code` is its `CURLcode`, `message` its error text.
    case transferFailed(url: String, code: Int, message: String)
    /// The client was shut down before the request completed.
    case shutDown

    public var description: String {
        switch self {
        case .invalidRequest(let url, let reason):
            return "invalid request for \(url): \(reason)"
        case .couldNotResolve(let host, let url, let message):
            return "could not resolve host '\(host)' for \(url): \(message)"
        case .couldNotConnect(let url, let message):
            return "could not connect to \(url): \(message)"
        case .connectTimeout(let url, let timeout):
            return "connecting to \(url) timed out after \(timeout) (connect timeout)"
        case .timeout(let url, let timeout):
            return "request to \(url) timed out after \(timeout) (total timeout)"
        case .cancelled(let url):
            return "request to \(url) was cancelled"
        case .responseTooLarge(let url, let limit):
            return "response from \(url) is larger than the limit of \(limit) bytes"
        case .fileError(let path, let message):
            return "could not write \(path): \(message)"
        case .transferFailed(let url, let code, let message):
            return "request to \(url) failed (curl code \(code)): \(message)"
        case .shutDown:
            return "the HTTP client was shut down"
        }
    }
}

import CCurl
import Foundation

/// Turns a failed transfer's `CURLcode` into the error the caller can act on.
enum CurlErrorMapping {
    static func error(
        code: Int,
        message: String,
        request: HTTPClient.Request,
        connectPhaseFinished: Bool
    ) -> HTTPClientError {
        let url = request.url
        switch code {
        case Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue), Int(CURLE_URL_MALFORMAT.rawValue):
            return .invalidRequest(url: url, reason: message)
        case Int(CURLE_COULDNT_RESOLVE_HOST.rawValue):
            return .couldNotResolve(host: host(of: url), url: url, message: message)
        case Int(CURLE_COULDNT_CONNECT.rawValue):
            return .couldNotConnect(url: url, message: message)
        case Int(CURLE_OPERATION_TIMEDOUT.rawValue):
            // libcurl reports both timeouts with one code. Before the connection is up, the connect
            // timeout fired unless the total timeout is the shorter one.
            if !connectPhaseFinished, request.timeout.map({ request.connectTimeout <= $0 }) ?? true {
                return .connectTimeout(url: url, timeout: request.connectTimeout)
            }
            if let timeout = request.timeout {
                return .timeout(url: url, timeout: timeout)
            }
            return .transferFailed(url: url, code: code, message: message)
        default:
            return .transferFailed(url: url, code: code, message: message)
        }
    }

    static func host(of url: String) -> String {
        URLComponents(string: url)?.host ?? url
    }

    /// libcurl's error buffer, or its generic text for the code when the buffer is empty.
    static func message(code: CURLcode, errorBuffer: String) -> String {
        errorBuffer.isEmpty ? String(cString: curl_easy_strerror(code)) : errorBuffer
    }
}

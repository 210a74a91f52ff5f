import Foundation

/// An HTTP answer: status, headers (names lowercased) and body.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (fragments allowed).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw CurlError.unexpectedJSON(text) }
        return object
    }

    func array() throws -> [Any] {
        guard let array = try json() as? [Any] else { throw CurlError.unexpectedJSON(text) }
        return array
    }

    /// The `{"error_code", "message"}` of an error answer.
    func errorBody() throws -> (code: Int, message: String) {
        let object = try object()
        guard let code = object["error_code"] as? Int, let message = object["message"] as? String,
            object.count == 2
        else { throw CurlError.unexpectedJSON(text) }
        return (code, message)
    }
}

enum CurlError: Error, CustomStringConvertible {
    case failed(status: Int32, stderr: String)
    case malformed(String)
    case unexpectedJSON(String)

    var description: String {
        switch self {
        case .failed(let status, let stderr): return "curl exited with \(status): \(stderr)"
        case .malformed(let output): return "cannot parse curl's output: \(output)"
        case .unexpectedJSON(let text): return "unexpected JSON: \(text)"
        }
    }
}

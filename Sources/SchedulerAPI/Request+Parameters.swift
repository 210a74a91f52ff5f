import Foundation
import Hummingbird
import KafkaAdmin
import KafkaFramework

/// Reading and checking path and query parameters. Every malformed value is a 400 that names the
/// parameter, the value and what is allowed.
extension Request {
    /// The query parameter `name`; nil when absent. An empty value counts as absent.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// The query parameter `name` as a positive integer; nil when absent.
    func positiveInteger(_ name: String, example: Int) throws(APIError) -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text), value > 0, text.allSatisfy(\.isASCII) else {
            throw .badRequest("\(name) must be a positive integer such as \(example), got '\(text)'")
        }
        return value
    }

    /// The query parameter `name` as a positive integer; a 400 when absent.
    func requiredPositiveInteger(_ name: String, example: Int, context: String) throws(APIError) -> Int {
        guard let value = try positiveInteger(name, example: example) else {
            throw .badRequest("missing query parameter \(name) (a positive integer such as \(example)) \(context)")
        }
        return value
    }

    /// The query parameter `name` as a boolean (`true` or `false`); `default` when absent. Present without
    /// a value (`?replace`) is an error rather than a guess.
    func boolean(_ name: String, default defaultValue: Bool) throws(APIError) -> Bool {
        guard let text = uri.queryParameters.get(name) else { return defaultValue }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .badRequest("\(name) must be true or false, got '\(text)'")
        }
    }

    /// The `time` of an offsets query: `first`, `last` or milliseconds since the epoch; `last` when absent.
    func offsetTime() throws(APIError) -> OffsetTime {
        guard let text = query("time") else { return .last }
        switch text.lowercased() {
        case "first", "earliest", "-2": return .first
        case "last", "latest", "-1": return .last
        default:
            guard let ms = Int64(text), ms >= 0 else {
                throw .badRequest(
                    "time must be first, last or a timestamp in milliseconds since the epoch, got '\(text)'")
            }
            return .timestamp(ms)
        }
    }
}

extension BasicRequestContext {
    /// The path parameter `name`, percent-decoded.
    func pathParameter(_ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name) else {
            throw .badRequest("missing path parameter \(name)")
        }
        return raw.removingPercentEncoding ?? raw
    }

    /// The `{id}` of a broker route: a non-negative integer.
    func brokerID() throws(APIError) -> Int {
        let text = try pathParameter("id")
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int(text)
        else {
            throw .badRequest("malformed broker id '\(text)': expected a non-negative integer such as 0")
        }
        return id
    }
}

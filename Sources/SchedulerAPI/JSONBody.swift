import Foundation
import Hummingbird
import Plan

/// JSON answers in the seed's layout: sorted keys, four-space indentation, a final newline.
enum JSONBody {
    static let contentType = "application/json; charset=utf-8"

    /// Encodes `value` in the seed's layout. The bodies are plain values that always encode; should one
    /// fail all the same, the answer says so instead of being empty.
    static func encode(_ value: some Encodable) -> ByteBuffer {
        do {
            var data = try CanonicalJSON.encodePretty(value)
            data.append(UInt8(ascii: "\n"))
            return ByteBuffer(bytes: data)
        } catch {
            let message = "could not encode the answer: \(error)"
            let fallback = "{\n    \"error_code\": 500,\n    \"message\": \(quoted(message))\n}\n"
            return ByteBuffer(string: fallback)
        }
    }

    static func response(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(encode(value), status: status)
    }

    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// `{"message": "…"}`, the answer of the topic operations.
struct MessageBody: Encodable {
    let message: String
}

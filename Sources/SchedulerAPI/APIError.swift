import Hummingbird
import KafkaFramework
import Plan

/// An error answer: `{"error_code": <status>, "message": "…"}` (the Kafka Connect convention).
struct APIError: Error, Sendable, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    /// Extra headers, e.g. `Allow` on a 405.
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    init(_ error: SchedulerControlError) {
        self.init(HTTPResponse.Status.forCode(error.code), error.message)
    }

    init(_ error: TopicOperationError) {
        self.init(HTTPResponse.Status.forCode(error.code), error.message)
    }

    init(_ error: PlanCommandError) {
        self.init(HTTPResponse.Status.forCode(error.code), error.message)
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        let body = JSONBody.encode(ErrorBody(errorCode: status.code, message: message))
        return JSONBody.response(body, status: status, headers: headers)
    }

    private struct ErrorBody: Encodable {
        let errorCode: Int
        let message: String

        enum CodingKeys: String, CodingKey {
            case errorCode = "error_code"
            case message
        }
    }
}

extension HTTPResponse.Status {
    /// The status for `code` with its standard reason phrase (`Status(code:)` leaves the phrase empty).
    static func forCode(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 404: return .notFound
        case 405: return .methodNotAllowed
        case 409: return .conflict
        case 500: return .internalServerError
        case 503: return .serviceUnavailable
        default: return HTTPResponse.Status(code: code)
        }
    }
}

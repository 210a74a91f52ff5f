import Hummingbird
import Logging

/// Turns every error into a JSON answer `{"error_code": …, "message": …}`, so that no answer has an empty
/// body: the API's own errors keep their status; Hummingbird's (an unknown route) keep theirs with a
/// message; anything else is a 500 that names the error and is logged.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HTTPError {
            return Self.translate(error, request: request).response()
        } catch {
            logger.error(
                "request failed",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(.internalServerError, "internal error: \(error)").response()
        }
    }

    static func translate(_ error: HTTPError, request: Request) -> APIError {
        if error.status == .notFound {
            return APIError(
                .notFound, "no route for \(request.method) \(request.uri.path); see docs/api.md for the routes")
        }
        let message = error.body ?? error.status.reasonPhrase
        return APIError(error.status, message, headers: error.headers)
    }
}

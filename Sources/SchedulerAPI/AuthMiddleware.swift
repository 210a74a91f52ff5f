import Hummingbird
import KafkaFramework

/// Requires the API token on every route but `/health`: `Authorization: token=<token>` (the form of the
/// DC/OS examples) or `Authorization: Bearer <token>`. Answers 401 otherwise.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]
    let openPaths: Set<String>

    init(token: Secret, openPaths: Set<String>) {
        self.token = Array(token.value.utf8)
        self.openPaths = openPaths
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if openPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized(
                "missing Authorization header: send 'Authorization: token=<API token>' or "
                    + "'Authorization: Bearer <API token>'")
        }
        guard let presented = Self.presentedToken(header) else {
            throw Self.unauthorized(
                "malformed Authorization header: expected 'token=<API token>' or 'Bearer <API token>'")
        }
        guard Self.constantTimeEquals(Array(presented.utf8), token) else {
            throw Self.unauthorized("invalid API token")
        }
        return try await next(request, context)
    }

    /// The token of `token=<t>` or `Bearer <t>` (scheme names case-insensitive).
    static func presentedToken(_ header: String) -> Substring? {
        let value = header.drop { $0 == " " }
        if value.prefix(6).lowercased() == "token=" {
            return value.dropFirst(6)
        }
        if value.prefix(7).lowercased() == "bearer " {
            return value.dropFirst(7).drop { $0 == " " }
        }
        return nil
    }

    /// Compares without an early exit, so the time taken does not tell how much of a guess was right.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        if a.count != b.count { difference |= 1 }
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, message, headers: [.wwwAuthenticate: "Bearer"])
    }
}

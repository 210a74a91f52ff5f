import Foundation
import Mesos

/// The stateless part of the scheduler endpoint, in Mesos's order of checks: authentication, method,
/// Content-Type, parsing, call validation, Accept and the SUBSCRIBE stream id rule.
struct SchedulerRequestCheck {
    /// What a request to `/api/v1/scheduler` looks like to the checks.
    struct Request {
        var method: String
        var contentType: String?
        var accept: String?
        var streamID: String?
        var authorization: String?
        var body: [UInt8]
    }

    /// An answer that ends the request.
    struct Rejection: Error, Equatable {
        var status: Int
        var message: String
        var headers: [(String, String)] = []

        static func == (left: Rejection, right: Rejection) -> Bool {
            left.status == right.status && left.message == right.message
                && left.headers.map { "\($0.0): \($0.1)" } == right.headers.map { "\($0.0): \($0.1)" }
        }
    }

    enum Outcome {
        case reject(Rejection)
        /// A valid call; `principal` is the authenticated principal when authentication is on.
        case call(Call, principal: String?)
    }

    static let realm = "mesos-master-scheduler"
    static let applicationJSON = "application/json"
    static let applicationProtobuf = "application/x-protobuf"

    var credentials: (principal: String, secret: String)?

    /// 401 unless the request carries the configured credentials; the principal when it does.
    func authenticate(_ authorization: String?) -> Result<String?, Rejection> {
        guard let credentials else { return .success(nil) }
        let unauthorized = Rejection(
            status: 401, message: "", headers: [("WWW-Authenticate", "Basic realm=\"\(Self.realm)\"")])
        guard let authorization, authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst("Basic ".count))),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return .failure(unauthorized) }
        let principal = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard principal == credentials.principal, secret == credentials.secret else { return .failure(unauthorized) }
        return .success(principal)
    }

    func check(_ request: Request) -> Outcome {
        let principal: String?
        switch authenticate(request.authorization) {
        case .failure(let rejection): return .reject(rejection)
        case .success(let value): principal = value
        }
        guard request.method == "POST" else {
            return .reject(
                Rejection(
                    status: 405, message: "Expecting one of { 'POST' }, but received '\(request.method)'",
                    headers: [("Allow", "POST")]))
        }
        guard let contentType = request.contentType else {
            return .reject(Rejection(status: 400, message: "Expecting 'Content-Type' to be present"))
        }
        let call: Call
        if contentType == Self.applicationJSON {
            do {
                call = try MesosJSON.decode(Call.self, from: request.body)
            } catch {
                switch error.kind {
                case .invalidJSON:
                    return .reject(Rejection(status: 400, message: "Failed to parse body into JSON: \(error.detail)"))
                case .missingField, .invalidValue:
                    return .reject(
                        Rejection(status: 400, message: "Failed to convert JSON into Call protobuf: \(error)"))
                }
            }
        } else if contentType == Self.applicationProtobuf {
            return .reject(
                Rejection(
                    status: 415,
                    message: "mesos-local accepts only 'Content-Type' \(Self.applicationJSON) (no protobuf bodies)"))
        } else {
            return .reject(
                Rejection(
                    status: 415,
                    message: "Expecting 'Content-Type' of \(Self.applicationJSON) or \(Self.applicationProtobuf)"))
        }
        if let reason = call.validationError ?? principalError(call, principal: principal) {
            return .reject(Rejection(status: 400, message: "Failed to validate scheduler::Call: \(reason)"))
        }
        if call.type == .subscribe || call.type == .reconcileOperations {
            guard Self.acceptsJSON(request.accept) else {
                return .reject(
                    Rejection(
                        status: 406,
                        message:
                            "Expecting 'Accept' to allow '\(Self.applicationProtobuf)' or '\(Self.applicationJSON)'"))
            }
        }
        if call.type == .subscribe && request.streamID != nil {
            return .reject(
                Rejection(status: 400, message: "Subscribe calls should not include the 'Mesos-Stream-Id' header"))
        }
        return .call(call, principal: principal)
    }

    /// Mesos's check that an authenticated framework subscribes with its own principal.
    private func principalError(_ call: Call, principal: String?) -> String? {
        guard let principal, call.type == .subscribe,
            let declared = call.subscribe?.frameworkInfo.principal, declared != principal
        else { return nil }
        return "Authenticated principal '\(principal)' does not match principal '\(declared)' set in `FrameworkInfo`"
    }

    /// Whether an `Accept` header allows JSON (absent allows anything).
    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 && (type == applicationJSON || type == "application/*" || type == "*/*") {
                return true
            }
        }
        return false
    }
}

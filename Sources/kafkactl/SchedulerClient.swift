import ArgumentParser
import CurlHTTP
import Foundation
import Plan

/// Sends one request to the scheduler and prints its answer.
struct SchedulerClient {
    let baseURL: String
    let token: String?

    /// The URL and token from the options, else the environment.
    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let url = options.url ?? environment["KAFKA_SCHEDULER_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            baseURL = url
        } else if let dcos = environment["DCOS_URI"], !dcos.isEmpty {
            baseURL = Self.trimmingSlashes(dcos) + "/service/\(options.name)"
        } else {
            throw ValidationError("no scheduler URL: pass --url, or set KAFKA_SCHEDULER_URL or DCOS_URI")
        }
        token = options.token ?? environment["AUTH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Sends `method path` and prints the JSON answer. A 2xx answer is printed; so is a 503 whose body
    /// `accepts` (the plan during a rollout). Anything else fails with the scheduler's message.
    func run(
        _ method: HTTPClient.Method, _ path: String, query: [(String, String?)] = [],
        accepts: (Int, [UInt8]) -> Bool = { _, _ in false }
    ) async throws {
        let url = Self.trimmingSlashes(baseURL) + path + Self.queryString(query)
        var headers = HTTPClient.Headers()
        headers.add(name: "Accept", value: "application/json")
        if let token { headers.add(name: "Authorization", value: "token=\(token)") }
        let client = HTTPClient(configuration: HTTPClient.Configuration(userAgent: "kafkactl"))
        defer { client.shutdown() }
        let response: HTTPClient.Response
        do {
            response = try await client.execute(
                HTTPClient.Request(
                    method: method, url: url, headers: headers, connectTimeout: .seconds(10),
                    timeout: .seconds(120)))
        } catch {
            throw KafkactlError(message: "cannot reach the scheduler: \(error)")
        }
        guard (200..<300).contains(response.status) || accepts(response.status, response.body) else {
            throw KafkactlError(message: Self.errorMessage(response, method: method, url: url))
        }
        print(Self.pretty(response.body))
    }

    /// The JSON body in the seed's layout (four-space indentation); any other body as it is.
    static func pretty(_ body: [UInt8]) -> String {
        let data = Data(body)
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            return String(decoding: body, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return String(decoding: CanonicalJSON.prettyPrinted(data), as: UTF8.self)
    }

    /// The `message` of a `{"error_code", "message"}` answer, else the status and body.
    static func errorMessage(_ response: HTTPClient.Response, method: HTTPClient.Method, url: String) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        if let message = object?["message"] as? String, !message.isEmpty {
            return "\(message) (HTTP \(response.status))"
        }
        let body = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = body.isEmpty ? response.reason : body
        return "\(method) \(url) answered HTTP \(response.status)\(detail.isEmpty ? "" : ": \(detail)")"
    }

    static func queryString(_ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value in
            value.map { "\(name)=\(percentEncoded($0))" }
        }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func trimmingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// A failed command: printed as `kafkactl: <message>` on standard error, exit status 1.
struct KafkactlError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

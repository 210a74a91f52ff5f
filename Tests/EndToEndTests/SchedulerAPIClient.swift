import CurlHTTP
import Foundation

/// An answer of the scheduler's REST API.
struct APIAnswer: Sendable, CustomStringConvertible {
    let status: Int
    let body: [UInt8]
    var headers: HTTPClient.Headers = [:]

    var text: String { String(decoding: body, as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw EndToEndError("cannot decode \(type) from HTTP \(status) \(text): \(error)")
        }
    }

    var description: String { "HTTP \(status) \(text)" }
}

/// The REST API of one scheduler instance on 127.0.0.1.
struct SchedulerAPIClient: Sendable {
    let port: Int
    /// The scheduler's API_AUTH_TOKEN, sent as `Authorization: token=<token>` (the seed's form) when set.
    var token: String?
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(port: Int, token: String? = nil) {
        self.port = port
        self.token = token
    }

    /// `method path` with the token, or with exactly `headers` when given (no token added then).
    func request(
        _ method: HTTPClient.Method, _ path: String, headers: HTTPClient.Headers? = nil
    ) async throws -> APIAnswer {
        var sent = headers ?? [:]
        if headers == nil, let token { sent.add(name: "Authorization", value: "token=\(token)") }
        let response = try await HTTPClient.shared.execute(
            HTTPClient.Request(
                method: method, url: baseURL + path, headers: sent, connectTimeout: .seconds(5),
                timeout: .seconds(20)))
        return APIAnswer(status: response.status, body: response.body, headers: response.head.headers)
    }

    func get(_ path: String) async throws -> APIAnswer { try await request(.get, path) }
    func put(_ path: String) async throws -> APIAnswer { try await request(.put, path) }
    func post(_ path: String) async throws -> APIAnswer { try await request(.post, path) }

    /// `GET /v1/plan`, whatever its status (200 complete, 503 in progress or in error).
    func plan() async throws -> PlanDocument {
        let answer = try await get("/v1/plan")
        guard answer.status == 200 || answer.status == 503 else { throw Poll.Observation("GET /v1/plan: \(answer)") }
        var plan = try answer.decode(PlanDocument.self)
        plan.httpStatus = answer.status
        return plan
    }

    func broker(_ id: Int) async throws -> BrokerDocument {
        let answer = try await get("/v1/brokers/\(id)")
        guard answer.status == 200 else { throw Poll.Observation("GET /v1/brokers/\(id): \(answer)") }
        return try answer.decode(BrokerDocument.self)
    }

    func brokers(count: Int) async throws -> [BrokerDocument] {
        var brokers: [BrokerDocument] = []
        for id in 0..<count { brokers.append(try await broker(id)) }
        return brokers
    }

    func targetID() async throws -> String {
        let answer = try await get("/v1/configurations/targetId")
        guard answer.status == 200 else { throw Poll.Observation("GET /v1/configurations/targetId: \(answer)") }
        return try answer.decode(String.self)
    }

    /// Waits until `GET /v1/plan` answers 200 with status Complete and returns the plan.
    func awaitPlanComplete(
        timeout: Duration = .seconds(90), diagnostics: () -> String = { "" }
    ) async throws -> PlanDocument {
        try await eventually("GET /v1/plan to answer 200 Complete", timeout: timeout, diagnostics: diagnostics) {
            let plan = try await plan()
            guard plan.httpStatus == 200, plan.status == "Complete" else { throw Poll.Observation(plan.summary) }
            return plan
        }
    }
}

/// `GET /v1/plan`.
struct PlanDocument: Decodable, Sendable {
    struct Block: Decodable, Sendable {
        let id: String
        let name: String
        let status: String
        let message: String
        let hasDecisionPoint: Bool
    }

    struct Phase: Decodable, Sendable {
        let id: String
        let name: String
        let status: String
        let blocks: [Block]
    }

    let status: String
    let errors: [String]
    let phases: [Phase]
    /// The HTTP status it was answered with.
    var httpStatus = 0

    enum CodingKeys: String, CodingKey {
        case status, errors, phases
    }

    /// The `Update to: <target>` phase.
    var updatePhase: Phase? { phases.first { $0.name.hasPrefix("Update to: ") } }

    func block(_ name: String) -> Block? { updatePhase?.blocks.first { $0.name == name } }

    /// One line per phase and block, for messages.
    var summary: String {
        var lines = ["HTTP \(httpStatus) plan \(status) errors=\(errors)"]
        for phase in phases {
            lines.append("  \(phase.name): \(phase.status)")
            for block in phase.blocks {
                lines.append(
                    "    \(block.name): \(block.status)\(block.hasDecisionPoint ? " (decision point)" : "") — "
                        + block.message)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `GET /v1/brokers/<id>`.
struct BrokerDocument: Decodable, Sendable, CustomStringConvertible {
    let id: Int
    let name: String
    let state: String
    let taskId: String?
    let configurationId: String?
    let agentId: String?
    let hostname: String?
    let port: Int?
    let registered: Bool?
    let statusMessage: String?

    var description: String {
        "\(name) \(state) task=\(taskId ?? "-") config=\(configurationId ?? "-") agent=\(agentId ?? "-") "
            + "port=\(port.map(String.init) ?? "-") registered=\(registered.map(String.init) ?? "-")"
    }
}

/// The answer of `POST /v1/plan/<command>`.
struct PlanCommandAnswer: Decodable, Sendable {
    struct Ref: Decodable, Sendable {
        let id: String
        let name: String
    }

    let outcome: String
    let message: String
    let detail: String
    let block: Ref?
    let phase: Ref
}

extension SchedulerAPIClient {
    /// `POST /v1/plan/<command>`; throws unless it answers 200.
    func planCommand(_ command: String) async throws -> PlanCommandAnswer {
        let answer = try await post("/v1/plan/\(command)")
        guard answer.status == 200 else { throw EndToEndError("POST /v1/plan/\(command): \(answer)") }
        return try answer.decode(PlanCommandAnswer.self)
    }

    /// Waits until block `name` of the update phase has `status` (and, when given, a decision point or not).
    @discardableResult
    func awaitBlock(
        _ name: String, _ status: String, hasDecisionPoint: Bool? = nil, timeout: Duration = .seconds(60),
        diagnostics: () -> String = { "" }
    ) async throws -> PlanDocument {
        try await eventually("\(name) to be \(status)", timeout: timeout, diagnostics: diagnostics) {
            let plan = try await plan()
            guard let block = plan.block(name), block.status == status,
                hasDecisionPoint == nil || block.hasDecisionPoint == hasDecisionPoint
            else { throw Poll.Observation(plan.summary) }
            return plan
        }
    }
}

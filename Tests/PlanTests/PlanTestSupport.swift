import Foundation
import Plan

let targetA = "d5c33781-a2b8-4426-86d7-3c6e23d89633"
let targetB = "5e56ff27-94c3-415d-aae8-a24f6ed5b42d"

/// A plan with reconciliation complete.
func reconciledPlan(count: Int = 3, strategy: PhaseStrategy = .install, target: String = targetA) -> PlanEngine {
    var engine = PlanEngine(targetID: target, brokerCount: count, strategy: strategy)
    engine.observeReconciliation(.complete)
    return engine
}

extension PlanEngine {
    func block(_ broker: Int) -> BlockSnapshot { snapshot().phases[1].blocks[broker] }
    var blockStatuses: [PlanStatus] { snapshot().phases[1].blocks.map(\.status) }
    var updatePhase: PhaseSnapshot { snapshot().phases[1] }
    var reconciliationPhase: PhaseSnapshot { snapshot().phases[0] }
}

func json<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try CanonicalJSON.encodePretty(value), as: UTF8.self)
}

import Foundation
import Plan
import Testing

@Suite struct PlanProgressTests {
    /// A plan in the middle of a STAGE rollout with every kind of progress in it.
    func busyPlan() throws -> PlanEngine {
        var engine = reconciledPlan(count: 5, strategy: .stage)
        try engine.apply(PlanCommand(.continue))  // broker-0 starts
        engine.observe(broker: 0, .ready)
        try engine.apply(PlanCommand(.forceComplete, blockID: engine.block(1).id))
        try engine.apply(PlanCommand(.restart, blockID: engine.block(0).id))  // relaunch requested, in progress
        engine.observe(broker: 0, .waiting(for: "broker 0 to be killed"))
        try engine.apply(PlanCommand(.continue, blockID: engine.block(3).id))  // released ahead of time
        try engine.apply(PlanCommand(.interrupt))
        return engine
    }

    @Test func persistedProgressRestoresTheSamePlan() throws {
        let engine = try busyPlan()
        let data = try CanonicalJSON.encode(engine.progress)
        let decoded = try JSONDecoder().decode(PlanProgress.self, from: data)
        #expect(decoded == engine.progress)

        var restored = try PlanEngine(restoring: decoded)
        #expect(restored.progress == engine.progress)
        #expect(restored.targetID == targetA)
        #expect(restored.strategy == .stage)
        #expect(restored.isInterrupted)
        // A new scheduler process reconciles again before it acts.
        #expect(restored.reconciliationPhase.status == .pending)
        #expect(restored.work == nil)

        restored.observeReconciliation(.complete)
        #expect(restored.snapshot() == engine.snapshot())
        #expect(try CanonicalJSON.encode(restored.snapshot()) == CanonicalJSON.encode(engine.snapshot()))
        #expect(restored.statusSnapshot() == engine.statusSnapshot())
        #expect(restored.work == engine.work)
        #expect(restored.work == PlanWork(broker: 0, blockID: engine.block(0).id, blockName: "broker-0", relaunch: true))
        #expect(restored.block(0).message == "Broker-0 is InProgress: waiting for broker 0 to be killed")
        #expect(restored.block(1).message == "Broker-1 is Complete (forced)")
        #expect(!restored.block(3).hasDecisionPoint)
        #expect(restored.block(4).hasDecisionPoint)
    }

    @Test func progressEncodingIsDeterministic() throws {
        let first = try CanonicalJSON.encode(try busyPlan().progress)
        let second = try CanonicalJSON.encode(try busyPlan().progress)
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix(#"{"blocks":[{"inProgress":{"relaunch":true,"waitingFor":"broker 0 to be killed"}}"#))
        #expect(text.hasSuffix(#""interrupted":true,"strategy":"STAGE","targetID":"\#(targetA)","version":1}"#))
    }

    @Test func decodingToleratesFieldsAddedLater() throws {
        let json = #"""
            {"blocks":[{"complete":{"forced":false,"by":"x"}},{"pending":{"decisionPointReleased":true,"relaunch":false}}],
             "interrupted":false,"strategy":"INSTALL","targetID":"t1","version":1,"addedLater":{"a":1}}
            """#
        let progress = try JSONDecoder().decode(PlanProgress.self, from: Data(json.utf8))
        var engine = try PlanEngine(restoring: progress)
        engine.observeReconciliation(.complete)
        #expect(engine.blockStatuses == [.complete, .inProgress])
    }

    @Test func progressFromANewerLayoutIsRefused() throws {
        let json = #"{"blocks":[],"interrupted":false,"strategy":"INSTALL","targetID":"t1","version":2}"#
        let progress = try JSONDecoder().decode(PlanProgress.self, from: Data(json.utf8))
        #expect(throws: PlanProgressError.unsupportedVersion(2)) { try PlanEngine(restoring: progress) }
        let empty = #"{"blocks":[],"interrupted":false,"strategy":"INSTALL","targetID":"","version":1}"#
        let noTarget = try JSONDecoder().decode(PlanProgress.self, from: Data(empty.utf8))
        #expect(throws: PlanProgressError.missingTargetID) { try PlanEngine(restoring: noTarget) }
    }

    @Test func idsAreStableForATargetAndDifferAcrossTargets() throws {
        let first = reconciledPlan(count: 3).snapshot()
        let again = PlanEngine(targetID: targetA, brokerCount: 3, strategy: .stage).snapshot()
        let other = reconciledPlan(count: 3, target: targetB).snapshot()
        let ids = first.phases.flatMap { [$0.id] + $0.blocks.map(\.id) }
        #expect(ids == again.phases.flatMap { [$0.id] + $0.blocks.map(\.id) })
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids).isDisjoint(with: other.phases.flatMap { [$0.id] + $0.blocks.map(\.id) }))
        for id in ids {
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.lowercasedString == id)
            #expect(Array(id)[14] == "5", "name-based (version 5) UUID")
        }
        // Restarted with a bigger plan for the same target, existing blocks keep their ids.
        let bigger = reconciledPlan(count: 4).snapshot()
        #expect(Array(bigger.phases[1].blocks.prefix(3)) .map(\.id) == first.phases[1].blocks.map(\.id))
    }
}

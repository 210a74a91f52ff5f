import Foundation
import Plan
import Testing

/// The seed's example bodies, byte for byte, with the seed's ids replaced by the ids our engine derives.
@Suite struct PlanJSONTests {
    /// Verbatim from the seed API reference (seeds/000_00f4c72c09a65f1c.txt).
    static let seedPlan = """
        {
            "errors": [],
            "phases": [
                {
                    "blocks": [
                        {
                            "hasDecisionPoint": false,
                            "id": "019eaab4-4082-4e38-ab01-a5d2a825cf8d",
                            "message": "Reconciliation complete",
                            "name": "Reconciliation",
                            "status": "Complete"
                        }
                    ],
                    "id": "a58d1e15-15b8-47a3-84d7-ae36b13a5ba8",
                    "name": "Reconciliation",
                    "status": "Complete"
                },
                {
                    "blocks": [
                        {
                            "hasDecisionPoint": false,
                            "id": "8a727290-062a-44bf-87ba-3ebfe005aa18",
                            "message": "Broker-0 is Complete",
                            "name": "broker-0",
                            "status": "Complete"
                        },
                        {
                            "hasDecisionPoint": false,
                            "id": "5d2aa9d9-5eda-4a13-aea1-9d98e4cf7ea7",
                            "message": "Broker-1 is Complete",
                            "name": "broker-1",
                            "status": "Complete"
                        },
                        {
                            "hasDecisionPoint": false,
                            "id": "7f6762b6-7a51-4df2-bb4d-b82b75623938",
                            "message": "Broker-2 is Complete",
                            "name": "broker-2",
                            "status": "Complete"
                        }
                    ],
                    "id": "e442fd2e-8f6b-4ddb-ac9f-78cd1da2c422",
                    "name": "Update to: d5c33781-a2b8-4426-86d7-3c6e23d89633",
                    "status": "Complete"
                }
            ],
            "status": "Complete"
        }
        """

    /// Verbatim from the seed API reference (seeds/000_00f4c72c09a65f1c.txt).
    static let seedStatusInProgress = """
        {
            "block": {
                "has_decision_point": false,
                "id": "498d30f5-248d-4e8d-a857-305d3d709c83",
                "message": "Broker-0 is InProgress",
                "name": "broker-0",
                "status": "InProgress"
            },
            "phase": {
                "block_count": 3,
                "id": "0d3cb059-d94b-4d73-8c8a-586ba3f4c75f",
                "name": "Update to: 5e56ff27-94c3-415d-aae8-a24f6ed5b42d",
                "status": "InProgress"
            },
            "stage": {
                "errors": [],
                "phase_count": 2,
                "status": "InProgress"
            }
        }
        """

    /// Verbatim from the seed API reference (seeds/000_00f4c72c09a65f1c.txt).
    static let seedStatusComplete = """
        {
            "stage": {
                "errors": [],
                "phase_count": 2,
                "status": "Complete"
            }
        }
        """

    func replacing(_ text: String, _ pairs: [(String, String)]) -> String {
        pairs.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    @Test func planBodyMatchesTheSeed() throws {
        var engine = reconciledPlan(count: 3, target: "d5c33781-a2b8-4426-86d7-3c6e23d89633")
        for broker in 0..<3 { engine.observe(broker: broker, .ready) }
        let snapshot = engine.snapshot()
        let expected = replacing(Self.seedPlan, [
            ("019eaab4-4082-4e38-ab01-a5d2a825cf8d", snapshot.phases[0].blocks[0].id),
            ("a58d1e15-15b8-47a3-84d7-ae36b13a5ba8", snapshot.phases[0].id),
            ("8a727290-062a-44bf-87ba-3ebfe005aa18", snapshot.phases[1].blocks[0].id),
            ("5d2aa9d9-5eda-4a13-aea1-9d98e4cf7ea7", snapshot.phases[1].blocks[1].id),
            ("7f6762b6-7a51-4df2-bb4d-b82b75623938", snapshot.phases[1].blocks[2].id),
            ("e442fd2e-8f6b-4ddb-ac9f-78cd1da2c422", snapshot.phases[1].id),
        ])
        #expect(try json(snapshot) == expected)
        // The compact form is the same document without the layout.
        let compact = String(decoding: try CanonicalJSON.encode(snapshot), as: UTF8.self)
        #expect(compact.hasPrefix(#"{"errors":[],"phases":[{"blocks":[{"hasDecisionPoint":false,"id":""#))
        #expect(String(decoding: CanonicalJSON.prettyPrinted(Data(compact.utf8)), as: UTF8.self) == expected)
        #expect(try JSONDecoder().decode(PlanSnapshot.self, from: Data(expected.utf8)) == snapshot)
    }

    @Test func statusBodyInProgressMatchesTheSeed() throws {
        let engine = reconciledPlan(count: 3, target: "5e56ff27-94c3-415d-aae8-a24f6ed5b42d")
        let status = engine.statusSnapshot()
        let expected = replacing(Self.seedStatusInProgress, [
            ("498d30f5-248d-4e8d-a857-305d3d709c83", engine.block(0).id),
            ("0d3cb059-d94b-4d73-8c8a-586ba3f4c75f", engine.updatePhase.id),
        ])
        #expect(try json(status) == expected)
    }

    @Test func statusBodyCompleteOmitsBlockAndPhase() throws {
        var engine = reconciledPlan(count: 3)
        for broker in 0..<3 { engine.observe(broker: broker, .ready) }
        #expect(try json(engine.statusSnapshot()) == Self.seedStatusComplete)
    }

    @Test func statusBodyDuringReconciliationShowsTheReconciliationBlock() throws {
        var engine = PlanEngine(targetID: targetA, brokerCount: 3, strategy: .install)
        engine.observeReconciliation(.inProgress(unansweredTasks: 1))
        let status = engine.statusSnapshot()
        #expect(status.block?.name == "Reconciliation")
        #expect(status.block?.message == "Reconciliation in progress: waiting for the status of 1 task")
        #expect(status.phase?.blockCount == 1)
        #expect(status.phase?.name == "Reconciliation")
        #expect(status.stage.status == .inProgress)
    }

    @Test func statusBodyShowsTheWaitingDecisionPoint() throws {
        let engine = reconciledPlan(count: 3, strategy: .stage)
        let compact = String(decoding: try CanonicalJSON.encode(engine.statusSnapshot()), as: UTF8.self)
        #expect(compact == #"{"block":{"has_decision_point":true,"id":"\#(engine.block(0).id)","#
            + #""message":"Broker-0 is Waiting: decision point, waiting for continue","name":"broker-0","#
            + #""status":"Waiting"},"phase":{"block_count":3,"id":"\#(engine.updatePhase.id)","#
            + #""name":"Update to: \#(targetA)","status":"Waiting"},"#
            + #""stage":{"errors":[],"phase_count":2,"status":"Waiting"}}"#)
    }

    @Test func errorsAppearInBothBodies() throws {
        var engine = reconciledPlan(count: 1)
        engine.setErrors(["BROKER_DISK changed from 5000 to 6000"])
        let plan = String(decoding: try CanonicalJSON.encode(engine.snapshot()), as: UTF8.self)
        #expect(plan.hasPrefix(#"{"errors":["BROKER_DISK changed from 5000 to 6000"],"#))
        #expect(plan.hasSuffix(#""status":"Error"}"#))
        #expect(engine.statusSnapshot().stage.errors == ["BROKER_DISK changed from 5000 to 6000"])
    }

    @Test func prettyPrinterKeepsStringsIntact() {
        let compact = #"{"a":"x,{}[]:\"y","b":[],"c":{},"d":[1,{"e":null}]}"#
        let pretty = String(decoding: CanonicalJSON.prettyPrinted(Data(compact.utf8)), as: UTF8.self)
        #expect(pretty == """
            {
                "a": "x,{}[]:\\"y",
                "b": [],
                "c": {},
                "d": [
                    1,
                    {
                        "e": null
                    }
                ]
            }
            """)
    }
}

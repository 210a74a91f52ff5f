import Foundation
import Testing

@testable import Mesos

/// The master's stateless call validation, with Mesos's messages.
@Suite struct CallValidationTests {
    @Test func wellFormedCallsPass() throws {
        for call in ProtoCheckTests.calls.map(\.1) {
            #expect(call.validationError == nil, "\(call.type)")
        }
        for file in Fixtures.callFiles {
            for document in try Fixtures.documents(file) {
                let call = try MesosJSON.decode(Call.self, from: document)
                #expect(call.validationError == nil, "\(file) \(call.type)")
            }
        }
    }

    @Test func missingPiecesAreNamed() {
        let info = FrameworkInfo(user: "u", name: "n", id: "F")
        let cases: [(Call, String)] = [
            (Call(type: .unknown), "Expecting 'type' to be present"),
            (Call(type: .subscribe), "Expecting 'subscribe' to be present"),
            (
                Call(type: .subscribe, frameworkID: "G", subscribe: .init(frameworkInfo: info)),
                "'framework_id' differs from 'subscribe.framework_info.id'"
            ),
            (
                Call(type: .subscribe, subscribe: .init(frameworkInfo: info)),
                "'framework_id' differs from 'subscribe.framework_info.id'"
            ),
            (Call(type: .teardown), "Expecting 'framework_id' to be present"),
            (Call(type: .accept, frameworkID: "F"), "Expecting 'accept' to be present"),
            (Call(type: .decline, frameworkID: "F"), "Expecting 'decline' to be present"),
            (Call(type: .kill, frameworkID: "F"), "Expecting 'kill' to be present"),
            (Call(type: .shutdown, frameworkID: "F"), "Expecting 'shutdown' to be present"),
            (Call(type: .acknowledge, frameworkID: "F"), "Expecting 'acknowledge' to be present"),
            (Call(type: .reconcile, frameworkID: "F"), "Expecting 'reconcile' to be present"),
            (Call(type: .message, frameworkID: "F"), "Expecting 'message' to be present"),
            (Call(type: .request, frameworkID: "F"), "Expecting 'request' to be present"),
            (Call(type: .updateFramework, frameworkID: "F"), "Expecting 'update_framework' to be present"),
            (Call.updateFramework(FrameworkInfo(user: "u", name: "n")), "Expecting 'framework_id' to be present"),
            (
                Call.acknowledgeOperationStatus(frameworkID: "F", operationID: "o", uuid: exampleUUID),
                "Expecting 'agent_id' to be present"
            ),
        ]
        for (call, reason) in cases {
            #expect(call.validationError == reason, "\(call.type)")
        }
        #expect(Call(type: .revive, frameworkID: "F").validationError == nil)
        #expect(Call(type: .suppress, frameworkID: "F").validationError == nil)
        #expect(Call.subscribe(FrameworkInfo(user: "u", name: "n")).validationError == nil)
    }

    @Test func acknowledgementsNeedARealUUID() {
        func ack(_ bytes: Data) -> Call {
            Call.acknowledge(frameworkID: "F", agentID: "S", taskID: "t", uuid: bytes)
        }
        #expect(ack(exampleUUID).validationError == nil)
        #expect(ack(Data("hello".utf8)).validationError == "Not a valid UUID")
        #expect(ack(Data(repeating: 0, count: 16)).validationError == "Not a valid UUID")
        #expect(ack(Data(repeating: 0, count: 17)).validationError == "Not a valid UUID")
        for _ in 0..<100 {
            let bytes = MesosUUID.randomBytes()
            #expect(bytes.count == 16 && MesosUUID.isValid(bytes))
            #expect(ack(bytes).validationError == nil)
        }
        // A slice whose indices do not start at zero.
        #expect(MesosUUID.isValid((Data([0xFF]) + exampleUUID).dropFirst()))
    }
}

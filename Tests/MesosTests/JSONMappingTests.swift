import Foundation
import Testing

@testable import Mesos

/// The Mesos JSON mapping: names, enums, bytes, integers, null, unknown fields and values.
@Suite struct JSONMappingTests {
    @Test func unknownFieldsAreIgnored() throws {
        let text = """
            {"type":"UPDATE","new_top_level":{"x":[1,2,{"y":null}]},"update":{"status":{
             "task_id":{"value":"t","extra":true},"state":"TASK_RUNNING","future_field":"v",
             "limitation":{"resources":[]}}}}
            """
        let event = try MesosJSON.decode(Event.self, from: text)
        #expect(event.update?.status.taskID == "t")
        #expect(event.update?.status.state == .running)
        // Known-but-uninterpreted fields survive; unknown ones are dropped on re-encoding.
        let again = try encodedString(event)
        #expect(!again.contains("future_field") && !again.contains("new_top_level"))
        #expect(again.contains("\"limitation\":{\"resources\":[]}"))
    }

    @Test func unknownEnumValuesAreKeptAndRoundTrip() throws {
        let text = """
            {"type":"TELEPORT","update":{"status":{"task_id":{"value":"t"},"state":"TASK_FROZEN",
             "reason":"REASON_COSMIC_RAY","source":"SOURCE_ORACLE"}}}
            """
        let event = try MesosJSON.decode(Event.self, from: text)
        #expect(event.type == .unrecognized("TELEPORT"))
        #expect(!event.type.isKnown)
        let status = try #require(event.update?.status)
        #expect(status.state == .unrecognized("TASK_FROZEN"))
        #expect(!status.state.isTerminal)
        #expect(status.reason == .unrecognized("REASON_COSMIC_RAY"))
        #expect(status.source == .unrecognized("SOURCE_ORACLE"))
        #expect(try JSONTree(parsing: MesosJSON.encode(event)) == JSONTree(parsing: text))
    }

    @Test func anUnknownValueInsideAnOfferDoesNotLoseTheEvent() throws {
        let text = """
            {"type":"OFFERS","offers":{"offers":[{"id":{"value":"O"},"framework_id":{"value":"F"},
             "agent_id":{"value":"S"},"hostname":"h","resources":[
              {"name":"cpus","type":"SCALAR","scalar":{"value":2}},
              {"name":"fpga","type":"MATRIX"},
              {"name":"disk","type":"SCALAR","scalar":{"value":10},"reservations":[{"type":"ELASTIC","role":"r"}],
               "disk":{"source":{"type":"NVME","id":"d1"}}}],
             "attributes":[{"name":"zone","type":"GEO"}]}]}}
            """
        let event = try MesosJSON.decode(Event.self, from: text)
        let offer = try #require(event.offers?.offers.first)
        #expect(offer.resources.map(\.type) == [.scalar, .unrecognized("MATRIX"), .scalar])
        #expect(offer.resources[2].reservations.first?.type == .unrecognized("ELASTIC"))
        #expect(offer.resources[2].disk?.source?.type == .unrecognized("NVME"))
        #expect(offer.attributes.first?.type == .unrecognized("GEO"))
        // Arithmetic skips what it cannot interpret.
        #expect(Resources(offer.resources).cpus == 2)
        #expect(try JSONTree(parsing: MesosJSON.encode(event)) == JSONTree(parsing: text))
    }

    @Test func everyKnownEnumValueRoundTrips() throws {
        func check<E: MesosEnum>(_ type: E.Type) throws {
            for value in E.knownValues {
                #expect(E(wireName: value.wireName) == value)
                let encoded = try encodedString([value])
                #expect(encoded == "[\"\(value.wireName)\"]")
                #expect(try MesosJSON.decode([E].self, from: encoded) == [value])
            }
            #expect(Set(E.knownValues.map(\.wireName)).count == E.knownValues.count)
        }
        try check(Call.CallType.self)
        try check(Event.EventType.self)
        try check(TaskState.self)
        try check(TaskStatus.Reason.self)
        try check(TaskStatus.Source.self)
        try check(Offer.Operation.OperationType.self)
        try check(FrameworkInfo.Capability.CapabilityType.self)
        try check(MasterInfo.Capability.CapabilityType.self)
        try check(Value.ValueType.self)
        try check(Resource.ReservationInfo.ReservationType.self)
        try check(Resource.DiskInfo.Source.SourceType.self)
        try check(Volume.Mode.self)
        try check(Environment.Variable.VariableType.self)
        try check(ExecutorInfo.ExecutorType.self)
        try check(OperationState.self)
        #expect(Call.CallType.knownValues.count == 18)
        #expect(Event.EventType.knownValues.count == 12)
        #expect(TaskState.knownValues.count == 14)
    }

    @Test func integersAreReadFromNumbersAndNumericStrings() throws {
        let text = """
            {"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_UNREACHABLE",
             "unreachable_time":{"nanoseconds":"1716200000500000000"},
             "container_status":{"executor_pid":"4242"}}}}
            """
        let status = try #require(try MesosJSON.decode(Event.self, from: text).update?.status)
        #expect(status.unreachableTime?.nanoseconds == 1_716_200_000_500_000_000)
        #expect(status.containerStatus?.executorPID == 4242)

        let ranges = try MesosJSON.decode(Value.Ranges.self, from: #"{"range":[{"begin":"31000","end":31099}]}"#)
        #expect(ranges == Value.Ranges([31000...31099]))
        let big = try MesosJSON.decode(
            Value.Range.self, from: #"{"begin":"18446744073709551615","end":18446744073709551615}"#)
        #expect(big.begin == .max && big.end == .max)
        let master = try MesosJSON.decode(MasterInfo.self, from: #"{"id":"m","ip":"16777343","port":"5050"}"#)
        #expect(master.ip == 16_777_343 && master.port == 5050)
        let failure = try MesosJSON.decode(Event.self, from: #"{"type":"FAILURE","failure":{"status":"-9"}}"#)
        #expect(failure.failure?.status == -9)

        // Written back as numbers.
        #expect(try encodedString(ranges) == #"{"range":[{"begin":31000,"end":31099}]}"#)
        #expect(
            try encodedString(TimeInfo(nanoseconds: 1_716_200_000_500_000_000))
                == #"{"nanoseconds":1716200000500000000}"#)
    }

    @Test func badIntegersAreTypedErrors() throws {
        let error = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(Value.Range.self, from: #"{"begin":"31k","end":1}"#)
        }
        #expect(error.kind == .invalidValue)
        #expect(error.path == "begin")
        #expect(error.description.contains("31k"))
    }

    @Test func nullMeansUnset() throws {
        let text = """
            {"framework_id":null,"type":"KILL","kill":{"task_id":{"value":"t"},"agent_id":null,"kill_policy":null},
             "accept":null}
            """
        let call = try MesosJSON.decode(Call.self, from: text)
        #expect(call.frameworkID == nil && call.accept == nil)
        #expect(call.kill == Call.Kill(taskID: "t"))
        let offer = try MesosJSON.decode(
            Offer.self,
            from: """
                {"id":{"value":"O"},"framework_id":{"value":"F"},"agent_id":{"value":"S"},"hostname":"h",
                 "resources":null,"attributes":null,"url":null}
                """)
        #expect(offer.resources.isEmpty && offer.url == nil)
    }

    @Test func bytesAreBase64() throws {
        let ack = Call.acknowledge(frameworkID: "F", agentID: "S", taskID: "t", uuid: exampleUUID)
        #expect(try encodedString(ack).contains(#""uuid":"Wt/XLY8kS366/pdTDZ4Z+Q==""#))
        let decoded = try MesosJSON.decode(Call.self, from: try MesosJSON.encode(ack))
        #expect(decoded.acknowledge?.uuid == exampleUUID)
        #expect(decoded.acknowledge?.uuid.count == 16)

        // Proto JSON parsers also accept URL-safe and unpadded base64.
        for spelling in ["Wt_XLY8kS366_pdTDZ4Z-Q==", "Wt/XLY8kS366/pdTDZ4Z+Q", "Wt_XLY8kS366_pdTDZ4Z-Q"] {
            let status = try MesosJSON.decode(
                TaskStatus.self, from: #"{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"\#(spelling)"}"#
            )
            #expect(status.uuid == exampleUUID, "\(spelling)")
        }
        let error = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(
                TaskStatus.self, from: #"{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"*!"}"#)
        }
        #expect(error.path == "uuid")
        #expect(error.kind == .invalidValue)
    }

    @Test func doublesAreWrittenWithAFraction() throws {
        #expect(try encodedString(Filters(refuseSeconds: 5)) == #"{"refuse_seconds":5.0}"#)
        #expect(try encodedString(Value.Scalar(value: 0.1)) == #"{"value":0.1}"#)
        #expect(try encodedString(Value.Scalar(value: 4096)) == #"{"value":4096.0}"#)
        #expect(try encodedString(Value.Scalar(value: -2)) == #"{"value":-2.0}"#)
        #expect(try encodedString(Value.Scalar(value: 1716200000.123)) == #"{"value":1716200000.123}"#)
        #expect(try encodedString(Value.Scalar(value: 1e16)) == #"{"value":1e+16}"#)
        #expect(try encodedString(Value.Scalar(value: 1e-7)) == #"{"value":1e-07}"#)
        #expect(try encodedString([Double.nan, .infinity, -.infinity]) == #"["NaN","Infinity","-Infinity"]"#)
        // What we write is the shortest text that reads back as the same double.
        for value in [0.0, 1.0, 3.5, 0.001, 1e300, 123456789.987654321, 604_800, .leastNonzeroMagnitude] {
            let text = try encodedString([value])
            #expect(Double(text.dropFirst().dropLast()) == value, "\(text)")
            #expect(try MesosJSON.decode([Double].self, from: text) == [value], "\(text)")
        }
    }

    @Test func stringsAreEscaped() throws {
        let tricky = "quote\" backslash\\ newline\n tab\t bell\u{07} unicode é ✓ 🚀 slash/"
        let text = try encodedString(Label(key: "k", value: tricky))
        #expect(text.contains(#"quote\" backslash\\ newline\n tab\t bell\u0007"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(parsed?["value"] == tricky)
        #expect(try MesosJSON.decode(Label.self, from: text).value == tricky)
    }

    @Test func missingRequiredFieldsAreTypedErrors() throws {
        let error = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(Call.self, from: #"{"type":"KILL","kill":{"agent_id":{"value":"S"}}}"#)
        }
        #expect(error.kind == .missingField)
        #expect(error.path == "kill.task_id")
        #expect(error.typeName == "Call")

        // camelCase keys are not field names: Mesos ignores them, so the field is missing.
        let camel = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(Call.self, from: #"{"type":"KILL","kill":{"taskId":{"value":"t"}}}"#)
        }
        #expect(camel.path == "kill.task_id")
    }

    @Test func invalidJSONIsATypedError() throws {
        let error = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(Event.self, from: #"{"type":"HEARTBEAT""#)
        }
        #expect(error.kind == .invalidJSON)
        let wrongType = try #require(throws: MesosJSONError.self) {
            try MesosJSON.decode(Event.self, from: #"{"type":7}"#)
        }
        #expect(wrongType.kind == .invalidValue && wrongType.path == "type")
    }

    @Test func absentTypeReadsAsUnknown() throws {
        #expect(try MesosJSON.decode(Call.self, from: "{}").type == .unknown)
        #expect(try MesosJSON.decode(Event.self, from: "{}").type == .unknown)
        #expect(try MesosJSON.decode(Offer.Operation.self, from: "{}").type == .unknown)
    }

    @Test func emptyRepeatedFieldsAreLeftOutAndEmptyBodiesKept() throws {
        #expect(
            try encodedString(Call.reconcile(frameworkID: "F"))
                == #"{"framework_id":{"value":"F"},"type":"RECONCILE","reconcile":{}}"#)
        #expect(try encodedString(Call.revive(frameworkID: "F")) == #"{"framework_id":{"value":"F"},"type":"REVIVE"}"#)
        #expect(
            try encodedString(Call.suppress(frameworkID: "F", roles: ["kafka"]))
                == #"{"framework_id":{"value":"F"},"type":"SUPPRESS","suppress":{"roles":["kafka"]}}"#)
        #expect(try encodedString(Event.heartbeat) == #"{"type":"HEARTBEAT"}"#)
    }

    @Test func bothOfferFormatsNormaliseToTheSamePool() throws {
        let pre = try #require(
            try MesosJSON.decode(Event.self, from: Fixtures.data("offers_prerefinement.json")).offers?.offers.first)
        let post = try #require(
            try MesosJSON.decode(Event.self, from: Fixtures.data("offers_refinement.json")).offers?.offers.first)

        let prePool = Resources(pre.resources)
        #expect(prePool.unreserved.cpus == 3.5)
        #expect(prePool.reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"]).cpus == 1)
        #expect(prePool.reserved(role: "kafka").mem == 2048)
        #expect(
            prePool.reserved(role: "kafka").resources.first { $0.name == "mem" }?.reservations.first?.type == .static)
        #expect(prePool.volume(persistenceID: "kafka-broker-0-data")?.scalarValue == 5000)

        let postPool = Resources(post.resources)
        #expect(postPool.reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"]).cpus == 1)
        #expect(postPool.volume(persistenceID: "kafka-broker-0-data", role: "kafka")?.scalarValue == 5000)

        // The broker-0 reservation matches the same way in both formats.
        let reservedCPU = Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])
            .allocated(to: "kafka")
        #expect(prePool.contains(reservedCPU) && postPool.contains(reservedCPU))
        let preformat = try reservedCPU.toPreRefinement()
        #expect(preformat.role == "kafka" && preformat.reservations.isEmpty)
        #expect(prePool.contains(preformat) && postPool.contains(preformat))
    }
}

import Foundation
import Testing

@testable import Mesos

/// Every shared example decodes, and re-encodes to a semantically equal document.
@Suite struct ExampleRoundTripTests {
    @Test(arguments: Fixtures.callFiles)
    func callsRoundTrip(file: String) throws {
        for document in try Fixtures.documents(file) {
            let call = try MesosJSON.decode(Call.self, from: document)
            #expect(call.type.isKnown)
            let encoded = try MesosJSON.encode(call)
            let original = try JSONTree(parsing: document)
            let again = try JSONTree(parsing: encoded)
            #expect(original == again, "\(file): \(original.difference(from: again) ?? "")")
            // Decoding what we wrote gives the same value.
            #expect(try MesosJSON.decode(Call.self, from: encoded) == call)
        }
    }

    @Test(arguments: Fixtures.eventFiles)
    func eventsRoundTrip(file: String) throws {
        for document in try Fixtures.documents(file) {
            let event = try MesosJSON.decode(Event.self, from: document)
            #expect(event.type.isKnown)
            let encoded = try MesosJSON.encode(event)
            let original = try JSONTree(parsing: document)
            let again = try JSONTree(parsing: encoded)
            #expect(original == again, "\(file): \(original.difference(from: again) ?? "")")
            #expect(try MesosJSON.decode(Event.self, from: encoded) == event)
        }
    }

    @Test func acceptDecodesIntoTypedOperations() throws {
        let call = try MesosJSON.decode(Call.self, from: Fixtures.data("accept.json"))
        #expect(call.type == .accept)
        #expect(call.frameworkID == "5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-0000")
        let accept = try #require(call.accept)
        #expect(accept.offerIDs == ["5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-O17"])
        #expect(accept.operations.map(\.type) == [.reserve, .create, .launch])
        #expect(accept.filters?.refuseSeconds == 5.0)

        let reserved = try #require(accept.operations[0].reserve?.resources.first)
        #expect(reserved.name == "cpus" && reserved.scalar?.value == 1.0)
        #expect(
            reserved.reservations == [
                .dynamic(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "1"])
            ])
        #expect(reserved.allocationInfo?.role == "kafka")

        let volume = try #require(accept.operations[1].create?.volumes.first)
        #expect(volume.disk?.persistence == .init(id: "kafka-broker-1-data", principal: "kafka-fw"))
        #expect(volume.disk?.volume == Volume(mode: .readWrite, containerPath: "kafka-data"))

        let task = try #require(accept.operations[2].launch?.taskInfos.first)
        #expect(task.name == "kafka-broker-1")
        #expect(task.taskID == "kafka-broker-1__a1b2")
        #expect(task.command?.shell == true)
        #expect(
            task.command?.uris == [.init(value: "http://repo.local/kafka_2.13-3.7.0.tgz", extract: true, cache: false)])
        #expect(task.command?.environment?["PORT0"] == "31000")
        #expect(task.killPolicy?.gracePeriod?.nanoseconds == 30_000_000_000)
        #expect(task.labels?["broker_id"] == "1")
        #expect(Resources(task.resources).ports == Value.Ranges([31000...31000]))
    }

    @Test func miscCallsCoverEveryBody() throws {
        let calls = try JSONDecoder().decode([JSONValue].self, from: Fixtures.data("misc_calls.json")).map {
            try MesosJSON.decode(Call.self, from: MesosJSON.encode($0))
        }
        let byType = Dictionary(grouping: calls, by: \.type)
        #expect(byType[.decline]?.first?.decline?.filters?.refuseSeconds == 3600)
        #expect(byType[.revive]?.first?.revive?.roles == ["kafka"])
        #expect(byType[.suppress]?.first?.suppress?.roles == ["kafka"])
        #expect(byType[.kill]?.first?.kill?.killPolicy?.gracePeriod?.seconds == 30)
        let reconciles = try #require(byType[.reconcile])
        #expect(reconciles.map { $0.reconcile?.tasks.count } == [1, 0])
        #expect(byType[.shutdown]?.first?.shutdown == .init(executorID: "e", agentID: "S"))
        #expect(byType[.message]?.first?.message?.data == Data("hello".utf8))
        #expect(byType[.request]?.first?.request?.requests == [ResourceRequest(agentID: "S")])
        #expect(byType[.teardown]?.first?.frameworkID == "F")
        #expect(byType[.acknowledgeOperationStatus]?.first?.acknowledgeOperationStatus?.uuid == exampleUUID)
        let accept = try #require(byType[.accept]?.first?.accept)
        #expect(accept.operations.map(\.type) == [.unreserve, .destroy, .launchGroup])
        let group = try #require(accept.operations[2].launchGroup)
        #expect(group.executor.type == .default)
        #expect(group.taskGroup.tasks.first?.command?.value == "sleep 1")
    }

    @Test func eventsDecodeIntoTypedBodies() throws {
        let events = try JSONDecoder().decode([JSONValue].self, from: Fixtures.data("events_misc.json")).map {
            try MesosJSON.decode(Event.self, from: MesosJSON.encode($0))
        }
        #expect(
            events.map(\.type) == [
                .heartbeat, .rescind, .failure, .failure, .error, .message, .update, .update, .updateOperationStatus,
                .inverseOffers, .rescindInverseOffer,
            ])
        #expect(events[1].rescind?.offerID == "O1")
        #expect(events[3].failure == .init(agentID: "S", executorID: "e", status: 137))
        #expect(events[4].error?.message == "Framework failed over")
        let lost = try #require(events[6].update?.status)
        #expect(lost.state == .lost && lost.source == .master && lost.reason == .reconciliation)
        #expect(lost.uuid == nil && !lost.needsAcknowledgement)
        let unreachable = try #require(events[7].update?.status)
        #expect(unreachable.unreachableTime?.nanoseconds == 1_716_200_000_500_000_000)
        let operation = try #require(events[8].updateOperationStatus?.status)
        #expect(operation.state == .finished && operation.uuid?.value == exampleUUID)
        #expect(
            events[9].inverseOffers?.inverseOffers.first?.unavailability.start.nanoseconds == 1_716_200_000_000_000_000)
    }

    @Test func subscribedAndUpdateDecode() throws {
        let subscribed = try MesosJSON.decode(Event.self, from: Fixtures.data("subscribed.json"))
        let body = try #require(subscribed.subscribed)
        #expect(body.heartbeatIntervalSeconds == 15)
        #expect(body.masterInfo?.ip == MasterInfo.packedIPv4("127.0.0.1"))
        #expect(body.masterInfo?.capabilities.map(\.type) == [.agentUpdate, .agentDraining, .quotaV2])

        let update = try MesosJSON.decode(Event.self, from: Fixtures.data("update.json"))
        let status = try #require(update.update?.status)
        #expect(status.state == .running && status.source == .executor)
        #expect(status.uuid == exampleUUID && status.uuid?.count == 16)
        #expect(status.containerStatus?.executorPID == 4242)
        let ack = try #require(Call.acknowledge(frameworkID: "F", status: status))
        #expect(ack.acknowledge == .init(agentID: status.agentID!, taskID: status.taskID, uuid: exampleUUID))
    }

    @Test func subscribeCarriesFrameworkInfo() throws {
        let subscribe = try MesosJSON.decode(Call.self, from: Fixtures.data("subscribe.json"))
        let info = try #require(subscribe.subscribe?.frameworkInfo)
        #expect(subscribe.frameworkID == nil && info.id == nil)
        #expect(info.failoverTimeout == 604_800 && info.checkpoint == true && info.roles == ["kafka"])
        #expect(
            info.capabilities.map(\.type) == [.multiRole, .reservationRefinement, .partitionAware, .taskKillingState])
        #expect(info.hasCapability(.partitionAware) && !info.hasCapability(.gpuResources))

        let resubscribe = try MesosJSON.decode(Call.self, from: Fixtures.data("resubscribe.json"))
        #expect(resubscribe.frameworkID != nil)
        #expect(resubscribe.frameworkID == resubscribe.subscribe?.frameworkInfo.id)
        // The factory puts the id in both places.
        #expect(Call.subscribe(try #require(resubscribe.subscribe?.frameworkInfo)) == resubscribe)
    }
}

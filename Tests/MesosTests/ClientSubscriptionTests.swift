import CurlHTTP
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import Mesos

@Suite("Client subscription against a scripted master")
struct ClientSubscriptionTests {
    let frameworkID = FrameworkID("5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-0000")

    @Test func subscribesAndDeliversEventsInOrder() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { client, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                // A first SUBSCRIBE carries no framework id and exact headers.
                #expect(subscription.call.type == .subscribe)
                #expect(subscription.call.frameworkID == nil)
                #expect(subscription.call.subscribe?.frameworkInfo.id == nil)
                #expect(subscription.call.subscribe?.frameworkInfo.roles == ["kafka"])
                #expect(subscription.request.headerValues("Content-Type") == ["application/json"])
                #expect(subscription.request.headerValues("Accept") == ["application/json"])
                #expect(subscription.request.header("Mesos-Stream-Id") == nil)
                #expect(subscription.request.header("Authorization") == nil)
                #expect(subscription.request.path == "/api/v1/scheduler")
                #expect(client.isSubscribed == false)

                try subscription.sendSubscribed(frameworkID: frameworkID, heartbeatSeconds: 2)
                try subscription.send(.heartbeat)
                let offers = try loadEvent("offers_refinement.json")
                let update = try loadEvent("update.json")
                // Several records in one chunk, and one record split across chunks.
                let offerRecord = RecordIO.encode(try MesosJSON.encode(offers))
                let updateRecord = RecordIO.encode(try MesosJSON.encode(update))
                subscription.write(offerRecord + updateRecord.prefix(7))
                subscription.write(Array(updateRecord.dropFirst(7)))
                try subscription.send(.rescind("O-1"))
                try subscription.send(.failure(agentID: "S-1"))
                try subscription.send(
                    .message(ExecutorMessage(agentID: "S-1", executorID: "e", data: Data("hi".utf8))))

                let subscribed = try await events.nextSubscription()
                #expect(subscribed.frameworkID == frameworkID)
                #expect(subscribed.heartbeatInterval == .seconds(2))
                #expect(subscribed.streamID == subscription.streamID)
                #expect(subscribed.endpoint == master.endpoint)
                #expect(subscribed.masterInfo?.id == "fake-master")
                #expect(client.frameworkID == frameworkID)
                #expect(client.subscription == subscribed)
                #expect(try await events.next("offers") == .offers(offers.offers!.offers))
                #expect(try await events.next("update") == .update(update.update!.status))
                #expect(try await events.next("rescind") == .rescind("O-1"))
                #expect(try await events.next("failure") == .failure(Event.Failure(agentID: "S-1")))
                #expect(
                    try await events.next("message")
                        == .message(ExecutorMessage(agentID: "S-1", executorID: "e", data: Data("hi".utf8))))
                #expect(await events.next(timeout: .milliseconds(100)) == nil, "heartbeats are not delivered")
            }
        }
    }

    @Test func callsCarryTheStreamIDFrameworkIDAndExactHeaders() async throws {
        try await withFakeMaster { master in
            master.requireBasicAuth(user: "kafka-fw", password: "s3cret")
            let configuration = testConfiguration(master: .urls([master.endpoint]), secret: "s3cret")
            try await withRunningClient(configuration) { client, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                let expectedAuth = "Basic " + Data("kafka-fw:s3cret".utf8).base64EncodedString()
                #expect(subscription.request.headerValues("Authorization") == [expectedAuth])
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()

                try await client.decline(offerIDs: ["O-1"], filters: Filters(refuseSeconds: 30))
                let uuid = MesosUUID.randomBytes()
                let task = TaskStatus(taskID: "t-1", state: .running, agentID: "S-1", uuid: uuid)
                #expect(try await client.acknowledge(task) == true)
                #expect(try await client.acknowledge(TaskStatus(taskID: "t-2", state: .lost)) == false)
                try await client.reconcile()
                try await client.reconcile(tasks: [.init(taskID: "t-1", agentID: "S-1")])
                try await client.kill(taskID: "t-1", agentID: "S-1")
                try await client.revive(roles: ["kafka"])
                try await client.suppress(roles: ["kafka"])
                try await client.send(Call(type: .teardown))

                var types: [Call.CallType] = []
                for _ in 0..<8 {
                    let request = try await master.calls.next("a call")
                    #expect(request.method == "POST")
                    #expect(request.path == "/api/v1/scheduler")
                    #expect(request.headerValues("Content-Type") == ["application/json"])
                    #expect(request.headerValues("Mesos-Stream-Id") == [subscription.streamID])
                    #expect(request.headerValues("Authorization") == [expectedAuth])
                    let call = try #require(request.call)
                    #expect(call.frameworkID == frameworkID)
                    types.append(call.type)
                    if call.type == .acknowledge {
                        #expect(call.acknowledge?.uuid == uuid)
                    }
                    // Every call we send parses as a valid call for the master.
                    #expect(call.validationError == nil, "\(call.type): \(call.validationError ?? "")")
                }
                #expect(
                    types == [.decline, .acknowledge, .reconcile, .reconcile, .kill, .revive, .suppress, .teardown])
            }
        }
    }

    @Test func callsFailFastWhileNotSubscribed() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { client, events in
                await #expect(throws: MesosClientError.notSubscribed) {
                    try await client.revive()
                }
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                // The stream is open but SUBSCRIBED has not come yet.
                await #expect(throws: MesosClientError.notSubscribed) {
                    try await client.send(.revive(frameworkID: frameworkID))
                }
                await #expect(throws: MesosClientError.self) {
                    try await client.send(.subscribe(testFrameworkInfo()))
                }
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                try await client.revive()
                subscription.end()
                #expect(try await events.nextDisconnect() == .streamEnded)
                await #expect(throws: MesosClientError.notSubscribed) {
                    try await client.revive()
                }
                #expect(master.calls.all.count == 1)
            }
        }
    }

    @Test func reSubscribesAfterTheStreamEndsWithTheFrameworkIDInBothPlaces() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { client, events in
                let first = try await master.subscriptions.next("first SUBSCRIBE")
                try first.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                first.end()
                #expect(try await events.nextDisconnect() == .streamEnded)

                let second = try await master.subscriptions.next("second SUBSCRIBE")
                #expect(second.call.frameworkID == frameworkID)
                #expect(second.call.subscribe?.frameworkInfo.id == frameworkID)
                #expect(second.call.validationError == nil)
                #expect(second.streamID != first.streamID)
                try second.sendSubscribed(frameworkID: frameworkID)
                let subscribed = try await events.nextSubscription()
                #expect(subscribed.streamID == second.streamID)

                // Calls now carry the new stream id.
                try await client.revive()
                let call = try await master.calls.next("REVIVE")
                #expect(call.header("Mesos-Stream-Id") == second.streamID)
            }
        }
    }

    @Test func aStoredFrameworkIDIsUsedFromTheFirstSubscribe() async throws {
        try await withFakeMaster { master in
            let configuration = testConfiguration(master: .urls([master.endpoint]), frameworkID: frameworkID)
            try await withRunningClient(configuration) { _, _ in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                #expect(subscription.call.frameworkID == frameworkID)
                #expect(subscription.call.subscribe?.frameworkInfo.id == frameworkID)
            }
        }
    }

    @Test func missedHeartbeatsDropTheStreamAndReSubscribe() async throws {
        try await withFakeMaster { master in
            let configuration = testConfiguration(
                master: .urls([master.endpoint]), heartbeatMissLimit: 3, deliversHeartbeats: true)
            try await withRunningClient(configuration) { _, events in
                let first = try await master.subscriptions.next("first SUBSCRIBE")
                // Heartbeats every second: the limit is 3 s of silence, which no pause of this test's task on
                // a machine busy with the whole suite comes near.
                try first.sendSubscribed(frameworkID: frameworkID, heartbeatSeconds: 1)
                _ = try await events.nextSubscription()
                let start = ContinuousClock.now
                for _ in 0..<35 {
                    try first.send(.heartbeat)
                    let event = try await events.next("HEARTBEAT")
                    try #require(event == .heartbeat, "the stream ended while records kept coming: \(event)")
                    try await Task.sleep(for: .milliseconds(100))
                }
                // Records kept the stream alive past its silence limit; now the master goes quiet.
                #expect(try await events.nextDisconnect() == .heartbeatsMissed(silence: .seconds(3)))
                #expect(ContinuousClock.now - start > .milliseconds(6500))

                let second = try await master.subscriptions.next("SUBSCRIBE after missed heartbeats")
                #expect(second.call.frameworkID == frameworkID)
                #expect(second.call.subscribe?.frameworkInfo.id == frameworkID)
            }
        }
    }

    @Test func theFirstRecordMustComeWithinTheRequestTimeout() async throws {
        try await withFakeMaster { master in
            // The head of the answer comes at once; its first record never does. The request timeout is long
            // enough for the head to arrive in time even on a machine busy with the whole suite.
            let configuration = testConfiguration(master: .urls([master.endpoint]), requestTimeout: .seconds(4))
            try await withRunningClient(configuration) { _, events in
                _ = try await master.subscriptions.next("SUBSCRIBE")
                #expect(try await events.nextDisconnect(timeout: .seconds(20)) == .heartbeatsMissed(silence: .seconds(4)))
                _ = try await master.subscriptions.next("second SUBSCRIBE")
            }
        }
    }

    @Test func anErrorEventIsDeliveredThenTheClientReSubscribes() async throws {
        try await withFakeMaster { master in
            let configuration = testConfiguration(master: .urls([master.endpoint]), frameworkID: frameworkID)
            try await withRunningClient(configuration) { client, events in
                let first = try await master.subscriptions.next("SUBSCRIBE")
                // As Mesos answers a torn-down framework: ERROR, then the stream stays open a moment.
                try first.send(.error("Framework has been removed"))
                #expect(try await events.next("ERROR") == .error(message: "Framework has been removed"))
                #expect(try await events.nextDisconnect() == .errorEvent(message: "Framework has been removed"))
                #expect(client.isSubscribed == false)
                let second = try await master.subscriptions.next("SUBSCRIBE after ERROR")
                #expect(second.call.frameworkID == frameworkID)

                // The scheduler may start over as a new framework.
                client.setFrameworkID(nil)
                try second.send(.error("Framework has been removed"))
                #expect(try await events.next("ERROR") == .error(message: "Framework has been removed"))
                _ = try await events.nextDisconnect()
                let third = try await master.subscriptions.next("SUBSCRIBE as a new framework")
                #expect(third.call.frameworkID == nil)
                #expect(third.call.subscribe?.frameworkInfo.id == nil)
            }
        }
    }

    @Test func malformedRecordsAreSkipped() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                subscription.sendRecord("{not json")
                subscription.sendRecord(#"{"type":"SOMETHING_NEW","something_new":{}}"#)
                subscription.sendRecord(#"{"type":"OFFERS"}"#)
                subscription.sendRecord(#"{"type":"UPDATE","update":{"status":{"state":"TASK_RUNNING"}}}"#)
                subscription.sendRecord("[1,2,3]")
                try subscription.send(.rescind("O-9"))
                #expect(try await events.next("RESCIND after malformed records") == .rescind("O-9"))
                #expect(master.subscriptions.all.count == 1)
            }
        }
    }

    @Test func aFramingErrorDropsTheStream() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                let first = try await master.subscriptions.next("SUBSCRIBE")
                try first.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                first.write("12x\n{}")
                let reason = try await events.nextDisconnect()
                guard case .framingError(.invalidLengthByte(let byte, _)) = reason else {
                    Issue.record("expected a framing error, got \(reason)")
                    return
                }
                #expect(byte == UInt8(ascii: "x"))
                let second = try await master.subscriptions.next("SUBSCRIBE after a framing error")
                #expect(second.call.frameworkID == frameworkID)
            }
        }
    }

    @Test func aStreamEndingInsideARecordIsAFramingError() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                let first = try await master.subscriptions.next("SUBSCRIBE")
                try first.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                first.write("40\n{\"type\":")
                first.end()
                #expect(try await events.nextDisconnect() == .framingError(.truncated(expected: 40, received: 8)))
            }
        }
    }

    @Test func stoppingEndsTheEventsAndTheStreamPromptly() async throws {
        try await withFakeMaster { master in
            let client = try MesosSchedulerClient(configuration: testConfiguration(master: .urls([master.endpoint])))
            let runner = Task { try await client.run() }
            let subscription = try await master.subscriptions.next("SUBSCRIBE")
            try subscription.sendSubscribed(frameworkID: frameworkID)
            var iterator = client.events.makeAsyncIterator()
            guard case .subscribed = await iterator.next() else {
                Issue.record("expected SUBSCRIBED")
                return
            }
            let start = ContinuousClock.now
            runner.cancel()
            try await runner.value
            // Promptly, not at a heartbeat or request timeout; the bound leaves room for a loaded machine.
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(await iterator.next() == nil)
            #expect(client.isSubscribed == false)
            await #expect(throws: MesosClientError.notSubscribed) { try await client.revive() }
            await #expect(throws: MesosClientError.alreadyStarted) { try await client.run() }
        }
    }

    @Test func aGracefulShutdownOfTheServiceGroupStopsTheClient() async throws {
        try await withFakeMaster { master in
            let client = try MesosSchedulerClient(configuration: testConfiguration(master: .urls([master.endpoint])))
            let group = ServiceGroup(services: [client], logger: Logger(label: "test-service-group"))
            let runner = Task { try await group.run() }
            let subscription = try await master.subscriptions.next("SUBSCRIBE")
            try subscription.sendSubscribed(frameworkID: frameworkID)
            var iterator = client.events.makeAsyncIterator()
            guard case .subscribed = await iterator.next() else {
                Issue.record("expected SUBSCRIBED")
                return
            }
            let start = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await runner.value
            // Promptly, not at a heartbeat or request timeout; the bound leaves room for a loaded machine.
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(await iterator.next() == nil)
            #expect(client.isSubscribed == false)
        }
    }

    private func loadEvent(_ name: String) throws -> Event {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try MesosJSON.decode(Event.self, from: try Data(contentsOf: url))
    }
}

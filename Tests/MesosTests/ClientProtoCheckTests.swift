import Foundation
import Testing

@testable import Mesos

/// The bytes the client puts on the wire, as the master received them, parse strictly against the
/// official v1 protos (see ProtoCheckTests).
@Suite("Client requests against the official protos")
struct ClientProtoCheckTests {
    @Test func everyRequestTheClientSendsParsesStrictly() async throws {
        let frameworkID = ProtoCheckTests.frameworkID
        let agentID = ProtoCheckTests.agentID
        let bodies = try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { client, events in
                let first = try await master.subscriptions.next("SUBSCRIBE")
                try first.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                first.end()
                _ = try await events.nextDisconnect()
                let second = try await master.subscriptions.next("re-SUBSCRIBE")
                try second.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()

                let operations: [Offer.Operation] = [
                    .reserve([ProtoCheckTests.reserved(.cpus(1)), ProtoCheckTests.reserved(.disk(10000))]),
                    .create([ProtoCheckTests.volume]),
                    .launch([ProtoCheckTests.task]),
                ]
                try await client.accept(offerIDs: ["O17"], operations: operations, filters: Filters(refuseSeconds: 5))
                try await client.decline(offerIDs: ["O18"])
                try await client.acknowledge(
                    TaskStatus(taskID: "t", state: .running, agentID: agentID, uuid: MesosUUID.randomBytes()))
                try await client.kill(
                    taskID: "t", agentID: agentID, killPolicy: KillPolicy(gracePeriod: DurationInfo(seconds: 5)))
                try await client.reconcile(tasks: [.init(taskID: "t", agentID: agentID), .init(taskID: "u")])
                try await client.reconcile()
                try await client.revive()
                try await client.revive(roles: ["kafka"])
                try await client.suppress(roles: ["kafka"])
                try await client.shutdownExecutor("e", agentID: agentID)
                try await client.message(agentID: agentID, executorID: "e", data: Data("hi".utf8))
                try await client.teardown()
                for _ in 0..<12 { _ = try await master.calls.next("a call") }
                return master.requests.all.map { ($0.call?.type.wireName ?? "?", $0.body) }
            }
        }
        #expect(bodies.count == 14)
        let results = try ProtoChecker.check(
            bodies.enumerated().map { ("call", "\($0.offset)-\($0.element.0)", $0.element.1) })
        #expect(results.count == 14)
        for (label, failure) in results {
            #expect(failure == nil, "\(label) does not parse strictly: \(failure ?? "")")
        }
    }
}

import CurlHTTP
import Foundation
import Testing

@testable import Mesos

@Suite("Client call answers")
struct ClientCallErrorTests {
    let frameworkID = FrameworkID("F-0000")

    /// Runs `body` with a client subscribed to a fake master.
    private func withSubscribedClient(
        secret: String? = nil, requestTimeout: Duration = .seconds(5),
        _ body: (FakeMaster, MesosSchedulerClient, AsyncQueue<MesosSchedulerEvent>, FakeSubscription) async throws ->
            Void
    ) async throws {
        try await withFakeMaster { master in
            let configuration = testConfiguration(
                master: .urls([master.endpoint]), secret: secret, requestTimeout: requestTimeout)
            try await withRunningClient(configuration) { client, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
                try await body(master, client, events, subscription)
            }
        }
    }

    @Test func fourHundredsBecomeTypedErrorsWithMesossMessage() async throws {
        try await withSubscribedClient { master, client, _, _ in
            master.answerCalls(
                .status(400, "Framework cannot be found"),
                .status(403, "Framework is not subscribed"),
                .status(404, "Not Found"),
                .status(415, "Expecting 'Content-Type' of application/json or application/x-protobuf"))
            await #expect(
                throws: MesosClientError.badRequest(url: master.endpoint, message: "Framework cannot be found")
            ) {
                try await client.revive()
            }
            await #expect(
                throws: MesosClientError.forbidden(url: master.endpoint, message: "Framework is not subscribed")
            ) {
                try await client.revive()
            }
            do throws(MesosClientError) {
                try await client.revive()
                Issue.record("404 did not throw")
            } catch {
                #expect(error == .unexpectedStatus(url: master.endpoint, status: 404, message: "Not Found"))
                #expect(error.status == 404)
            }
            do throws(MesosClientError) {
                try await client.revive()
                Issue.record("415 did not throw")
            } catch {
                #expect(error.status == 415)
                #expect(error.description.contains("application/json"))
            }
            #expect(master.calls.all.count == 4)
        }
    }

    @Test func threeHundredSevenOnACallFailsItAndReSubscribes() async throws {
        try await withSubscribedClient { master, client, events, subscription in
            master.answerCalls(.redirect(to: "//127.0.0.1:\(master.port)/api/v1/scheduler"))
            await #expect(
                throws: MesosClientError.leaderMoved(url: master.endpoint, location: master.endpoint)
            ) {
                try await client.revive()
            }
            // Calls stop at once; the run loop reports the disconnect and subscribes again.
            #expect(client.isSubscribed == false)
            await #expect(throws: MesosClientError.notSubscribed) { try await client.revive() }
            #expect(try await events.nextDisconnect() == .leaderChanged(location: master.endpoint))
            let again = try await master.subscriptions.next("SUBSCRIBE after a 307 on a call")
            #expect(again.call.frameworkID == frameworkID)
            #expect(again.streamID != subscription.streamID)
        }
    }

    @Test func serviceUnavailableIsRetriedWithinTheRequestTimeout() async throws {
        try await withSubscribedClient { master, client, _, _ in
            master.answerCalls(.status(503, "Master is recovering"), .status(503, "Master is recovering"))
            try await client.kill(taskID: "t-1")
            #expect(master.calls.all.count == 3)
            #expect(master.calls.all.allSatisfy { $0.call?.type == .kill })
        }
    }

    @Test func serviceUnavailablePastTheRequestTimeoutFails() async throws {
        // The request timeout also bounds the wait for the stream's first record (SUBSCRIBED, which this test
        // sends): long enough for that on a machine busy with the whole suite.
        try await withSubscribedClient(requestTimeout: .seconds(4)) { master, client, _, _ in
            master.answerOtherCalls(.status(503, "Master is recovering"))
            let start = ContinuousClock.now
            await #expect(
                throws: MesosClientError.serviceUnavailable(url: master.endpoint, message: "Master is recovering")
            ) {
                try await client.revive()
            }
            // Gives up at the request timeout rather than retrying forever (with room for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect(master.calls.all.count >= 2)
        }
    }

    @Test func wrongCredentialsAreUnauthorized() async throws {
        try await withFakeMaster { master in
            master.requireBasicAuth(user: "kafka-fw", password: "right")
            let configuration = testConfiguration(master: .urls([master.endpoint]), secret: "wrong")
            try await withRunningClient(configuration) { client, events in
                let reason = try await events.nextDisconnect()
                #expect(reason == .subscribeFailed(.unauthorized(url: master.endpoint, message: "")))
                #expect(reason.description.contains("401"))
                // The client keeps trying (the secret may be fixed on the master's side), with backoff.
                #expect(try await events.nextDisconnect() == reason)
                #expect(client.isSubscribed == false)
                #expect(master.subscriptions.all.isEmpty)
                let sent = master.requests.all.first
                #expect(sent?.header("Authorization") == "Basic " + Data("kafka-fw:wrong".utf8).base64EncodedString())
            }
        }
    }

    @Test func aCallRejectedWith401IsUnauthorized() async throws {
        try await withSubscribedClient(secret: "s3cret") { master, client, _, _ in
            master.answerCalls(
                .status(401, "", headers: [["WWW-Authenticate", "Basic realm=\"mesos-master-scheduler\""]]))
            await #expect(throws: MesosClientError.unauthorized(url: master.endpoint, message: "")) {
                try await client.suppress()
            }
        }
    }
}

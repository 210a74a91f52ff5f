import CurlHTTP
import Foundation
import TestSupport
import Testing

@testable import Mesos

@Suite("Client finding the leader in a URL list")
struct ClientRedirectTests {
    let frameworkID = FrameworkID("F-0000")

    @Test func followsASchemeLessRedirectToTheLeader() async throws {
        try await withFakeMaster { leader in
            try await withFakeMaster { follower in
                follower.answerSubscribes(.redirect(to: "//127.0.0.1:\(leader.port)/api/v1/scheduler"))
                let configuration = testConfiguration(master: .urls([follower.endpoint]))
                try await withRunningClient(configuration) { client, events in
                    let subscription = try await leader.subscriptions.next("SUBSCRIBE at the leader")
                    try subscription.sendSubscribed(frameworkID: frameworkID)
                    let subscribed = try await events.nextSubscription()
                    #expect(subscribed.endpoint == leader.endpoint)
                    #expect(follower.requests.all.count == 1)
                    #expect(follower.requests.all.first?.call?.type == .subscribe)

                    // Calls go to the leader.
                    try await client.revive()
                    let call = try await leader.calls.next("REVIVE at the leader")
                    #expect(call.header("Mesos-Stream-Id") == subscription.streamID)
                    #expect(follower.calls.all.isEmpty)

                    // After a drop the known leader is tried first.
                    subscription.end()
                    _ = try await events.nextDisconnect()
                    _ = try await leader.subscriptions.next("second SUBSCRIBE at the leader")
                    #expect(follower.requests.all.count == 1)
                }
            }
        }
    }

    @Test func baseURLsGetTheSchedulerEndpoint() async throws {
        try await withFakeMaster { master in
            try await withRunningClient(testConfiguration(master: .urls([master.baseURL]))) { _, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE")
                #expect(subscription.request.path == "/api/v1/scheduler")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                #expect(try await events.nextSubscription().endpoint == master.endpoint)
            }
        }
        let invalid = MesosSchedulerClient.Configuration(
            master: .urls(["ftp://m1:5050"]), frameworkInfo: testFrameworkInfo())
        #expect(throws: MesosClientError.self) { try MesosSchedulerClient(configuration: invalid) }
    }

    @Test func tooManyRedirectsFailTheAttempt() async throws {
        try await withFakeMaster { master in
            let loop = ScriptedAnswer.redirect(to: "//127.0.0.1:\(master.port)/api/v1/scheduler")
            master.answerSubscribes(loop, loop, loop, loop, loop, loop, loop, loop)
            var configuration = testConfiguration(master: .urls([master.endpoint]))
            configuration.maximumRedirects = 2
            try await withRunningClient(configuration) { _, events in
                let reason = try await events.nextDisconnect()
                #expect(reason == .subscribeFailed(.tooManyRedirects(url: master.endpoint, limit: 2)))
                #expect(master.requests.all.count == 3)
            }
        }
    }

    @Test func aRedirectWithoutLocationFailsTheAttempt() async throws {
        try await withFakeMaster { master in
            master.answerSubscribes(.status(307))
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                #expect(
                    try await events.nextDisconnect()
                        == .subscribeFailed(.invalidRedirect(url: master.endpoint, location: nil)))
                _ = try await master.subscriptions.next("SUBSCRIBE after a bad redirect")
            }
        }
    }

    @Test func serviceUnavailableIsRetriedWithBackoff() async throws {
        try await withFakeMaster { master in
            master.answerSubscribes(
                .status(503, "No leader elected"), .status(503, "Master is recovering"))
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                #expect(
                    try await events.nextDisconnect()
                        == .subscribeFailed(.serviceUnavailable(url: master.endpoint, message: "No leader elected")))
                #expect(
                    try await events.nextDisconnect()
                        == .subscribeFailed(.serviceUnavailable(url: master.endpoint, message: "Master is recovering")))
                let subscription = try await master.subscriptions.next("SUBSCRIBE after 503s")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                _ = try await events.nextSubscription()
            }
        }
    }

    @Test func theNextURLIsTriedWhenOneCannotBeReached() async throws {
        let closed = try LocalNetwork.reserveClosedPort()
        try await withFakeMaster { master in
            let deadURL = "http://127.0.0.1:\(closed.port)/api/v1/scheduler"
            let configuration = testConfiguration(master: .urls([deadURL, master.endpoint]))
            try await withRunningClient(configuration) { _, events in
                let subscription = try await master.subscriptions.next("SUBSCRIBE at the second master")
                try subscription.sendSubscribed(frameworkID: frameworkID)
                let subscribed = try await events.nextSubscription()
                #expect(subscribed.endpoint == master.endpoint)
            }
        }
        withExtendedLifetime(closed) {}
    }

    @Test func noReachableMasterIsASubscribeFailureAndRetried() async throws {
        let closed = try LocalNetwork.reserveClosedPort()
        let deadURL = "http://127.0.0.1:\(closed.port)/api/v1/scheduler"
        try await withRunningClient(testConfiguration(master: .urls([deadURL]))) { _, events in
            for _ in 0..<2 {
                let reason = try await events.nextDisconnect()
                guard case .subscribeFailed(.transport(.couldNotConnect(let url, _))) = reason else {
                    Issue.record("expected a connection failure, got \(reason)")
                    return
                }
                #expect(url == deadURL)
            }
        }
        withExtendedLifetime(closed) {}
    }

    @Test func aMissingStreamIDFailsTheAttempt() async throws {
        try await withFakeMaster { master in
            master.answerSubscribes(.status(200, "{}"))
            try await withRunningClient(testConfiguration(master: .urls([master.endpoint]))) { _, events in
                let reason = try await events.nextDisconnect()
                #expect(reason == .subscribeFailed(.missingStreamID(url: master.endpoint)))
            }
        }
    }
}

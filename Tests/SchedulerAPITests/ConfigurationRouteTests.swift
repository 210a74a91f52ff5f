import Foundation
import KafkaFramework
import Testing

@Suite struct ConfigurationRouteTests {
    @Test func listTargetAndTargetID() async throws {
        try await withTestServer { server in
            #expect(
                try await server.get("/v1/configurations").array() as? [String]
                    == [Seed.olderConfigurationID, Seed.targetConfigurationID])
            let targetID = try await server.get("/v1/configurations/targetId")
            #expect(targetID.status == 200)
            #expect(try targetID.json() as? String == Seed.targetConfigurationID)
            let target = try await server.get("/v1/configurations/target")
            let byID = try await server.get("/v1/configurations/\(Seed.targetConfigurationID)")
            #expect(target.status == 200)
            #expect(target.body == byID.body)
            let broker = try #require(try target.object()["brokerConfiguration"] as? [String: Any])
            #expect(broker["mem"] as? Int == 4096)
        }
    }

    @Test func unknownConfigurationIs404() async throws {
        try await withTestServer { server in
            let answer = try await server.get("/v1/configurations/00000000-0000-0000-0000-000000000000")
            #expect(answer.status == 404)
            #expect(try answer.errorBody().message.contains("no configuration with id"))
        }
    }

    @Test func secretsNeverAppear() async throws {
        try await withTestServer { server in
            for path in ["/v1/configurations/target", "/v1/configurations/\(Seed.targetConfigurationID)"] {
                let answer = try await server.get(path)
                #expect(!answer.text.contains("hunter2"))
                #expect(!answer.text.contains(Seed.token))
                let kafka = try #require(try answer.object()["kafkaConfiguration"] as? [String: Any])
                let overrides = try #require(kafka["overrides"] as? [String: String])
                #expect(overrides["ssl.keystore.password"] == "******")
                #expect(overrides["log.retention.hours"] == "24")
            }
        }
    }

    @Test func noTargetYetIs503() async throws {
        let scheduler = FakeScheduler(
            engine: Seed.plan(), brokers: [], configurations: ConfigurationsSnapshot(ids: [], targetID: nil, byID: [:]))
        try await withTestServer(scheduler: scheduler) { server in
            #expect(try await server.get("/v1/configurations").array().isEmpty)
            for path in ["/v1/configurations/target", "/v1/configurations/targetId"] {
                let answer = try await server.get(path)
                #expect(answer.status == 503)
                #expect(try answer.errorBody().message.contains("not stored a target configuration"))
            }
        }
    }
}

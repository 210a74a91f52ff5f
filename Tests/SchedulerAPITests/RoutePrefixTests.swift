import Foundation
import Testing

/// Every read route answers the same at `/v1/…` and at `/service/<name>/v1/…`; other names are unknown.
@Suite struct RoutePrefixTests {
    static let readPaths = [
        "/connection", "/connection/address", "/connection/dns", "/brokers", "/brokers/1", "/topics",
        "/topics/topic1", "/topics/topic1/offsets", "/topics/under_replicated_partitions",
        "/topics/unavailable_partitions", "/configurations", "/configurations/\(Seed.olderConfigurationID)",
        "/configurations/target", "/configurations/targetId", "/plan", "/plan/status",
    ]

    @Test func bothPrefixesAnswerTheSame() async throws {
        try await withTestServer { server in
            for path in Self.readPaths {
                let plain = try await server.get("/v1\(path)")
                let service = try await server.get("/service/kafka/v1\(path)")
                #expect(plain.status == 200, "GET /v1\(path): \(plain.text)")
                #expect(service.status == plain.status, "\(path)")
                #expect(service.body == plain.body, "\(path)")
                #expect(plain.headers["content-type"]?.hasPrefix("application/json") == true, "\(path)")
            }
        }
    }

    @Test func anotherServiceNameIsUnknown() async throws {
        try await withTestServer { server in
            let answer = try await server.get("/service/other/v1/brokers")
            #expect(answer.status == 404)
            #expect(try answer.errorBody().code == 404)
        }
    }

    @Test func connectionParts() async throws {
        try await withTestServer { server in
            let address = try await server.get("/v1/connection/address").object()
            #expect(address.keys.sorted() == ["address"])
            #expect(address["address"] as? [String] == ["10.0.0.211:9843", "10.0.0.217:10056", "10.0.0.214:9689"])
            let dns = try await server.get("/v1/connection/dns").object()
            #expect(dns.keys.sorted() == ["dns"])
            #expect(
                dns["dns"] as? [String]
                    == ["broker-0.kafka.mesos:9843", "broker-1.kafka.mesos:10056", "broker-2.kafka.mesos:9689"])
        }
    }

    @Test func rootAnswersVersionAndCommit() async throws {
        try await withTestServer { server in
            let answer = try await server.get("/")
            #expect(answer.status == 200)
            let object = try answer.object()
            #expect(object.keys.sorted() == ["commit", "version"])
            #expect(object["version"] as? String == "1.2.3")
            #expect(object["commit"] as? String == "0123abc")
        }
    }

    @Test func headIsAnsweredLikeGetWithoutBody() async throws {
        try await withTestServer { server in
            let answer = try await server.request("HEAD", "/v1/brokers")
            #expect(answer.status == 200)
            #expect(answer.body.isEmpty)
        }
    }
}

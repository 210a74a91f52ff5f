import Foundation
import Testing

@Suite struct AuthTests {
    @Test func bothHeaderFormsAreAccepted() async throws {
        try await withTestServer { server in
            for header in ["Authorization: token=\(Seed.token)", "Authorization: Bearer \(Seed.token)"] {
                let answer = try await server.request("GET", "/v1/brokers", headers: [header], authorized: false)
                #expect(answer.status == 200, "\(header)")
            }
        }
    }

    @Test func missingOrWrongTokenIs401() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            let cases: [[String]] = [
                [], ["Authorization: token=wrong"], ["Authorization: Bearer wrong"],
                ["Authorization: token=\(Seed.token)x"], ["Authorization: token=\(Seed.token.dropLast())"],
                ["Authorization: Basic dXNlcjpwYXNz"], ["Authorization: \(Seed.token)"],
            ]
            for headers in cases {
                for (method, path) in [
                    ("GET", "/v1/brokers"), ("PUT", "/v1/brokers/0"), ("GET", "/service/kafka/v1/plan"),
                    ("GET", "/metrics"), ("GET", "/"), ("GET", "/no/such/route"),
                ] {
                    let answer = try await server.request(method, path, headers: headers, authorized: false)
                    #expect(answer.status == 401, "\(method) \(path) with \(headers)")
                    let error = try answer.errorBody()
                    #expect(error.code == 401)
                    #expect(!error.message.contains(Seed.token))
                }
            }
        }
        #expect(await scheduler.restarted.isEmpty)
    }

    @Test func healthNeedsNoToken() async throws {
        try await withTestServer { server in
            let answer = try await server.request("GET", "/health", authorized: false)
            #expect(answer.status == 200)
            #expect(try answer.object() as? [String: String] == ["status": "healthy"])
        }
    }

    @Test func withoutATokenEverythingIsOpen() async throws {
        try await withTestServer(token: nil) { server in
            for (method, path) in [("GET", "/v1/brokers"), ("PUT", "/v1/brokers/0"), ("GET", "/metrics")] {
                let answer = try await server.request(method, path, authorized: false)
                #expect(answer.status == 200, "\(method) \(path)")
            }
        }
    }
}

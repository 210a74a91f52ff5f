import Foundation
import Testing

@Suite struct ErrorTests {
    @Test func unknownRoutesAre404JSON() async throws {
        try await withTestServer { server in
            for (method, path) in [
                ("GET", "/v2/brokers"), ("GET", "/v1/nothing"), ("DELETE", "/v1/brokers/0/extra"),
                ("POST", "/service/kafka/v1"), ("GET", "/v1/topics/topic1/offsets/extra"),
            ] {
                let answer = try await server.request(method, path)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
                let error = try answer.errorBody()
                #expect(error.code == 404)
                #expect(error.message.contains("no route for \(method) \(path)"))
            }
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        try await withTestServer(scheduler: scheduler) { server in
            let cases: [(String, String, String)] = [
                ("DELETE", "/v1/brokers", "GET, HEAD"),
                ("POST", "/v1/brokers/0", "GET, PUT, HEAD"),
                ("PATCH", "/v1/topics/topic1", "GET, POST, PUT, DELETE, HEAD"),
                ("PUT", "/service/kafka/v1/plan", "GET, HEAD"),
                ("DELETE", "/v1/plan/continue", "GET, POST"),
                ("HEAD", "/v1/plan/restart", "GET, POST"),
                ("POST", "/v1/configurations/target", "GET, HEAD"),
                ("POST", "/health", "GET, HEAD"),
            ]
            for (method, path, allow) in cases {
                let answer = try await server.request(method, path)
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(answer.headers["allow"] == allow, "\(method) \(path)")
                if method == "HEAD" { continue }
                let error = try answer.errorBody()
                #expect(error.code == 405)
                #expect(error.message.contains("allowed: \(allow)"))
            }
        }
        #expect(await scheduler.planCommands.isEmpty, "HEAD must not run a plan command")
        #expect(await scheduler.restarted.isEmpty)
    }

    @Test func everyErrorHasABody() async throws {
        try await withTestServer { server in
            for (method, path) in [
                ("GET", "/v1/brokers/x"), ("GET", "/v1/brokers/9"), ("POST", "/v1/topics"),
                ("GET", "/v1/configurations/none"), ("OPTIONS", "/v1/brokers"), ("GET", "/nowhere"),
            ] {
                let answer = try await server.request(method, path)
                #expect(answer.status >= 400 && answer.status < 500, "\(method) \(path)")
                #expect(!answer.body.isEmpty, "\(method) \(path)")
                #expect(try answer.errorBody().code == answer.status)
            }
        }
    }
}

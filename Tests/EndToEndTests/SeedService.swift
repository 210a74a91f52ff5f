import Foundation
import Testing
import TestSupport

/// A running `kafka-scheduler` named `kafka` (the name in the seed's `/service/kafka/…` paths) on mesos-local,
/// with API_AUTH_TOKEN set and one broker that speaks Kafka: BROKER_COMMAND starts noida-db on the reserved
/// `$BROKER_PORT` with its data in `$BROKER_DATA_DIR`. Shared by the tests of a suite through
/// `SeedServiceTrait`; they must not restart or replace its broker.
struct SeedService: Sendable {
    let cluster: EndToEndCluster
    let scheduler: SchedulerProcess

    @TaskLocal static var current: SeedService?

    /// The service of the suite's `.seedService` trait.
    static func require() throws -> SeedService {
        guard let current else { throw EndToEndError("no SeedService: the suite needs the .seedService trait") }
        return current
    }

    var api: SchedulerAPIClient { scheduler.api }
    var token: String { scheduler.api.token ?? "" }
    /// The seed's curl lines with DCOS_URI = the scheduler's base URL and AUTH_TOKEN = its token.
    var curl: SeedCurl { SeedCurl(scheduler) }
    /// `kafkactl` against `<base URL>/service/kafka`.
    var kafkactl: Kafkactl { Kafkactl(scheduler, name: "kafka") }
    var diagnostics: String { cluster.diagnostics }

    /// The scheduler's environment for a one-broker cluster of noida-db.
    static func kafkaBrokerEnvironment(token: String) throws -> [String: String?] {
        let noida = try KafkaTestBroker.binaryPath()
        return [
            "BROKER_COUNT": "1",
            "BROKER_READY_CHECK": "task-running",
            "BROKER_COMMAND":
                "exec '\(noida)' start --data-dir \"$BROKER_DATA_DIR\" --host \"$BROKER_HOST\" --only kafka "
                + "--kafka-port \"$BROKER_PORT\"",
            "API_AUTH_TOKEN": token,
        ]
    }

    /// Runs `body` with a fresh service: plan complete and the broker answering topic requests.
    static func with(_ body: (SeedService) async throws -> Void) async throws {
        try await EndToEndCluster.with("seed", agents: 1, frameworkName: "kafka") { cluster in
            let token = "uSeR_t0k3n-\(UUID().uuidString.prefix(8))"
            let scheduler = try await cluster.startScheduler(try kafkaBrokerEnvironment(token: token))
            let diagnostics = { cluster.diagnostics }
            _ = try await scheduler.api.awaitPlanComplete(diagnostics: diagnostics)
            try await eventually("GET /v1/topics to answer 200 (noida-db is up)", diagnostics: diagnostics) {
                let answer = try await scheduler.api.get("/v1/topics")
                guard answer.status == 200 else { throw Poll.Observation("\(answer)") }
                return true
            }
            try await body(SeedService(cluster: cluster, scheduler: scheduler))
        }
    }
}

/// Gives a suite one `SeedService` for all its tests: started before the first, stopped after the last (also
/// when tests fail), reachable as `SeedService.current`.
struct SeedServiceTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await SeedService.with { service in
            try await SeedService.$current.withValue(service) { try await function() }
        }
    }
}

extension Trait where Self == SeedServiceTrait {
    /// One running kafka-scheduler with a Kafka-speaking broker for the whole suite (see `SeedService`).
    static var seedService: Self { SeedServiceTrait() }
}

/// Checks on the JSON shapes of the API's answers.
enum Shape {
    static let uuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

    static func isUUID(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.range(of: uuidPattern, options: .regularExpression) != nil
    }

    /// `value` as JSON text (`true`, `1`, `"a"`), which tells a JSON number from a Bool on every platform.
    static func jsonText(_ value: Any?) -> String? {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: [value]) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }

    /// `value` is a JSON integer (not a Bool).
    static func isInteger(_ value: Any?) -> Bool {
        jsonText(value)?.range(of: "^-?[0-9]+$", options: .regularExpression) != nil
    }

    static func isBool(_ value: Any?) -> Bool {
        jsonText(value) == "true" || jsonText(value) == "false"
    }

    /// An error answer: `{"error_code": <status>, "message": "<non-empty>"}` and nothing else.
    static func isError(_ status: Int, body: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            return false
        }
        return Set(object.keys) == ["error_code", "message"] && (object["error_code"] as? Int) == status
            && isInteger(object["error_code"]) && ((object["message"] as? String)?.isEmpty == false)
    }
}

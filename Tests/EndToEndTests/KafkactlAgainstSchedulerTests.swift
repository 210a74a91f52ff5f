import Foundation
import Testing
import TestSupport

/// The seed's `dcos kafka …` commands as `kafkactl …` (the built executable, as a process) against the running
/// scheduler of `SeedService`, through `--url <base>/service/kafka` and AUTH_TOKEN; and kafkactl's error exits.
/// Broker restart/replace and the plan commands: PlanAndBrokerCommandsAgainstSchedulerTests.swift.
extension SeedAgainstSchedulerTests {
    @Test func kafkactlReadCommands() async throws {
        let service = try SeedService.require()
        let kafkactl = service.kafkactl
        let port = try #require(try await service.api.broker(0).port)
        let targetID = try await service.api.targetID()

        let connection = try await Self.json(kafkactl, ["--name=kafka", "connection"]) as? [String: Any]
        #expect(connection?["address"] as? [String] == ["127.0.0.1:\(port)"], "\(connection ?? [:])")
        #expect(connection?["dns"] as? [String] == ["broker-0.kafka.mesos:\(port)"], "\(connection ?? [:])")
        #expect(
            try await Self.json(kafkactl, ["connection", "--address"]) as? [String: [String]]
                == ["address": ["127.0.0.1:\(port)"]])
        #expect(
            try await Self.json(kafkactl, ["connection", "--dns"]) as? [String: [String]]
                == ["dns": ["broker-0.kafka.mesos:\(port)"]])
        #expect(
            try await Self.json(kafkactl, ["--name=kafka", "broker", "list"]) as? [String: [String]]
                == ["brokers": ["0"]])
        let broker = try await Self.json(kafkactl, ["broker", "describe", "0"]) as? [String: Any]
        #expect(broker?["state"] as? String == "TASK_RUNNING", "\(broker ?? [:])")
        #expect(try await Self.json(kafkactl, ["topic", "list"]) is [String])
        for listing in ["under_replicated_partitions", "unavailable_partitions"] {
            #expect(try await Self.json(kafkactl, ["topic", listing]) as? [String: String] == ["message": ""])
        }
        let ids = try await Self.json(kafkactl, ["config", "list"]) as? [String]
        #expect(ids?.contains(targetID) == true, "\(ids ?? [])")
        for arguments in [["config", "describe", targetID], ["config", "target"]] {
            let configuration = try await Self.json(kafkactl, arguments) as? [String: Any]
            #expect(
                configuration.map { Set($0.keys) }
                    == ["brokerConfiguration", "kafkaConfiguration", "serviceConfiguration"], "\(arguments)")
        }
        let plan = try await Self.json(kafkactl, ["plan", "show"]) as? [String: Any]
        #expect(plan?["status"] as? String == "Complete", "\(plan ?? [:])")
        let active = try await Self.json(kafkactl, ["plan", "active"]) as? [String: Any]
        #expect(active.map { Set($0.keys) } == ["stage"], "\(active ?? [:])")
    }

    @Test func kafkactlTopicCommands() async throws {
        let service = try SeedService.require()
        let kafkactl = service.kafkactl
        let topic = "kafkactl-topic"
        let refused = try await kafkactl.run(["topic", "create", topic, "--partitions=3", "--replication=3"])
        #expect(refused.status != 0 && refused.stdout.isEmpty, "\(refused)")
        #expect(refused.stderr.contains("(HTTP 400)"), "\(refused)")
        let created = try await Self.json(
            kafkactl, ["--name=kafka", "topic", "create", topic, "--partitions=3", "--replication=1"])
        #expect(created as? [String: String] == ["message": "Output: Created topic \"\(topic)\".\n"])
        #expect((try await Self.json(kafkactl, ["topic", "list"]) as? [String])?.contains(topic) == true)
        let describe = try await Self.json(kafkactl, ["topic", "describe", topic]) as? [String: Any]
        #expect((describe?["partitions"] as? [Any])?.count == 3, "\(describe ?? [:])")
        let test = try await Self.json(kafkactl, ["topic", "producer_test", topic, "10"]) as? [String: String]
        #expect(test?["message"]?.hasPrefix("10 records sent, ") == true, "\(test ?? [:])")
        let offsets = try await Self.json(kafkactl, ["topic", "offsets", topic, "--time=last"]) as? [[String: String]]
        let records = offsets?.flatMap { $0.values }.compactMap { Int($0) }.reduce(0) { $0 + $1 }
        #expect(records == 10, "\(offsets ?? [])")
        let first = try await Self.json(kafkactl, ["topic", "offsets", topic, "--time", "first"]) as? [[String: String]]
        #expect(first?.count == 3, "\(first ?? [])")
        let partitions = try await Self.json(kafkactl, ["topic", "partitions", topic, "4"]) as? [String: String]
        #expect(partitions?["message"]?.contains("Adding partitions succeeded!") == true, "\(partitions ?? [:])")
        let decrease = try await kafkactl.run(["topic", "partitions", topic, "2"])
        #expect(decrease.status != 0 && decrease.stderr.contains("(HTTP 400)"), "\(decrease)")
        let deleted = try await Self.json(kafkactl, ["topic", "delete", topic]) as? [String: String]
        #expect(deleted?["message"]?.hasPrefix("Topic \(topic) is marked for deletion.") == true)
    }

    @Test func kafkactlErrorExits() async throws {
        let service = try SeedService.require()
        let unknown = try await service.kafkactl.run(["broker", "restart", "7"])
        #expect(unknown.status != 0 && unknown.stdout.isEmpty, "\(unknown)")
        #expect(unknown.stderr.contains("no broker with id 7"), "the server's message: \(unknown)")
        #expect(unknown.stderr.contains("(HTTP 404)"), "\(unknown)")

        let wrongToken = try await Kafkactl(url: service.kafkactl.url, token: "wrong").run(["broker", "list"])
        #expect(wrongToken.status != 0 && wrongToken.stdout.isEmpty, "\(wrongToken)")
        #expect(wrongToken.stderr.contains("(HTTP 401)"), "\(wrongToken)")

        let closed = try LocalNetwork.reserveClosedPort()
        let unreachable = try await Kafkactl(url: "http://127.0.0.1:\(closed.port)", token: service.token)
            .run(["broker", "list"])
        #expect(unreachable.status != 0 && unreachable.stdout.isEmpty, "\(unreachable)")
        #expect(unreachable.stderr.contains("cannot reach the scheduler"), "\(unreachable)")
        withExtendedLifetime(closed) {}

        // The URL from DCOS_URI and --name, the token from AUTH_TOKEN, as a DC/OS user has them.
        let dcos = try await Kafkactl.run(
            ["--name=kafka", "broker", "list"],
            environment: ["DCOS_URI": service.api.baseURL, "AUTH_TOKEN": service.token])
        let dcosBrokers = try dcos.json() as? [String: [String]]
        #expect(dcos.status == 0 && dcosBrokers == ["brokers": ["0"]], "\(dcos)")
    }

    /// Runs kafkactl, expects exit 0 and JSON on stdout, and returns it.
    static func json(_ kafkactl: Kafkactl, _ arguments: [String]) async throws -> Any {
        let result = try await kafkactl.run(arguments)
        #expect(result.status == 0, "kafkactl \(arguments): \(result)")
        return try result.json()
    }
}

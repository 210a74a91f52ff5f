import Foundation
import KafkaFramework
import Plan
import TestSupport
import Testing

/// `kafkactl` run as a real process against the real server with the fakes: the seed's `dcos kafka`
/// examples as `kafkactl` commands, and its failures.
@Suite struct KafkactlTests {
    @Test func readCommandsPrintTheReferencesText() async throws {
        try await withTestServer { server in
            let cases: [([String], String)] = [
                (["connection"], SeedExamples.connection),
                (["broker", "list"], SeedExamples.brokers),
                (["topic", "list"], SeedExamples.topics),
                (["topic", "describe", "topic1"], SeedExamples.describe),
                (["topic", "offsets", "topic1", "--time=last"], SeedExamples.offsets),
                (["topic", "under_replicated_partitions"], SeedExamples.underReplicated),
                (["topic", "unavailable_partitions"], SeedExamples.unavailable),
                (["config", "list"], SeedExamples.configurations),
                (["plan", "active"], SeedExamples.planStatusComplete),
            ]
            for (arguments, expected) in cases {
                let run = try await kafkactl(["--name=kafka"] + arguments, server: server)
                #expect(run.status == 0, "\(arguments): \(run.stderr)")
                #expect(run.stdout == expected + "\n", "\(arguments)")
            }
            let plan = try await kafkactl(["plan", "show"], server: server)
            #expect(plan.status == 0)
            #expect(maskingIDs(plan.stdout) == maskingIDs(SeedExamples.plan) + "\n")
            let address = try await kafkactl(["connection", "--address"], server: server)
            #expect(try jsonObject(address)["address"] as? [String] == Seed.hosts.map { "\($0.0):\($0.1)" })
            let dns = try await kafkactl(["connection", "--dns"], server: server)
            #expect((try jsonObject(dns)["dns"] as? [String])?.first == "broker-0.kafka.mesos:9843")
            for arguments in [["config", "describe", Seed.olderConfigurationID], ["config", "target"]] {
                let run = try await kafkactl(arguments, server: server)
                #expect(run.status == 0)
                #expect(
                    try jsonObject(run).keys.sorted() == [
                        "brokerConfiguration", "kafkaConfiguration", "serviceConfiguration",
                    ])
            }
            let broker = try await kafkactl(["broker", "describe", "2"], server: server)
            #expect(try jsonObject(broker)["taskId"] as? String == Seed.taskIDs[2])
        }
    }

    @Test func brokerRestartAndReplace() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            let restart = try await kafkactl(["--name=kafka", "broker", "restart", "0"], server: server)
            #expect(restart.status == 0, "\(restart.stderr)")
            #expect(restart.stdout == SeedExamples.restart + "\n")
            let replace = try await kafkactl(["broker", "replace", "1"], server: server)
            #expect(replace.status == 0)
            #expect(replace.stdout == "[\n    \"\(Seed.taskIDs[1])\"\n]\n")
        }
        #expect(await scheduler.restarted == [0])
        #expect(await scheduler.replaced == [1])
    }

    @Test func topicChanges() async throws {
        let topics = FakeTopics(brokerCount: 3)
        try await withTestServer(topics: topics) { server in
            let create = try await kafkactl(
                ["topic", "create", "topic1", "--partitions=3", "--replication=3"], server: server)
            #expect(create.status == 0, "\(create.stderr)")
            #expect(create.stdout == "{\n    \"message\": \"Output: Created topic \\\"topic1\\\".\\n\"\n}\n")
            let partitions = try await kafkactl(["topic", "partitions", "topic1", "4"], server: server)
            #expect(partitions.status == 0)
            #expect(
                (try jsonObject(partitions)["message"] as? String)?.contains("Adding partitions succeeded!") == true)
            let test = try await kafkactl(["topic", "producer_test", "topic1", "10"], server: server)
            #expect(test.status == 0)
            #expect((try jsonObject(test)["message"] as? String)?.hasPrefix("10 records sent") == true)
            let offsets = try await kafkactl(["topic", "offsets", "topic1", "--time", "first"], server: server)
            #expect(offsets.status == 0)
            let delete = try await kafkactl(["topic", "delete", "topic1"], server: server)
            #expect(delete.status == 0)
            #expect((try jsonObject(delete)["message"] as? String)?.hasPrefix("Topic topic1 is marked") == true)
        }
        #expect(try await topics.list().isEmpty)
        #expect(await topics.producerTests.map(\.messages) == [10])
    }

    @Test func planCommands() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        try await withTestServer(scheduler: scheduler) { server in
            let show = try await kafkactl(["plan", "show"], server: server)
            #expect(show.status == 0, "a plan in progress (HTTP 503) is still shown: \(show.stderr)")
            #expect(try jsonObject(show)["status"] as? String == "Waiting")
            for (command, sent) in [
                ("continue", "continue"), ("restart", "restart"), ("interrupt", "interrupt"),
                ("force", "forceComplete"),
            ] {
                let run = try await kafkactl(["plan", command], server: server)
                #expect(run.status == 0, "\(command): \(run.stderr)")
                #expect(try jsonObject(run)["message"] as? String == "Received cmd: \(sent)")
            }
            let block = scheduler.snapshot.plan.phases[1].blocks[2].id
            let forced = try await kafkactl(["plan", "force", "--block", block], server: server)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect((try jsonObject(forced)["block"] as? [String: String])?["name"] == "broker-2")
        }
        #expect(
            await scheduler.planCommands.map(\.kind) == [
                .continue, .restart, .interrupt, .forceComplete, .forceComplete,
            ])
    }

    @Test func errorsPrintTheServersMessageAndExitNonZero() async throws {
        let topics = Seed.topics()
        try await withTestServer(topics: topics) { server in
            let cases: [([String], String)] = [
                (
                    ["broker", "restart", "7"],
                    "no broker with id 7: brokers are 0 to 2 (see GET /v1/brokers) (HTTP 404)"
                ),
                (["topic", "create", "topic1"], "topic 'topic1' already exists (HTTP 409)"),
                (["topic", "offsets", "topic1", "--time", "yesterday"], "time must be first, last or a timestamp"),
                (["config", "describe", "nope"], "no configuration with id 'nope'"),
                (["plan", "continue"], "nothing to continue"),
            ]
            for (arguments, message) in cases {
                let run = try await kafkactl(arguments, server: server)
                #expect(run.status != 0, "\(arguments)")
                #expect(run.stdout.isEmpty, "\(arguments)")
                #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            }
            let wrongToken = try await kafkactl(["broker", "list"], server: server, token: "wrong")
            #expect(wrongToken.status != 0)
            #expect(wrongToken.stderr.contains("invalid API token (HTTP 401)"))
            await topics.makeUnavailable("no broker answered")
            let unavailable = try await kafkactl(["topic", "list"], server: server)
            #expect(unavailable.status != 0)
            #expect(unavailable.stderr.contains("Kafka is unavailable: no broker answered; retry later (HTTP 503)"))
        }
    }

    @Test func unreachableSchedulerFails() async throws {
        // A port that was just bound and released is very unlikely to have a listener.
        let port = try await withTestServer { server in server.port }
        let run = try await runKafkactl(
            ["broker", "list"], environment: ["KAFKA_SCHEDULER_URL": "http://127.0.0.1:\(port)"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot reach the scheduler"))
        let noURL = try await runKafkactl(["broker", "list"], environment: [:])
        #expect(noURL.status != 0)
        #expect(noURL.stderr.contains("no scheduler URL"))
    }

    @Test func urlAndTokenComeFromTheEnvironment() async throws {
        try await withTestServer { server in
            // DCOS_URI + --name: the /service/<name> prefix, token from AUTH_TOKEN.
            let dcos = try await runKafkactl(
                ["--name=kafka", "broker", "list"],
                environment: ["DCOS_URI": server.baseURL + "/", "AUTH_TOKEN": Seed.token])
            #expect(dcos.status == 0, "\(dcos.stderr)")
            #expect(dcos.stdout == SeedExamples.brokers + "\n")
            let otherName = try await runKafkactl(
                ["--name=other", "broker", "list"], environment: ["DCOS_URI": server.baseURL, "AUTH_TOKEN": Seed.token])
            #expect(otherName.status != 0)
            #expect(otherName.stderr.contains("(HTTP 404)"))
            // KAFKA_SCHEDULER_URL wins over DCOS_URI, --url over both, --token over AUTH_TOKEN.
            let direct = try await runKafkactl(
                ["broker", "list"],
                environment: [
                    "KAFKA_SCHEDULER_URL": server.baseURL, "DCOS_URI": "http://127.0.0.1:1", "AUTH_TOKEN": Seed.token,
                ])
            #expect(direct.status == 0, "\(direct.stderr)")
            let flags = try await runKafkactl(
                ["broker", "list", "--url", server.baseURL + "/service/kafka", "--token", Seed.token],
                environment: ["KAFKA_SCHEDULER_URL": "http://127.0.0.1:1", "AUTH_TOKEN": "wrong"])
            #expect(flags.status == 0, "\(flags.stderr)")
            let missingToken = try await runKafkactl(
                ["broker", "list"], environment: ["KAFKA_SCHEDULER_URL": server.baseURL])
            #expect(missingToken.status != 0)
            #expect(missingToken.stderr.contains("missing Authorization header"))
        }
    }
}

/// Runs `kafkactl arguments` against `server` with `--url` and `AUTH_TOKEN`.
func kafkactl(_ arguments: [String], server: TestServer, token: String? = nil) async throws -> CommandRun {
    try await runKafkactl(
        ["--url", server.baseURL] + arguments, environment: ["AUTH_TOKEN": token ?? server.token ?? ""])
}

/// Runs the built `kafkactl` with only `environment` (and PATH) set.
func runKafkactl(_ arguments: [String], environment: [String: String]) async throws -> CommandRun {
    var env = environment
    env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return try await CommandRun.run(try kafkactlPath(), arguments, environment: env)
}

/// `kafkactl` beside the test binary (SwiftPM builds it: the test target depends on it).
func kafkactlPath() throws -> String {
    let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let path = directory.appendingPathComponent("kafkactl").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw KafkactlNotBuilt(path: path)
    }
    return path
}

struct KafkactlNotBuilt: Error, CustomStringConvertible {
    let path: String
    var description: String { "kafkactl is not built at \(path); run swift build first" }
}

func jsonObject(_ result: CommandRun) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    return try #require(object, "not a JSON object: \(result.stdout) \(result.stderr)")
}

import Foundation
import KafkaFramework
import Plan
import TestSupport
import Testing

/// Every curl example of the seed API reference, run verbatim by a shell with `DCOS_URI` set to the
/// server's base URL and `AUTH_TOKEN` to its token, against fakes holding the reference's data.
@Suite struct SeedExampleTests {
    @Test func readExamplesAnswerTheReferencesText() async throws {
        try await withTestServer { server in
            let exact: [(Int, String)] = [
                (0, SeedExamples.connection), (1, SeedExamples.brokers), (4, SeedExamples.topics),
                (5, SeedExamples.describe), (7, SeedExamples.offsets), (11, SeedExamples.underReplicated),
                (12, SeedExamples.unavailable), (13, SeedExamples.configurations),
                (18, SeedExamples.planStatusComplete),
            ]
            for (index, expected) in exact {
                let run = try await runSeedExample(index, on: server)
                #expect(run.status == 200, "\(SeedExamples.commands[index])")
                #expect(run.body == expected, "\(SeedExamples.commands[index])")
            }
            let plan = try await runSeedExample(16, on: server)
            #expect(plan.status == 200)
            #expect(maskingIDs(plan.body) == maskingIDs(SeedExamples.plan))
        }
    }

    @Test func configurationExamplesHaveTheReferencesShape() async throws {
        try await withTestServer { server in
            for (index, mem) in [(14, 2048), (15, 4096)] {
                let run = try await runSeedExample(index, on: server)
                #expect(run.status == 200)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(run.body.utf8)) as? [String: Any])
                #expect(object.keys.sorted() == ["brokerConfiguration", "kafkaConfiguration", "serviceConfiguration"])
                let broker = try #require(object["brokerConfiguration"] as? [String: Any])
                #expect(broker["mem"] as? Int == mem)
                for key in ["cpus", "disk", "diskType", "kafkaUri", "javaUri"] {
                    #expect(broker[key] != nil, "brokerConfiguration.\(key)")
                }
                let service = try #require(object["serviceConfiguration"] as? [String: Any])
                #expect(
                    service.keys.sorted()
                        == ["count", "name", "phaseStrategy", "placementStrategy", "principal", "role", "user"])
                #expect(service["count"] as? Int == 3)
                #expect(service["name"] as? String == "kafka")
                #expect(service["principal"] as? String == "kafka-principal")
                #expect(service["role"] as? String == "kafka-role")
                #expect(service["user"] as? String == "")
                #expect(!run.body.contains("hunter2"), "a password override must be masked")
            }
        }
    }

    @Test func restartExampleAnswersTheKilledTask() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            let run = try await runSeedExample(2, on: server)
            #expect(run.status == 200)
            #expect(run.body == SeedExamples.restart)
        }
        #expect(await scheduler.restarted == [0])
        #expect(await scheduler.replaced == [])
    }

    @Test func replaceExampleAnswersTheKilledTask() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            let run = try await runSeedExample(3, on: server)
            #expect(run.status == 200)
            #expect(run.body == SeedExamples.replace)
        }
        #expect(await scheduler.replaced == [0])
        #expect(await scheduler.restarted == [])
    }

    @Test func topicWriteExamples() async throws {
        let onlyTopic0 = FakeTopics(
            brokerCount: 3,
            topics: [
                FakeTopics.Topic(
                    name: "topic0", partitions: [FakeTopics.state(partition: 0, brokers: 3, replication: 3)],
                    endOffsets: [0], firstOffsets: [0])
            ])
        try await withTestServer(topics: onlyTopic0) { server in
            let create = try await runSeedExample(6, on: server)
            #expect(create.status == 200)
            #expect(try message(create) == "Output: Created topic \"topic1\".\n")
            let test = try await runSeedExample(9, on: server)
            #expect(test.status == 200)
            #expect(try message(test).hasPrefix("10 records sent, "))
            let delete = try await runSeedExample(10, on: server)
            #expect(delete.status == 200)
            #expect(
                try message(delete)
                    == "Topic topic1 is marked for deletion.\n"
                    + "Note: This will have no impact if delete.topic.enable is not set to true.\n"
            )
        }
        #expect(try await onlyTopic0.list() == ["topic0"])

        let onePartition = FakeTopics(
            brokerCount: 3,
            topics: [
                FakeTopics.Topic(
                    name: "topic1", partitions: [FakeTopics.state(partition: 0, brokers: 3, replication: 3)],
                    endOffsets: [0], firstOffsets: [0])
            ])
        try await withTestServer(topics: onePartition) { server in
            let partitions = try await runSeedExample(8, on: server)
            #expect(partitions.status == 200)
            #expect(
                try message(partitions)
                    == "Output: WARNING: If partitions are increased for a topic that has a key, the partition "
                    + "logic or ordering of the messages will be affected\nAdding partitions succeeded!\n"
            )
        }
        #expect(try await onePartition.describe(topic: "topic1").partitions.count == 2)
    }

    @Test func planExamplesDuringARollout() async throws {
        let rolling = FakeScheduler(
            engine: {
                var engine = PlanEngine(
                    targetID: "5e56ff27-94c3-415d-aae8-a24f6ed5b42d", brokerCount: 3, strategy: .install)
                engine.observeReconciliation(.complete)
                return engine
            }(), brokers: Seed.brokers(), configurations: Seed.configurations)
        try await withTestServer(scheduler: rolling) { server in
            let status = try await runSeedExample(17, on: server)
            #expect(status.status == 200)
            #expect(maskingIDs(status.body) == maskingIDs(SeedExamples.planStatusActive))
            let plan = try await runSeedExample(16, on: server)
            #expect(plan.status == 503, "GET /v1/plan answers 503 while a rollout is in progress")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.body.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "InProgress")
        }
    }

    @Test func planCommandExamplesWithoutMethodOrIDs() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        try await withTestServer(scheduler: scheduler) { server in
            // continue releases broker-0's decision point, restart redoes it, interrupt holds the plan and
            // forceComplete completes the active block.
            for (index, command) in [(19, "continue"), (22, "restart"), (20, "interrupt"), (21, "forceComplete")] {
                let run = try await runSeedExample(index, on: server)
                #expect(run.status == 200, "\(command): \(run.body)")
                #expect(try message(run) == "Received cmd: \(command)")
            }
        }
        #expect(await scheduler.planCommands.map(\.kind) == [.continue, .restart, .interrupt, .forceComplete])
        #expect(await scheduler.planCommands.allSatisfy { $0.phaseID == nil && $0.blockID == nil })
        let plan = scheduler.snapshot.plan
        #expect(plan.phases[1].blocks[0].status == .complete)
    }

    /// The list above is the seed's: every `$ curl` line of the reference, when it is beside the repository.
    @Test(.enabled(if: SeedDocument.text != nil, "the seed API reference is not beside the repository"))
    func commandsAreEveryCurlLineOfTheReference() throws {
        let text = try #require(SeedDocument.text)
        let lines = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("$ curl") ? String(trimmed.dropFirst(2)) : nil
        }
        #expect(lines == SeedExamples.commands)
    }
}

enum SeedDocument {
    /// `../shared/seeds/000_00f4c72c09a65f1c.txt` from the repository root, if present.
    static var text: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/seeds/000_00f4c72c09a65f1c.txt")
        return try? String(contentsOf: url, encoding: .utf8)
    }
}

struct SeedRun {
    let status: Int
    /// The body without trailing newlines.
    let body: String
}

/// Runs seed example `index` verbatim with `sh -c`. A private curlrc adds `--silent --show-error` and writes
/// the status code after the body, so the command line itself stays exactly the reference's.
func runSeedExample(_ index: Int, on server: TestServer) async throws -> SeedRun {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("curlhome-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    try "silent\nshow-error\nmax-time = 10\nwrite-out = \"\\n%{http_code}\"\n".write(
        to: home.appendingPathComponent(".curlrc"), atomically: true, encoding: .utf8)
    let environment = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "HOME": home.path, "CURL_HOME": home.path,
        "DCOS_URI": server.baseURL, "AUTH_TOKEN": server.token ?? "",
    ]
    let result = try await CommandRun.run("/bin/sh", ["-c", SeedExamples.commands[index]], environment: environment)
    guard result.status == 0 else { throw CurlError.failed(status: result.status, stderr: result.stderr) }
    let output = result.stdout
    guard let newline = output.lastIndex(of: "\n"), let status = Int(output[output.index(after: newline)...]) else {
        throw CurlError.malformed(output)
    }
    var body = String(output[..<newline])
    while body.hasSuffix("\n") { body.removeLast() }
    return SeedRun(status: status, body: body)
}

/// The `message` of a `{"message": …}` answer.
func message(_ run: SeedRun) throws -> String {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.body.utf8)) as? [String: Any])
    return try #require(object["message"] as? String)
}

/// `text` with every UUID replaced by `<id>`.
func maskingIDs(_ text: String) -> String {
    text.replacingOccurrences(
        of: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", with: "<id>", options: .regularExpression)
}

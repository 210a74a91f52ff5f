import Foundation
import Mesos
import TestSupport
import Testing

@testable import MesosLocal

/// Runs a command to its end (archive tools for the test's inputs).
private func run(_ executable: String, _ arguments: [String], in directory: String) async throws {
    let process = try await ManagedProcess.spawn(
        .init(executable: executable, arguments: arguments, workingDirectory: directory))
    let status = await process.waitForExit()
    guard status == .exited(0) else {
        throw AgentTestError(description: "\(executable) \(arguments) \(status)")
    }
}

@Suite("Agent: fetching URIs into the sandbox")
struct AgentFetchTests {
    @Test func fetchesPathsFileURIsAndHTTPAndExtractsArchives() async throws {
        let inputs = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: inputs) }
        let manager = FileManager.default
        try "#!/bin/sh\necho script ran\n".write(toFile: "\(inputs)/start.sh", atomically: true, encoding: .utf8)
        for (directory, file, text) in [
            ("tgzdir", "a.txt", "from tgz"), ("zipdir", "b.txt", "from zip"),
            ("bz2dir", "c.txt", "from bz2"), ("xzdir", "d.txt", "from xz"),
        ] {
            try manager.createDirectory(atPath: "\(inputs)/\(directory)", withIntermediateDirectories: true)
            try text.write(toFile: "\(inputs)/\(directory)/\(file)", atomically: true, encoding: .utf8)
        }
        try "plain notes".write(toFile: "\(inputs)/notes.txt", atomically: true, encoding: .utf8)
        try await run("tar", ["czf", "bundle.tgz", "tgzdir"], in: inputs)
        try await run("tar", ["cjf", "bundle.tar.bz2", "bz2dir"], in: inputs)
        try await run("tar", ["cJf", "bundle.tar.xz", "xzdir"], in: inputs)
        try await run("zip", ["-q", "-r", "bundle.zip", "zipdir"], in: inputs)
        let served = [
            "bundle.zip": try Data(contentsOf: URL(fileURLWithPath: "\(inputs)/bundle.zip")),
            "bundle.tgz": try Data(contentsOf: URL(fileURLWithPath: "\(inputs)/bundle.tgz")),
            "notes.txt": Data("served notes".utf8),
        ]

        try await withFileServer(served) { base in
            try await withAgent { fixture in
                let uris: [CommandInfo.URI] = [
                    .init(value: "\(inputs)/start.sh", executable: true),
                    .init(value: "file://\(inputs)/bundle.tar.bz2"),
                    .init(value: "\(inputs)/bundle.tar.xz", extract: true),
                    .init(value: "\(base)/files/bundle.zip", cache: true),
                    .init(value: "\(base)/files/bundle.tgz"),
                    .init(value: "\(base)/files/notes.txt", outputFile: "conf/renamed.txt"),
                    .init(value: "file://\(inputs)/bundle.tgz", extract: false, outputFile: "kept.tgz"),
                ]
                let task = shellTask("fetch", "./start.sh", uris: uris)
                let taskID = await fixture.launch(task)
                try await fixture.expect([.starting, .running], for: taskID)
                let sandbox = try await fixture.sandbox(of: taskID)
                let finished = try await fixture.expect([.finished], for: taskID)[0]
                #expect(finished.status.message == "Command exited with status 0")

                #expect(readFile("\(sandbox)/stdout") == "script ran\n")
                #expect(manager.isExecutableFile(atPath: "\(sandbox)/start.sh"))
                #expect(readFile("\(sandbox)/tgzdir/a.txt") == "from tgz")
                #expect(readFile("\(sandbox)/zipdir/b.txt") == "from zip")
                #expect(readFile("\(sandbox)/bz2dir/c.txt") == "from bz2")
                #expect(readFile("\(sandbox)/xzdir/d.txt") == "from xz")
                #expect(readFile("\(sandbox)/conf/renamed.txt") == "served notes")
                // Archives stay next to what they unpacked; extract: false leaves one packed.
                #expect(manager.fileExists(atPath: "\(sandbox)/bundle.zip"))
                #expect(manager.fileExists(atPath: "\(sandbox)/kept.tgz"))
                // Fetched files keep their mode unless executable is set.
                #expect(!manager.isExecutableFile(atPath: "\(sandbox)/conf/renamed.txt"))
            }
        }
    }

    @Test func httpErrorFailsTheTaskWithTheStatus() async throws {
        try await withFileServer([:]) { base in
            try await withAgent { fixture in
                let taskID = await fixture.launch(
                    shellTask("fetch-404", "true", uris: [.init(value: "\(base)/files/kafka.tgz")]))
                let failed = try await fixture.expect([.failed], for: taskID)[0].status
                #expect(failed.reason == .containerLaunchFailed)
                #expect(failed.source == .agent)
                let message = try #require(failed.message)
                #expect(message.hasPrefix("Failed to launch container: Failed to fetch all URIs for container '"))
                #expect(message.contains("Failed to fetch '\(base)/files/kafka.tgz': HTTP status 404"))
                #expect(await fixture.agent.runningTasks().isEmpty)
            }
        }
    }

    @Test func missingFileAndUnsupportedSchemeFailTheTask() async throws {
        try await withAgent { fixture in
            let missing = "/nonexistent-\(UUID().uuidString)/kafka.tgz"
            let first = await fixture.launch(shellTask("fetch-missing", "true", uris: [.init(value: missing)]))
            let failed = try await fixture.expect([.failed], for: first)[0].status
            #expect(failed.reason == .containerLaunchFailed)
            #expect(failed.message?.contains("Failed to fetch '\(missing)': '\(missing)' does not exist") == true)

            let second = await fixture.launch(
                shellTask("fetch-hdfs", "true", uris: [.init(value: "hdfs://namenode/kafka.tgz")]))
            let unsupported = try await fixture.expect([.failed], for: second)[0].status
            #expect(unsupported.message?.contains("unsupported scheme 'hdfs'") == true)
        }
    }

    @Test func brokenArchiveFailsWithTheToolsMessage() async throws {
        let inputs = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: inputs) }
        try "not a tarball".write(toFile: "\(inputs)/broken.tgz", atomically: true, encoding: .utf8)
        try await withAgent { fixture in
            let taskID = await fixture.launch(
                shellTask("broken", "true", uris: [.init(value: "\(inputs)/broken.tgz")]))
            let failed = try await fixture.expect([.failed], for: taskID)[0].status
            let message = try #require(failed.message)
            #expect(message.contains("cannot extract"))
            #expect(message.contains("tar exited with status 2"))
        }
    }

    @Test func killDuringTheFetchStopsTheLaunch() async throws {
        try await withFileServer([:]) { base in
            try await withAgent { fixture in
                let taskID = await fixture.launch(
                    shellTask("fetch-stall", "touch started", uris: [.init(value: "\(base)/stall")]))
                #expect(await fixture.agent.runningTasks()[taskID] == .staging)
                await fixture.agent.kill(taskID, gracePeriod: nil, sendKilling: true)
                let killed = try await fixture.expect([.killed], for: taskID)[0].status
                #expect(killed.reason == .taskKilledDuringLaunch)
                #expect(killed.source == .agent)
                #expect(await fixture.agent.runningTasks().isEmpty)
            }
        }
    }

    @Test func sourcesDestinationsAndArchiveKinds() throws {
        #expect(try AgentFetcher.source(of: "/opt/kafka.tgz") == .file(path: "/opt/kafka.tgz"))
        #expect(try AgentFetcher.source(of: "file:///opt/my%20kafka.tgz") == .file(path: "/opt/my kafka.tgz"))
        #expect(try AgentFetcher.source(of: "file://localhost/opt/k.tgz") == .file(path: "/opt/k.tgz"))
        #expect(try AgentFetcher.source(of: "HTTPS://example.com/k.tgz") == .http(url: "HTTPS://example.com/k.tgz"))
        #expect(throws: AgentFetchError.self) { try AgentFetcher.source(of: "kafka.tgz") }
        #expect(throws: AgentFetchError.self) { try AgentFetcher.source(of: "file://otherhost/k.tgz") }
        #expect(throws: AgentFetchError.self) { try AgentFetcher.source(of: "s3://bucket/k.tgz") }

        let http = CommandInfo.URI(value: "http://h/dl/kafka_2.13-3.7.0.tgz?token=x#frag")
        #expect(
            try AgentFetcher.destination(of: http, source: .http(url: http.value), sandbox: "/s")
                == "/s/kafka_2.13-3.7.0.tgz")
        let renamed = CommandInfo.URI(value: "http://h/", outputFile: "bin/run")
        #expect(
            try AgentFetcher.destination(of: renamed, source: .http(url: renamed.value), sandbox: "/s") == "/s/bin/run")
        let nameless = CommandInfo.URI(value: "http://h/")
        #expect(throws: AgentFetchError.self) {
            try AgentFetcher.destination(of: nameless, source: .http(url: nameless.value), sandbox: "/s")
        }
        let escaping = CommandInfo.URI(value: "/a", outputFile: "../../etc/passwd")
        #expect(throws: AgentFetchError.self) {
            try AgentFetcher.destination(of: escaping, source: .file(path: "/a"), sandbox: "/s")
        }

        #expect(AgentFetcher.archiveKind(of: "/s/a.tar") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.tar.gz") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.tgz") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.tar.bz2") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.tar.xz") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.txz") == .tar)
        #expect(AgentFetcher.archiveKind(of: "/s/a.zip") == .zip)
        #expect(AgentFetcher.archiveKind(of: "/s/a.json.gz") == .gzip)
        #expect(AgentFetcher.archiveKind(of: "/s/a.jar") == nil)
    }
}

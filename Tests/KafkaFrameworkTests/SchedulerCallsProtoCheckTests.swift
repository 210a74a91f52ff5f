import Foundation
import Mesos
import StateStore
import TestSupport
import Testing

@testable import KafkaFramework

/// The calls the scheduler sends in a deploy, an update, a restart, a replace and a cleanup parse strictly
/// against the official v1 protos (scripts/mesos-proto-check.py).
@Suite struct SchedulerCallsProtoCheckTests {
    /// One call of each shape: type plus the operations of an ACCEPT, in both reservation formats.
    static func sample(_ calls: [Call]) -> [Call] {
        var seen = Set<String>()
        return calls.filter { call in
            var key = call.type.wireName
            if let accept = call.accept {
                key += accept.operations.map(\.type.wireName).joined(separator: ",")
                key += accept.operations.contains { $0.reserve?.resources.first?.role != nil } ? " pre" : ""
            }
            if let reconcile = call.reconcile { key += reconcile.tasks.isEmpty ? " implicit" : " explicit" }
            return seen.insert(key).inserted
        }
    }

    static func calls(preRefinement: Bool) async -> [Call] {
        let store = InMemoryStateStore()
        let cluster = SimulatedCluster(agents: 4)
        cluster.preRefinement = preRefinement
        let first = SchedulerHarness(configuration: testConfiguration(count: 3), store: store, cluster: cluster)
        await first.start()
        await first.run { $0.planComplete }
        let second = SchedulerHarness(
            configuration: testConfiguration(count: 3, cpus: 2, memMB: 1024), store: store, cluster: cluster)
        await second.start()
        await second.run { $0.planComplete }
        _ = await second.command(.restart(broker: 0))
        _ = await second.command(.replace(broker: 1))
        await second.run(limit: 10) { _ in false }
        return first.sender.all + second.sender.all
    }

    @Test func aSampleOfTheSchedulersCallsParsesStrictly() async throws {
        let calls = Self.sample(await Self.calls(preRefinement: false) + Self.calls(preRefinement: true))
        let types = Set(calls.map(\.type.wireName))
        #expect(types.isSuperset(of: ["ACCEPT", "DECLINE", "REVIVE", "SUPPRESS", "KILL", "ACKNOWLEDGE", "RECONCILE"]))
        #expect(calls.contains { $0.accept?.operations.contains { $0.type == .destroy } == true })
        #expect(calls.contains { $0.accept?.operations.contains { $0.type == .unreserve } == true })
        let documents = try calls.enumerated().map { index, call in
            ("call", "\(index)-\(call.type.wireName)", try MesosJSON.encode(call))
        }
        for (label, failure) in try await ProtoCheck.run(documents) {
            #expect(failure == nil, "\(label): \(failure ?? "")")
        }
    }
}

/// Runs scripts/mesos-proto-check.py on documents written to a temporary directory.
enum ProtoCheck {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/mesos-proto-check.py")
    }

    /// Each label with nil when it passed, or the checker's reason.
    static func run(_ documents: [(kind: String, label: String, json: [UInt8])]) async throws -> [(String, String?)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scheduler-proto-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = [script.path]
        var labels: [String: String] = [:]
        for (index, document) in documents.enumerated() {
            let file = directory.appendingPathComponent("\(index).json")
            try Data(document.json).write(to: file)
            arguments.append("\(document.kind):\(file.path)")
            labels[file.path] = document.label
        }
        let output = directory.appendingPathComponent("output.txt")
        let process = try await ManagedProcess.spawn(
            .init(executable: "/usr/bin/python3", arguments: arguments, logFile: output.path))
        guard let status = await process.waitForExit(timeout: .seconds(120)) else {
            _ = await process.terminate()
            throw Failure(description: "mesos-proto-check.py did not finish within 120 s")
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == .exited(0) || status == .exited(1) else {
            throw Failure(description: "mesos-proto-check.py could not run (\(status)): \(text)")
        }
        var results: [(String, String?)] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("OK ") {
                let path = String(line.dropFirst(3))
                results.append((labels[path] ?? path, nil))
            } else if line.hasPrefix("FAIL "), let colon = line.dropFirst(5).firstIndex(of: ":") {
                let path = String(line.dropFirst(5)[..<colon])
                results.append((labels[path] ?? path, String(line[line.index(after: colon)...])))
            }
        }
        guard results.count == documents.count else {
            throw Failure(description: "mesos-proto-check.py reported \(results.count) of \(documents.count): \(text)")
        }
        return results
    }
}

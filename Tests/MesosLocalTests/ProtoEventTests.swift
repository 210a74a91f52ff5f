import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// Every kind of event mesos-local sends parses strictly against the official v1 protos
/// (scripts/mesos-proto-check.py: protoc + json_format, unknown fields rejected, proto names only).
@Suite struct ProtoEventTests {
    static func check(_ records: [[UInt8]]) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mesos-local-proto-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("events.json")
        let array = "[" + records.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",\n") + "]"
        try array.write(to: file, atomically: true, encoding: .utf8)
        let script = PymesosTests.repositoryRoot.appendingPathComponent("scripts/mesos-proto-check.py").path
        let (status, output) = try await PymesosTests.run(
            "/usr/bin/python3", [script, "event:\(file.path)"], timeout: .seconds(60))
        let failures = output.split(separator: "\n").filter { !$0.hasPrefix("OK ") }
        #expect(status == 0, "mesos-proto-check.py:\n\(output)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("OK ") }.count == records.count)
    }

    @Test func everyEventKindParsesStrictly() async throws {
        var records: [[UInt8]] = []
        try await withCluster(agents: 2, configure: { $0.heartbeatInterval = .milliseconds(200) }) { cluster, _ in
            // A framework with every capability (refinement format, allocation info) ...
            let modern = try await TestScheduler.subscribe(cluster.url)
            defer { modern.close() }
            // ... and one with none (pre-refinement format, no allocation info, TASK_LOST).
            let legacy = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(name: "legacy", roles: ["*"], capabilities: []))
            defer { legacy.close() }

            let offers = try await modern.next(.offers).offers!.offers
            let offer = offers[0]
            let reserve = MasterAcceptTests.reserved
            let task = commandTask(
                "broker-1", agentID: offer.agentID,
                resources: [reserve(.cpus(1)), reserve(.mem(1024)), MasterAcceptTests.volume])
            try await modern.send(
                .accept(
                    frameworkID: modern.frameworkID, offerIDs: [offer.id],
                    operations: [
                        .reserve([reserve(.cpus(1)), reserve(.mem(1024)), reserve(.disk(5000))]),
                        .create([MasterAcceptTests.volume]), .launch([task]),
                    ], filters: Filters(refuseSeconds: 0)))
            _ = try await modern.update("broker-1", .running)
            try await modern.send(.kill(frameworkID: modern.frameworkID, taskID: "broker-1"))
            _ = try await modern.update("broker-1", .killed)
            // Offers with a reservation and a volume, in both formats.
            _ = try await modern.next(.offers, timeout: .seconds(3)) {
                !Resources($0.offers!.offers[0].resources).volumes.isEmpty
            }
            try await modern.send(
                .reconcile(
                    frameworkID: modern.frameworkID,
                    tasks: [.init(taskID: "x", agentID: offer.agentID), .init(taskID: "y")]))
            _ = try await modern.update("x", .gone)
            _ = try await modern.update("y", .unknown)
            try await modern.send(
                .accept(frameworkID: modern.frameworkID, offerIDs: ["bad"], operations: [.launch([task])]))
            _ = try await modern.update("broker-1", .dropped)

            let legacyOffer = try await legacy.next(.offers, timeout: .seconds(3)).offers!.offers[0]
            try await legacy.send(
                .accept(
                    frameworkID: legacy.frameworkID, offerIDs: [legacyOffer.id],
                    operations: [
                        .launch([commandTask("old", agentID: legacyOffer.agentID, resources: [.cpus(0.5), .mem(64)])])
                    ]))
            _ = try await legacy.update("old", .running)
            try await cluster.removeAgent(legacyOffer.agentID)
            _ = try await legacy.update("old", .lost)
            _ = try await legacy.next(.failure)
            _ = try await modern.next(.failure)
            _ = try await modern.next(.heartbeat)

            // A failover ERROR on the old stream.
            let replacement = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(id: modern.frameworkID))
            defer { replacement.close() }
            _ = try await modern.next(.error)
            records = await modern.log.records + legacy.log.records + replacement.log.records
        }
        let kinds = Set(records.compactMap { try? MesosJSON.decode(Event.self, from: $0).type.wireName })
        #expect(kinds.isSuperset(of: ["SUBSCRIBED", "HEARTBEAT", "OFFERS", "UPDATE", "FAILURE", "ERROR"]))
        try await Self.check(records)
    }
}

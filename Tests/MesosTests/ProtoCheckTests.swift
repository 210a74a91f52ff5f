import Foundation
import Testing

@testable import Mesos

/// Everything our scheduler sends and everything a master sends, encoded by our types, parses
/// strictly against the official v1 protos (scripts/mesos-proto-check.py: protoc, json_format
/// with ignore_unknown_fields=False, IsInitialized, proto field names only, and the master's
/// stateless call validation).
@Suite struct ProtoCheckTests {
    static let frameworkID: FrameworkID = "5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-0000"
    static let agentID: AgentID = "5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-S3"
    static let labels: Labels = ["broker_id": "1"]

    static var frameworkInfo: FrameworkInfo {
        FrameworkInfo(
            user: "kafka", name: "kafka-scheduler", failoverTimeout: 604_800, checkpoint: true, roles: ["kafka"],
            hostname: "scheduler.local", principal: "kafka-fw", webuiURL: "http://scheduler.local:8080",
            capabilities: [
                .init(.multiRole), .init(.reservationRefinement), .init(.partitionAware), .init(.taskKillingState),
            ],
            labels: ["framework": "kafka"]
        )
    }

    static func reserved(_ resource: Resource) -> Resource {
        resource.reserved(role: "kafka", principal: "kafka-fw", labels: labels).allocated(to: "kafka")
    }

    static var volume: Resource {
        reserved(.disk(10000)).withPersistentVolume(
            id: "kafka-broker-1-data", containerPath: "kafka-data", principal: "kafka-fw")
    }

    static var task: TaskInfo {
        TaskInfo(
            name: "kafka-broker-1", taskID: "kafka-broker-1__a1b2", agentID: agentID,
            resources: [
                reserved(.cpus(1)), reserved(.mem(4096)), Resource.ports(31000...31000).allocated(to: "kafka"), volume,
            ],
            command: CommandInfo(
                value: "exec ./kafka/bin/kafka-server-start.sh server.properties", shell: true,
                uris: [
                    .init(
                        value: "http://repo.local/kafka.tgz", executable: false, extract: true, cache: false,
                        outputFile: "kafka.tgz")
                ],
                environment: Environment(["PORT0": "31000", "KAFKA_HEAP_OPTS": "-Xmx1g"])
            ),
            killPolicy: KillPolicy(gracePeriod: DurationInfo(seconds: 30)),
            labels: labels
        )
    }

    /// The calls our scheduler sends.
    static var calls: [(String, Call)] {
        var resubscribeInfo = frameworkInfo
        resubscribeInfo.id = frameworkID
        let reserveCreateLaunch: [Offer.Operation] = [
            .reserve([reserved(.cpus(1)), reserved(.mem(4096)), reserved(.disk(10000))]),
            .create([volume]),
            .launch([task]),
        ]
        return [
            ("subscribe", .subscribe(frameworkInfo)),
            ("resubscribe", .subscribe(resubscribeInfo, suppressedRoles: ["kafka"])),
            (
                "accept-reserve-create-launch",
                .accept(
                    frameworkID: frameworkID, offerIDs: ["O17"], operations: reserveCreateLaunch,
                    filters: Filters(refuseSeconds: 5)
                )
            ),
            (
                "accept-pre-refinement",
                .accept(
                    frameworkID: frameworkID, offerIDs: ["O17"],
                    operations: try! reserveCreateLaunch.map {
                        try $0.strippingAllocationInfo().toPreRefinement()
                    }
                )
            ),
            (
                "accept-destroy-unreserve",
                .accept(
                    frameworkID: frameworkID, offerIDs: ["O18", "O19"],
                    operations: [
                        .destroy([volume]),
                        .unreserve([reserved(.cpus(1)), reserved(.mem(4096)), reserved(.disk(10000))]),
                    ]
                )
            ),
            ("decline", .decline(frameworkID: frameworkID, offerIDs: ["O20"], filters: Filters(refuseSeconds: 3600))),
            ("decline-no-filters", .decline(frameworkID: frameworkID, offerIDs: ["O21"])),
            ("revive", .revive(frameworkID: frameworkID)),
            ("revive-roles", .revive(frameworkID: frameworkID, roles: ["kafka"])),
            ("suppress", .suppress(frameworkID: frameworkID, roles: ["kafka"])),
            ("kill", .kill(frameworkID: frameworkID, taskID: "kafka-broker-1__a1b2", agentID: agentID)),
            (
                "kill-policy",
                .kill(
                    frameworkID: frameworkID, taskID: "kafka-broker-1__a1b2",
                    killPolicy: KillPolicy(gracePeriod: DurationInfo(nanoseconds: 5_000_000_000))
                )
            ),
            (
                "acknowledge",
                .acknowledge(
                    frameworkID: frameworkID, agentID: agentID, taskID: "kafka-broker-1__a1b2", uuid: exampleUUID)
            ),
            (
                "reconcile-explicit",
                .reconcile(
                    frameworkID: frameworkID,
                    tasks: [
                        .init(taskID: "kafka-broker-1__a1b2", agentID: agentID), .init(taskID: "kafka-broker-2__c3d4"),
                    ]
                )
            ),
            ("reconcile-implicit", .reconcile(frameworkID: frameworkID)),
            ("teardown", .teardown(frameworkID: frameworkID)),
            ("shutdown", .shutdown(frameworkID: frameworkID, executorID: "e", agentID: agentID)),
            ("message", .message(frameworkID: frameworkID, agentID: agentID, executorID: "e", data: Data("hi".utf8))),
        ]
    }

    static var offer: Offer {
        Offer(
            id: "5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c-O17", frameworkID: frameworkID, agentID: agentID,
            hostname: "agent3.local",
            resources: [
                .cpus(3.5), .mem(12288), .disk(50000), .ports(31000...31099, 31200...32000),
                Resource.disk(100_000).onDisk(.mount(root: "/mnt/d1")),
                Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: labels),
                Resource.mem(2048).reservedStatically(role: "kafka"),
                volume.strippingAllocationInfo(),
            ].allocated(to: "kafka"),
            attributes: [.text("rack", "r1"), .scalar("generation", 3)],
            executorIDs: ["e1"],
            allocationInfo: .init(role: "kafka"),
            url: MesosURL(
                scheme: "http", address: Address(hostname: "agent3.local", ip: "10.0.0.3", port: 5051),
                path: "/slave(1)")
        )
    }

    /// The events a master sends.
    static var events: [(String, Event)] {
        let master = MasterInfo(
            id: "5b9e9c4e-7e0a-4c5e-9f1c-2f8e8f6a1b2c", ip: MasterInfo.packedIPv4("127.0.0.1")!, port: 5050,
            pid: "master@127.0.0.1:5050", hostname: "localhost", version: "1.11.0",
            address: Address(hostname: "localhost", ip: "127.0.0.1", port: 5050)
        )
        let running = TaskStatus(
            taskID: "kafka-broker-1__a1b2", state: .running, message: "started", source: .executor, agentID: agentID,
            executorID: "kafka-broker-1__a1b2", timestamp: 1_716_200_000.123, uuid: exampleUUID, healthy: true,
            labels: labels,
            containerStatus: ContainerStatus(
                containerID: ContainerID("c1", parent: ContainerID("c0")), executorPID: 4242)
        )
        let reconciliation = TaskStatus(
            taskID: "t", state: .lost, message: "Reconciliation: Task is unknown", source: .master,
            reason: .reconciliation,
            timestamp: 1_716_200_000.5
        )
        let unreachable = TaskStatus(
            taskID: "t", state: .unreachable, message: "Agent lost", source: .master, reason: .agentRemoved,
            agentID: agentID,
            timestamp: 1_716_200_000.5, unreachableTime: TimeInfo(nanoseconds: 1_716_200_000_500_000_000)
        )
        return [
            ("subscribed", .subscribed(frameworkID: frameworkID, heartbeatIntervalSeconds: 15, masterInfo: master)),
            (
                "offers-refinement-multi-role",
                .offers([try! offer.formatted(multiRole: true, reservationRefinement: true)])
            ),
            ("offers-pre-refinement", .offers([try! offer.formatted(multiRole: false, reservationRefinement: false)])),
            (
                "offers-pre-refinement-multi-role",
                .offers([try! offer.formatted(multiRole: true, reservationRefinement: false)])
            ),
            ("rescind", .rescind("O17")),
            ("update-running", .update(running)),
            (
                "update-finished",
                .update(
                    TaskStatus(
                        taskID: "t", state: .finished, message: "Command exited with status 0", source: .executor,
                        agentID: agentID, uuid: exampleUUID))
            ),
            ("update-reconciliation", .update(reconciliation)),
            ("update-unreachable", .update(unreachable)),
            (
                "update-error",
                .update(
                    TaskStatus(
                        taskID: "t", state: .error, message: "Task uses more resources than available", source: .master,
                        reason: .taskInvalid))
            ),
            ("failure-agent", .failure(agentID: agentID)),
            ("failure-executor", .failure(agentID: agentID, executorID: "e", status: 137)),
            ("error", .error("Framework failed over")),
            ("heartbeat", .heartbeat),
            ("message", .message(ExecutorMessage(agentID: agentID, executorID: "e", data: Data("hello".utf8)))),
            (
                "inverse-offers",
                .inverseOffers([
                    InverseOffer(
                        id: "IO1", frameworkID: frameworkID, agentID: agentID,
                        unavailability: Unavailability(
                            start: TimeInfo(nanoseconds: 1_716_200_000_000_000_000),
                            duration: DurationInfo(seconds: 3600))
                    )
                ])
            ),
            ("rescind-inverse-offer", .rescindInverseOffer("IO1")),
        ]
    }

    @Test func everyCallOurSchedulerSendsParsesStrictly() throws {
        let documents = try Self.calls.map { ("call", $0.0, try MesosJSON.encode($0.1)) }
        try expectAllPass(try ProtoChecker.check(documents))
    }

    @Test func everyEventAMasterSendsParsesStrictly() throws {
        let documents = try Self.events.map { ("event", $0.0, try MesosJSON.encode($0.1)) }
        try expectAllPass(try ProtoChecker.check(documents))
    }

    /// The re-encoded examples pass too, except for the additions of Mesos 1.5+ that Debian's
    /// copy of the protos (mesos-go 0.0.6) does not have yet. Should that copy catch up, this
    /// test says so.
    @Test func reEncodedExamplesParseStrictly() throws {
        var documents: [(String, String, [UInt8])] = []
        for file in Fixtures.callFiles + Fixtures.eventFiles {
            let isCall = Fixtures.callFiles.contains(file)
            for (index, document) in try Fixtures.documents(file).enumerated() {
                let bytes =
                    isCall
                    ? try MesosJSON.encode(MesosJSON.decode(Call.self, from: document))
                    : try MesosJSON.encode(MesosJSON.decode(Event.self, from: document))
                documents.append((isCall ? "call" : "event", "\(file)-\(index)", bytes))
            }
        }
        let results = try ProtoChecker.check(documents)
        let knownGaps = [
            "misc_calls.json-10": "Invalid enum value ACKNOWLEDGE_OPERATION_STATUS",
            "events_misc.json-8": "Invalid enum value UPDATE_OPERATION_STATUS",
            "subscribed.json-0": "has no field named \"capabilities\"",
        ]
        #expect(results.count == documents.count)
        for (label, failure) in results {
            if let gap = knownGaps[label] {
                #expect(
                    failure?.contains(gap) == true, "\(label): expected the known gap '\(gap)', got \(failure ?? "OK")")
            } else {
                #expect(failure == nil, "\(label): \(failure ?? "")")
            }
        }
    }

    @Test func theCheckerRejectsWhatMesosWouldReject() throws {
        let bad: [(String, String, [UInt8])] = [
            (
                "call", "camel-case",
                Array(#"{"framework_id":{"value":"F"},"type":"DECLINE","decline":{"offerIds":[{"value":"O"}]}}"#.utf8)
            ),
            ("call", "unknown-field", Array(#"{"framework_id":{"value":"F"},"type":"TEARDOWN","extra":1}"#.utf8)),
            ("call", "missing-required", Array(#"{"framework_id":{"value":"F"},"type":"KILL","kill":{}}"#.utf8)),
            (
                "call", "short-uuid",
                try MesosJSON.encode(Call.acknowledge(frameworkID: "F", agentID: "S", taskID: "t", uuid: Data([1, 2])))
            ),
            ("call", "no-body", try MesosJSON.encode(Call(type: .accept, frameworkID: "F"))),
            (
                "call", "no-framework-id",
                try MesosJSON.encode(Call.teardown(frameworkID: "F").with { $0.frameworkID = nil })
            ),
            ("event", "unknown-event-type", Array(#"{"type":"HEARTBEATS"}"#.utf8)),
        ]
        let results = Dictionary(uniqueKeysWithValues: try ProtoChecker.check(bad))
        #expect(results["camel-case"]??.contains("proto field name is 'offer_ids'") == true)
        #expect(results["unknown-field"]??.contains("no field named \"extra\"") == true)
        #expect(results["missing-required"]??.contains("kill.task_id") == true)
        #expect(results["short-uuid"]??.contains("not 16") == true)
        #expect(results["no-body"]??.contains("Expecting 'accept' to be present") == true)
        #expect(results["no-framework-id"]??.contains("Expecting 'framework_id' to be present") == true)
        #expect(results["unknown-event-type"]??.contains("Invalid enum value HEARTBEATS") == true)
    }

    private func expectAllPass(_ results: [(String, String?)], sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        #expect(!results.isEmpty, sourceLocation: sourceLocation)
        for (label, failure) in results {
            #expect(
                failure == nil, "\(label) does not parse strictly: \(failure ?? "")", sourceLocation: sourceLocation)
        }
    }
}

extension Call {
    fileprivate func with(_ change: (inout Call) -> Void) -> Call {
        var copy = self
        change(&copy)
        return copy
    }
}

/// Runs scripts/mesos-proto-check.py on documents written to a temporary directory.
enum ProtoChecker {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/mesos-proto-check.py")
    }

    /// Returns each label with nil when it passed, or the checker's reason.
    static func check(_ documents: [(kind: String, label: String, json: [UInt8])]) throws -> [(String, String?)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mesos-proto-check-\(UUID().uuidString)")
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

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            throw Failure(
                description: "mesos-proto-check.py could not run (exit \(process.terminationStatus)): \(stderr)")
        }

        var results: [(String, String?)] = []
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("OK ") {
                let path = String(line.dropFirst(3))
                results.append((labels[path] ?? path, nil))
            } else if line.hasPrefix("FAIL ") {
                let rest = line.dropFirst(5)
                guard let colon = rest.firstIndex(of: ":") else { continue }
                let path = String(rest[..<colon])
                results.append(
                    (
                        labels[path] ?? path,
                        String(rest[rest.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    ))
            }
        }
        guard results.count == documents.count else {
            throw Failure(
                description:
                    "mesos-proto-check.py reported \(results.count) of \(documents.count) documents:\n\(stdout)\n\(stderr)"
            )
        }
        return results
    }
}

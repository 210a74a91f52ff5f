import Foundation
import Mesos
import Testing

@testable import MesosLocal

@Suite("Agent: persistent volumes")
struct AgentVolumeTests {
    private let volume = Resource.disk(64).reserved(role: "kafka", principal: "kafka-principal")
        .withPersistentVolume(id: "broker-0-data", containerPath: "kafka-data")

    private func task(_ name: String, _ command: String) -> TaskInfo {
        shellTask(name, command, resources: [.cpus(0.1), .mem(32), volume])
    }

    @Test func dataSurvivesTaskRestartsAndAgentRestarts() async throws {
        let workDirectory = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let volumeDirectory = "\(workDirectory)/volumes/roles/kafka/broker-0-data"

        try await withAgent(workDirectory: workDirectory) { fixture in
            #expect(fixture.agent.volumeDirectory(role: "kafka", persistenceID: "broker-0-data") == volumeDirectory)
            let first = await fixture.launch(task("first", "echo one >> kafka-data/log"))
            try await fixture.expect([.starting, .running], for: first)
            let sandbox = try await fixture.sandbox(of: first)
            try await fixture.expect([.finished], for: first)
            #expect(
                try FileManager.default.destinationOfSymbolicLink(atPath: "\(sandbox)/kafka-data") == volumeDirectory)
            #expect(readFile("\(volumeDirectory)/log") == "one\n")

            // A new task with the same volume sees the data.
            let second = try await fixture.run(task("second", "echo two >> kafka-data/log"))
            #expect(second.status.state == .finished)

            // The agent restarts under a running task: the task fails, the data stays.
            let third = await fixture.launch(task("third", "echo three >> kafka-data/log; exec sleep 1000"))
            try await fixture.expect([.starting, .running], for: third)
            try await eventually("the third task writes") {
                readFile("\(volumeDirectory)/log")?.contains("three") == true
            }
            let pid = try #require(await fixture.agent.processID(of: third))
            await fixture.agent.restart()
            #expect(!processIsAlive(pid))
            let failed = try await fixture.expect([.failed], for: third)[0].status
            #expect(failed.reason == .agentRestarted)
            #expect(failed.message == "Agent restarted")
            #expect(failed.source == .agent)

            // After the restart the agent launches again, with the volume's data intact.
            let fourth = try await fixture.run(task("fourth", "echo four >> kafka-data/log"))
            #expect(fourth.status.state == .finished)
        }
        #expect(readFile("\(volumeDirectory)/log") == "one\ntwo\nthree\nfour\n")

        // A new agent on the same work directory (mesos-local restarted) finds the volume as it was.
        try await withAgent(workDirectory: workDirectory) { fixture in
            let reader = await fixture.launch(task("reader", "cat kafka-data/log"))
            try await fixture.expect([.starting, .running], for: reader)
            let sandbox = try await fixture.sandbox(of: reader)
            try await fixture.expect([.finished], for: reader)
            #expect(readFile("\(sandbox)/stdout") == "one\ntwo\nthree\nfour\n")

            await fixture.agent.destroyVolume(role: "kafka", persistenceID: "broker-0-data")
            #expect(!FileManager.default.fileExists(atPath: volumeDirectory))
        }
    }

    @Test func mountDiskVolumeIsTheMountRoot() async throws {
        try await withAgent { fixture in
            let root = "\(fixture.workDirectory)/disks/mount-0"
            let mountVolume = Resource.disk(1024).onDisk(.mount(root: root)).reserved(role: "kafka")
                .withPersistentVolume(id: "broker-1-data", containerPath: "data/kafka")
            let taskID = await fixture.launch(
                shellTask("mount", "echo on mount > data/kafka/file", resources: [.cpus(0.1), mountVolume]))
            try await fixture.expect([.starting, .running], for: taskID)
            let sandbox = try await fixture.sandbox(of: taskID)
            try await fixture.expect([.finished], for: taskID)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(sandbox)/data/kafka") == root)
            #expect(readFile("\(root)/file") == "on mount\n")

            // DESTROY empties the disk but keeps its root.
            await fixture.agent.destroyVolume(mountVolume)
            #expect(FileManager.default.fileExists(atPath: root))
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        }
    }

    @Test func volumePathsFollowTheDiskSource() {
        let plain = Resource.disk(1).reserved(role: "kafka").withPersistentVolume(id: "v", containerPath: "d")
        #expect(AgentPaths.volume(of: plain, workDirectory: "/w") == "/w/volumes/roles/kafka/v")
        var preRefinement = Resource.disk(1).withPersistentVolume(id: "v", containerPath: "d")
        preRefinement.role = "kafka"
        preRefinement.reservation = .init(principal: "p")
        #expect(AgentPaths.volume(of: preRefinement, workDirectory: "/w") == "/w/volumes/roles/kafka/v")
        let onPath = Resource.disk(1).onDisk(.path(root: "/mnt/path-0")).reserved(role: "kafka")
            .withPersistentVolume(id: "v", containerPath: "d")
        #expect(AgentPaths.volume(of: onPath, workDirectory: "/w") == "/mnt/path-0/volumes/roles/kafka/v")
        let hierarchical = Resource.disk(1).reserved(role: "team/kafka").withPersistentVolume(
            id: "v", containerPath: "d")
        #expect(AgentPaths.volume(of: hierarchical, workDirectory: "/w") == "/w/volumes/roles/team/kafka/v")
        let escaping = Resource.disk(1).reserved(role: "kafka").withPersistentVolume(id: "..", containerPath: "d")
        #expect(AgentPaths.volume(of: escaping, workDirectory: "/w") == nil)
        #expect(AgentPaths.volume(of: .disk(1), workDirectory: "/w") == nil)
    }
}

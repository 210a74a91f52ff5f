import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// ACCEPT: operations in order against what is left of the offer, and every validation outcome.
@Suite struct MasterAcceptTests {
    static let labels: Labels = ["broker_id": "1"]

    static func reserved(_ resource: Resource) -> Resource {
        resource.reserved(role: "kafka", principal: "kafka-fw", labels: labels).allocated(to: "kafka")
    }

    static var volume: Resource {
        reserved(.disk(5000)).withPersistentVolume(id: "broker-1-data", containerPath: "data", principal: "kafka-fw")
    }

    @Test func reserveCreateAndLaunchInOneAccept() async throws {
        try await withCluster(agents: 1) { cluster, agents in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            let port = Resources(offer.resources).ports.range[0].begin
            let task = commandTask(
                "broker-1", agentID: offer.agentID,
                resources: [
                    Self.reserved(.cpus(1)), Self.reserved(.mem(1024)),
                    Resource.ports(port...port).allocated(to: "kafka"), Self.volume,
                ])
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [
                        .reserve([Self.reserved(.cpus(1)), Self.reserved(.mem(1024)), Self.reserved(.disk(5000))]),
                        .create([Self.volume]),
                        .launch([task]),
                    ],
                    filters: Filters(refuseSeconds: 0)))
            _ = try await scheduler.update("broker-1", .starting)
            let running = try await scheduler.update("broker-1", .running)
            #expect(running.uuid?.count == 16)
            #expect(running.agentID == offer.agentID)
            let launched = await agents[offer.agentID].launched
            #expect(launched.map(\.taskID) == ["broker-1"])

            // The next offer holds the rest, unreserved, and nothing of the task's.
            let next = try await scheduler.next(.offers, timeout: .seconds(2)).offers!.offers[0]
            let rest = Resources(next.resources)
            #expect(rest.cpus == 3)
            #expect(rest.volumes.isEmpty)
            #expect(!rest.ports.contains(port))

            let state = await cluster.state()
            let slave = try #require(state.slaves.first)
            #expect(slave.reservedResources["kafka"]?.cpus == 1)
            #expect(slave.reservedResources["kafka"]?.disk == 5000)
            #expect(slave.usedResources.cpus == 1)
            let stateTask = try #require(state.frameworks.first?.tasks.first)
            #expect(stateTask.state == "TASK_RUNNING")
            #expect(stateTask.slaveID == offer.agentID.value)
            #expect(stateTask.frameworkID == frameworkID.value)

            // Killed, the reservation and the volume come back in an offer to the role.
            try await scheduler.send(
                .decline(frameworkID: frameworkID, offerIDs: [next.id], filters: Filters(refuseSeconds: 0)))
            try await scheduler.send(.kill(frameworkID: frameworkID, taskID: "broker-1"))
            _ = try await scheduler.update("broker-1", .killing)
            _ = try await scheduler.update("broker-1", .killed)
            let withVolume = try await scheduler.next(.offers, timeout: .seconds(2)) {
                !Resources($0.offers!.offers[0].resources).volumes.isEmpty
            }
            let again = Resources(withVolume.offers!.offers[0].resources)
            #expect(again.volume(persistenceID: "broker-1-data")?.reservations.last?.labels?["broker_id"] == "1")
            #expect(again.reserved(role: "kafka").cpus == 1)

            // DESTROY then UNRESERVE give everything back.
            let offerID = withVolume.offers!.offers[0].id
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offerID],
                    operations: [
                        .destroy([Self.volume]),
                        .unreserve([Self.reserved(.cpus(1)), Self.reserved(.mem(1024)), Self.reserved(.disk(5000))]),
                    ], filters: Filters(refuseSeconds: 0)))
            let plain = try await scheduler.next(.offers, timeout: .seconds(2))
            #expect(Resources(plain.offers!.offers[0].resources).reserved.isEmpty)
            #expect(await agents[offer.agentID].destroyedVolumes == ["kafka/broker-1-data"])
            // The task is forgotten once its terminal update is acknowledged.
            let completed = try await TestScheduler.wait("the task to complete") {
                await cluster.state().frameworks.first?.completedTasks.first
            }
            #expect(completed.state == "TASK_KILLED")
        }
    }

    @Test func invalidOffersDropOrLoseTheTasks() async throws {
        try await withCluster(agents: 2) { cluster, _ in
            let aware = try await TestScheduler.subscribe(cluster.url)
            defer { aware.close() }
            let offers = try await aware.next(.offers).offers!.offers
            let task = commandTask("t1", agentID: offers[0].agentID, resources: smallResources())
            try await aware.send(
                .accept(frameworkID: aware.frameworkID, offerIDs: ["no-such-offer"], operations: [.launch([task])]))
            let dropped = try await aware.update("t1", .dropped)
            #expect(dropped.reason == .invalidOffers)
            #expect(dropped.source == .master)
            #expect(dropped.uuid == nil)
            #expect(dropped.message == "Task launched with invalid offers: Offer no-such-offer is no longer valid")

            let others = offers.count > 1 ? offers : offers + (try await aware.next(.offers).offers!.offers)
            try await aware.send(
                .accept(
                    frameworkID: aware.frameworkID, offerIDs: [others[0].id, others[1].id],
                    operations: [.launch([commandTask("t2", agentID: others[0].agentID, resources: smallResources())])])
            )
            let twoAgents = try await aware.update("t2", .dropped)
            #expect(twoAgents.message?.contains("Aggregated offers must belong to one single agent") == true)

            let legacy = try await TestScheduler.subscribe(
                cluster.url, TestScheduler.frameworkInfo(name: "legacy", capabilities: [.multiRole]))
            defer { legacy.close() }
            try await legacy.send(
                .accept(
                    frameworkID: legacy.frameworkID, offerIDs: [others[0].id],
                    operations: [.launch([commandTask("t3", agentID: others[0].agentID, resources: smallResources())])])
            )
            let lost = try await legacy.update("t3", .lost)
            #expect(lost.reason == .invalidOffers)
            #expect(
                lost.message?.contains("has invalid framework") == true
                    || lost.message?.contains("no longer valid") == true)
        }
    }

    @Test func invalidTasksGetTaskError() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            let agentID = offer.agentID
            var bothKinds = commandTask("both", agentID: agentID, resources: smallResources())
            bothKinds.executor = ExecutorInfo(executorID: "e", command: CommandInfo(value: "x"))
            var neither = commandTask("neither", agentID: agentID, resources: smallResources())
            neither.command = nil
            try await scheduler.send(
                .accept(
                    frameworkID: frameworkID, offerIDs: [offer.id],
                    operations: [
                        .launch([
                            commandTask("ok", agentID: agentID, resources: smallResources()),
                            commandTask("ok", agentID: agentID, resources: smallResources()),
                            commandTask("too-big", agentID: agentID, resources: smallResources(cpus: 64)),
                            commandTask("elsewhere", agentID: "other-agent", resources: smallResources()),
                            bothKinds, neither,
                        ])
                    ]))
            _ = try await scheduler.update("ok", .running)
            let duplicate = try await scheduler.update("ok", .error)
            #expect(duplicate.message == "Task has duplicate ID: ok")
            #expect(duplicate.reason == .taskInvalid)
            #expect(duplicate.source == .master)
            let tooBig = try await scheduler.update("too-big", .error)
            #expect(tooBig.message?.hasPrefix("Task uses more resources") == true)
            let elsewhere = try await scheduler.update("elsewhere", .error)
            #expect(elsewhere.message == "Task uses invalid agent: other-agent")
            for id in ["both", "neither"] {
                let status = try await scheduler.update(TaskID(id), .error)
                #expect(
                    status.message
                        == "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present")
            }
        }
    }

    @Test func unusedResourcesOfAnAcceptAreRefusedForTheFilter() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                    operations: [.launch([commandTask("t", agentID: offer.agentID, resources: smallResources())])]))
            _ = try await scheduler.update("t", .running)
            // Default filter: 5 s for the rest of the offer.
            #expect(try await scheduler.expectNone(.offers, within: .seconds(1)))
            // Resources that free up are not covered by the filter.
            try await scheduler.send(.kill(frameworkID: scheduler.frameworkID, taskID: "t"))
            _ = try await scheduler.update("t", .killed)
            _ = try await scheduler.next(.offers, timeout: .seconds(2))
        }
    }

    @Test func anEmptyAcceptIsADecline() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .accept(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id], operations: [],
                    filters: Filters(refuseSeconds: 0)))
            let again = try await scheduler.next(.offers, timeout: .seconds(1)).offers!.offers[0]
            #expect(again.id != offer.id)
            #expect(Resources(again.resources) == Resources(offer.resources))
        }
    }

    @Test func invalidReservationsAreDroppedSilently() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            let otherPrincipal = Resource.cpus(1).reserved(role: "kafka", principal: "someone-else").allocated(
                to: "kafka")
            let otherRole = Resource.cpus(1).reserved(role: "other", principal: "kafka-fw").allocated(to: "kafka")
            try await scheduler.send(
                .accept(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                    operations: [.reserve([otherPrincipal]), .reserve([otherRole]), .create([Self.volume])],
                    filters: Filters(refuseSeconds: 0)))
            let again = try await scheduler.next(.offers, timeout: .seconds(1)).offers!.offers[0]
            #expect(Resources(again.resources).reserved.isEmpty)
            #expect(await cluster.state().slaves[0].reservedResources.isEmpty)
        }
    }
}

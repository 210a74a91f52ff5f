import Foundation
import Mesos
import Plan
import Testing

@testable import KafkaFramework

@Suite struct SchedulerPlacementTests {
    @Test func nodePlacementNeverPutsTwoBrokersOnOneAgent() async throws {
        let cluster = SimulatedCluster(agents: 2, cpus: 16, mem: 65536, disk: 100_000)
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3), cluster: cluster)
        await harness.start()
        await harness.run(limit: 15) { _ in false }
        #expect(cluster.runningBrokerTasks.count == 2)
        #expect(Set(cluster.runningBrokerTasks.values.map { cluster.agentIndex(ofTask: $0)! }).count == 2)
        #expect(harness.blockStatuses == [.complete, .complete, .inProgress])
        let message = harness.plan.phases.last!.blocks[2].message
        #expect(message.contains("on an agent without another broker"), "\(message)")

        // A third agent joins: broker 2 goes there.
        cluster.agents.append(
            SimulatedCluster.Agent(
                id: "agent-new", hostname: "host-new",
                free: Resources(
                    [Resource.cpus(4), .mem(8192), .disk(20000), .ports(31000...31099)].allocated(to: "kafka-role"))))
        cluster.suppressed = false
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        #expect(cluster.task(cluster.runningBrokerTasks[2]!)?.agentID == "agent-new")
    }

    @Test func anyPlacementPutsBrokersWhereverTheResourcesAre() async throws {
        let cluster = SimulatedCluster(agents: 1, cpus: 16, mem: 65536, disk: 100_000)
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3, placement: .any), cluster: cluster)
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        let ports = Set(
            cluster.runningBrokerTasks.values.compactMap {
                cluster.task($0)?.command?.environment?["BROKER_PORT"]
            })
        #expect(ports.count == 3)
    }

    @Test func mountDisksAreReservedWhole() async throws {
        let cluster = SimulatedCluster(agents: 3, disk: 1000, mountDisks: [4000, 8000])
        let harness = SchedulerHarness(
            configuration: testConfiguration(count: 3, diskMB: 5000, diskType: .mount), cluster: cluster)
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        for taskID in cluster.runningBrokerTasks.values {
            let volume = cluster.task(taskID)!.resources.first { $0.persistenceID != nil }!
            #expect(volume.disk?.source?.type == .mount)
            #expect(volume.scalarValue == 8000)
        }
    }

    @Test func offersInThePreRefinementFormatWorkToo() async throws {
        let cluster = SimulatedCluster(agents: 3)
        cluster.preRefinement = true
        let harness = SchedulerHarness(configuration: testConfiguration(count: 3), cluster: cluster)
        await harness.start()
        await harness.run { $0.planComplete }
        #expect(harness.planComplete)
        let reserve = harness.sender.all.ofType(.accept).first!.accept!.operations.first!.reserve!.resources
        #expect(reserve.allSatisfy { $0.role == "kafka-role" && $0.reservation?.labels?["broker"] != nil })

        // A crash is relaunched in place from pre-refinement offers too.
        let task = cluster.runningBrokerTasks[0]!
        await harness.event(.update(cluster.crash(task)!))
        await harness.run { $0.cluster.runningBrokerTasks[0] != nil }
        #expect(cluster.runningBrokerTasks[0] != nil)
    }
}

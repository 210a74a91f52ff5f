import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// The master stays cheap with 100 agents and 100 tasks (the scheduler's benchmark runs 100 brokers).
@Suite struct MasterScaleTests {
    @Test func hundredAgentsAndHundredTasks() async throws {
        try await withCluster(agents: 100, configure: { $0.agentPorts = 31000...41000 }) { cluster, _ in
            let start = ContinuousClock.now
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            var offers: [Offer] = []
            while offers.count < 100 {
                offers += try await scheduler.next(.offers, timeout: .seconds(10)).offers!.offers
            }
            #expect(Set(offers.map(\.agentID)).count == 100)
            let offered = ContinuousClock.now - start
            // One task per agent, each with a reservation and a volume, as brokers have.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, offer) in offers.enumerated() {
                    group.addTask {
                        let reserve = MasterAcceptTests.reserved
                        let volume = reserve(.disk(1000)).withPersistentVolume(
                            id: "broker-\(index)", containerPath: "data", principal: "kafka-fw")
                        let port = Resources(offer.resources).ports.range[0].begin
                        let task = commandTask(
                            "broker-\(index)", agentID: offer.agentID,
                            resources: [
                                reserve(.cpus(1)), reserve(.mem(1024)),
                                Resource.ports(port...port).allocated(to: "kafka"), volume,
                            ])
                        try await scheduler.send(
                            .accept(
                                frameworkID: scheduler.frameworkID, offerIDs: [offer.id],
                                operations: [
                                    .reserve([reserve(.cpus(1)), reserve(.mem(1024)), reserve(.disk(1000))]),
                                    .create([volume]), .launch([task]),
                                ]))
                    }
                }
                try await group.waitForAll()
            }
            for index in 0..<100 {
                _ = try await scheduler.update(TaskID("broker-\(index)"), .running, timeout: .seconds(20))
            }
            let launched = ContinuousClock.now - start
            let stateStart = ContinuousClock.now
            let response = try await TestScheduler.http.execute(
                HTTPClient.Request(url: cluster.url + "/master/state", timeout: .seconds(10)))
            let stateTime = ContinuousClock.now - stateStart
            #expect(response.status == 200)
            let state = await cluster.state()
            #expect(state.frameworks[0].tasks.count == 100)
            #expect(state.slaves.allSatisfy { $0.usedResources.cpus == 1 })
            try await scheduler.send(.reconcile(frameworkID: scheduler.frameworkID))
            for index in 0..<100 {
                _ = try await scheduler.reconciled(TaskID("broker-\(index)"), .running, timeout: .seconds(10))
            }
            // Generous bounds for a debug build on 2 cores shared with the whole suite running in parallel
            // (measured there: offers 0.2-0.4 s, launching 2-3 s, state 0.07 s).
            #expect(offered < .seconds(10), "offers took \(offered)")
            #expect(launched < .seconds(30), "launching took \(launched)")
            #expect(stateTime < .seconds(5), "/master/state took \(stateTime)")
            print("100 agents: offers after \(offered), 100 tasks running after \(launched), state in \(stateTime)")
        }
    }
}

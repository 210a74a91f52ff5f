import Foundation
import TestSupport
import Testing

/// SIGTERM stops the scheduler gracefully and leaves the brokers running.
@Suite struct ShutdownTests {
    @Test func sigtermExitsZeroAndTheBrokersKeepRunning() async throws {
        try await EndToEndCluster.with("sigterm") { cluster in
            let (scheduler, _) = try await cluster.deploy()
            let brokers = try await scheduler.api.brokers(count: 3)
            let frameworkID = try #require(await cluster.framework()?.id)

            scheduler.process.send(SIGTERM)
            let status = await scheduler.process.waitForExit(timeout: .seconds(30))
            #expect(status == .exited(0), "\(scheduler.diagnostics)")

            // mesos-local sees the subscription go without TEARDOWN: the framework stays, its tasks run on.
            let framework = try await eventually("the framework to be disconnected") {
                guard let framework = await cluster.framework() else { throw Poll.Observation("no framework") }
                return framework.connected ? nil : framework
            }
            #expect(framework.id == frameworkID)
            let tasks = framework.tasks
            #expect(Set(tasks.map(\.id)) == Set(brokers.compactMap(\.taskId)), "\(tasks.map(\.id))")
            #expect(tasks.allSatisfy { $0.state == "TASK_RUNNING" }, "\(tasks.map { ($0.id, $0.state) })")
            for broker in brokers {
                let port = try #require(broker.port)
                #expect(Loopback.accepts(port: port), "broker-\(broker.id) no longer listens on \(port)")
            }
        }
    }
}

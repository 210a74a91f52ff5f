import Foundation
import Logging
import MesosLocal
import Testing

@testable import Mesos

/// The client against `mesos-local`: a master we did not script, with agents running real processes.
@Suite("Client against mesos-local")
struct ClientMesosLocalTests {
    static let principal = "kafka-fw"

    /// Runs `body` with a one-agent cluster and stops it afterwards, also when `body` throws.
    private func withMesosLocal<T: Sendable>(
        configure: (inout MesosLocalOptions) -> Void = { _ in },
        _ body: (MesosLocalCluster) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mesos-client-local-\(UUID().uuidString.prefix(8))"
        ).path
        var options = MesosLocalOptions(
            port: 0, agents: 1, agentCPUs: 2, agentMemory: 2048, agentDisk: 1000, workDirectory: directory,
            heartbeatInterval: .seconds(1), allocationInterval: .milliseconds(50))
        configure(&options)
        var logger = Logger(label: "mesos-local")
        logger.logLevel = .warning
        let cluster = try await MesosLocalCluster.start(options, logger: logger)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            return result
        } catch {
            await cluster.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private func configuration(
        _ cluster: MesosLocalCluster, master: String? = nil, secret: String? = nil, heartbeatMissLimit: Int = 5
    ) throws -> MesosSchedulerClient.Configuration {
        testConfiguration(
            master: try MasterSource(parsing: master ?? cluster.url), secret: secret,
            heartbeatMissLimit: heartbeatMissLimit)
    }

    private static func reserved(_ resource: Resource) -> Resource {
        resource.reserved(role: "kafka", principal: principal, labels: ["broker_id": "0"]).allocated(to: "kafka")
    }

    @Test func launchesOnReservedResourcesWithAVolumeAcknowledgesAndKills() async throws {
        try await withMesosLocal { cluster in
            try await withRunningClient(try configuration(cluster)) { client, events in
                let subscription = try await events.nextSubscription()
                #expect(subscription.endpoint == cluster.schedulerURL)
                let offer = try #require(try await events.nextOffers().first)

                let resources = [Self.reserved(.cpus(0.5)), Self.reserved(.mem(64)), Self.reserved(.disk(32))]
                let volume = resources[2].withPersistentVolume(
                    id: "broker-0-data", containerPath: "data", principal: Self.principal)
                let task = TaskInfo(
                    name: "broker-0", taskID: "broker-0__1", agentID: offer.agentID,
                    resources: [resources[0], resources[1], volume],
                    command: CommandInfo(value: "echo ready > data/greeting && exec sleep 60", shell: true),
                    killPolicy: KillPolicy(gracePeriod: DurationInfo(seconds: 1)))
                try await client.accept(
                    offerIDs: [offer.id], operations: [.reserve(resources), .create([volume]), .launch([task])])

                // Reliable updates: each carries a uuid and is acknowledged. Until the acknowledgement arrives the
                // agent may send an update again (Mesos: "duplicates happen"); a repeated uuid is skipped. The
                // agent's retry interval is Mesos's 10 s, so duplicates stay rare even on a loaded machine.
                var seen: Set<Data> = []
                func nextUpdate(for taskID: TaskID? = nil) async throws -> TaskStatus {
                    while true {
                        let status = try await events.nextUpdate(for: taskID)
                        guard let uuid = status.uuid else { return status }
                        if seen.insert(uuid).inserted { return status }
                    }
                }
                var states: [TaskState] = []
                while states.last != .running {
                    let status = try await nextUpdate(for: task.taskID)
                    #expect(status.uuid != nil)
                    #expect(try await client.acknowledge(status))
                    states.append(status.state)
                }
                #expect(states == [.starting, .running])
                // The task runs as a real process and writes into its persistent volume.
                let greeting =
                    "\(cluster.options.workDirectory)/agents/\(offer.agentID.value)/volumes/roles/kafka/broker-0-data/greeting"
                try await waitUntil("the task wrote \(greeting)") { FileManager.default.fileExists(atPath: greeting) }
                let running = await cluster.state().frameworks.first { $0.id == subscription.frameworkID.value }
                #expect(running?.tasks.map(\.state) == ["TASK_RUNNING"])

                // Explicit reconciliation: known task, unknown task on a known agent, unknown agent.
                try await client.reconcile(tasks: [
                    .init(taskID: task.taskID, agentID: offer.agentID), .init(taskID: "ghost", agentID: offer.agentID),
                    .init(taskID: "nowhere"),
                ])
                var answers: [TaskID: TaskStatus] = [:]
                while answers.count < 3 {
                    let status = try await nextUpdate()
                    answers[status.taskID] = status
                }
                #expect(answers[task.taskID]?.state == .running)
                #expect(answers["ghost"]?.state == .gone)
                #expect(answers["nowhere"]?.state == .unknown)
                for status in answers.values {
                    #expect(status.reason == .reconciliation)
                    #expect(status.uuid == nil)
                    // Reconciliation answers are never acknowledged.
                    #expect(try await client.acknowledge(status) == false)
                }

                // Implicit reconciliation: one update per task the master knows.
                try await client.reconcile()
                let implicit = try await nextUpdate()
                #expect(implicit.taskID == task.taskID && implicit.state == .running)
                #expect(implicit.reason == .reconciliation)

                try await client.kill(taskID: task.taskID, agentID: offer.agentID)
                let killed = try await nextUpdate(for: task.taskID)
                #expect(killed.state == .killed)
                #expect(try await client.acknowledge(killed))

                // The reservation and the volume outlive the task: they come back in an offer.
                let again = try await events.nextOffers(where: { offer in
                    offer.resources.contains { $0.disk?.persistence?.id == "broker-0-data" }
                })
                #expect(!again.isEmpty)
            }
        }
    }

    @Test func followsTheFollowersRedirectToTheLeader() async throws {
        try await withMesosLocal(configure: { $0.followerPort = 0 }) { cluster in
            let follower = try #require(cluster.followerPort)
            let master = "http://127.0.0.1:\(follower)"
            try await withRunningClient(try configuration(cluster, master: master)) { client, events in
                let subscription = try await events.nextSubscription()
                #expect(subscription.endpoint == cluster.schedulerURL)
                try await client.revive()
            }
        }
    }

    @Test func reSubscribesAfterTheMasterDropsTheStream() async throws {
        try await withMesosLocal { cluster in
            try await withRunningClient(try configuration(cluster)) { client, events in
                let first = try await events.nextSubscription()
                try await cluster.dropStream(of: first.frameworkID)
                let reason = try await events.nextDisconnectSkippingOthers()
                #expect(reason == .streamEnded)
                let second = try await events.nextSubscription()
                #expect(second.frameworkID == first.frameworkID)
                #expect(second.streamID != first.streamID)
                try await client.revive()
                let framework = await cluster.state().frameworks.first { $0.id == first.frameworkID.value }
                #expect(framework?.active == true)
                #expect(await cluster.state().frameworks.count == 1)
            }
        }
    }

    @Test func missedHeartbeatsReSubscribe() async throws {
        try await withMesosLocal(configure: { $0.heartbeatInterval = .milliseconds(250) }) { cluster in
            try await withRunningClient(try configuration(cluster, heartbeatMissLimit: 3)) { client, events in
                let first = try await events.nextSubscription()
                #expect(first.heartbeatInterval == .milliseconds(250))
                await cluster.pauseHeartbeats()
                let reason = try await events.nextDisconnectSkippingOthers()
                #expect(reason == .heartbeatsMissed(silence: .milliseconds(750)))
                await cluster.pauseHeartbeats(false)
                let second = try await events.nextSubscription()
                #expect(second.frameworkID == first.frameworkID)
                try await client.revive()
            }
        }
    }

    @Test func wrongCredentialsAreRefusedWith401() async throws {
        try await withMesosLocal(configure: { $0.credentials = (Self.principal, "right") }) { cluster in
            try await withRunningClient(try configuration(cluster, secret: "wrong")) { client, events in
                let reason = try await events.nextDisconnect()
                guard case .subscribeFailed(.unauthorized) = reason else {
                    Issue.record("expected 401, got \(reason)")
                    return
                }
                #expect(client.isSubscribed == false)
            }
            try await withRunningClient(try configuration(cluster, secret: "right")) { client, events in
                _ = try await events.nextSubscription()
                try await client.revive()
            }
        }
    }
}

/// Polls `condition` every 20 ms until it holds, failing after `timeout` (for effects outside the process).
func waitUntil(
    _ what: String, timeout: Duration = .seconds(10), _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

extension AsyncQueue where Element == MesosSchedulerEvent {
    /// The next event `extract` accepts, skipping others (offers and heartbeats come in between).
    func nextMatching<T>(
        _ what: String, timeout: Duration = .seconds(15), _ extract: (MesosSchedulerEvent) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let event = try await next(what, timeout: ContinuousClock.now.duration(to: deadline))
            if let value = extract(event) { return value }
        }
    }

    func nextOffers(where isWanted: (Offer) -> Bool = { _ in true }) async throws -> [Offer] {
        try await nextMatching("offers") { event in
            guard case .offers(let offers) = event, offers.contains(where: isWanted) else { return nil }
            return offers.filter(isWanted)
        }
    }

    func nextUpdate(for taskID: TaskID? = nil) async throws -> TaskStatus {
        try await nextMatching("an update of \(taskID?.value ?? "any task")") { event in
            guard case .update(let status) = event, taskID == nil || status.taskID == taskID else { return nil }
            return status
        }
    }

    func nextDisconnectSkippingOthers() async throws -> MesosDisconnectReason {
        try await nextMatching("a disconnect") { event in
            guard case .disconnected(let reason) = event else { return nil }
            return reason
        }
    }
}

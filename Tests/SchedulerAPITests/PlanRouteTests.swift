import Foundation
import KafkaFramework
import Plan
import Testing

@Suite struct PlanRouteTests {
    @Test func planIs200WhenCompleteAnd503DuringARolloutWithTheSameShape() async throws {
        let scheduler = Seed.scheduler(planComplete: false)
        try await withTestServer(scheduler: scheduler) { server in
            let rolling = try await server.get("/v1/plan")
            #expect(rolling.status == 503)
            let rollingPlan = try rolling.object()
            #expect(rollingPlan.keys.sorted() == ["errors", "phases", "status"])
            #expect(rollingPlan["status"] as? String == "InProgress")
            await scheduler.updatePlan { engine in
                for broker in 0..<3 { engine.observe(broker: broker, .ready) }
            }
            let complete = try await server.get("/service/kafka/v1/plan")
            #expect(complete.status == 200)
            #expect(try complete.object()["status"] as? String == "Complete")
            let status = try await server.get("/v1/plan/status").object()
            #expect(status.keys.sorted() == ["stage"])
        }
    }

    @Test func commandsWorkWithGetAndPostAndAnswerWhatWasDone() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        try await withTestServer(scheduler: scheduler) { server in
            let continued = try await server.request("POST", "/v1/plan/continue")
            #expect(continued.status == 200)
            let body = try continued.object()
            #expect(body["message"] as? String == "Received cmd: continue")
            #expect(body["outcome"] as? String == "decisionPointReleased")
            #expect(body["detail"] as? String == "Released the decision point of broker-0")
            #expect((body["block"] as? [String: String])?["name"] == "broker-0")
            #expect((body["phase"] as? [String: String])?["name"] == "Update to: \(Seed.planTargetID)")

            let interrupted = try await server.request("GET", "/service/kafka/v1/plan/interrupt")
            #expect(interrupted.status == 200)
            #expect(try interrupted.object()["block"] == nil, "interrupt acts on the phase, not a block")
            let again = try await server.request("POST", "/v1/plan/interrupt")
            #expect(again.status == 409)
            #expect(try again.errorBody().message.contains("already interrupted"))
        }
        #expect(await scheduler.planCommands.map(\.kind) == [.continue, .interrupt, .interrupt])
    }

    @Test func commandsTakePhaseAndBlockIDs() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        let plan = scheduler.snapshot.plan
        let phase = plan.phases[1]
        let block2 = phase.blocks[2]
        try await withTestServer(scheduler: scheduler) { server in
            let forced = try await server.request("POST", "/v1/plan/forceComplete?phase=\(phase.id)&block=\(block2.id)")
            #expect(forced.status == 200, "\(forced.text)")
            #expect((try forced.object()["block"] as? [String: String])?["id"] == block2.id)
            let after = try await server.get("/v1/plan")
            let phases = try #require(try after.object()["phases"] as? [[String: Any]])
            let blocks = try #require(phases[1]["blocks"] as? [[String: Any]])
            #expect(blocks[2]["status"] as? String == "Complete")

            let invalid = try await server.request("GET", "/v1/plan/restart?block=not-a-uuid")
            #expect(invalid.status == 400)
            #expect(try invalid.errorBody().message.contains("not a valid block id"))
            let unknown = try await server.request(
                "GET", "/v1/plan/continue?phase=00000000-0000-4000-8000-000000000000")
            #expect(unknown.status == 404)
            #expect(try unknown.errorBody().code == 404)
        }
        #expect(await scheduler.planCommands.first?.blockID == block2.id)
        #expect(await scheduler.planCommands.first?.phaseID == phase.id)
    }

    @Test func nothingToDoIs409() async throws {
        try await withTestServer { server in
            for command in ["continue", "interrupt", "forceComplete", "restart"] {
                let answer = try await server.request("POST", "/v1/plan/\(command)")
                #expect(answer.status == 409, "\(command): \(answer.text)")
                #expect(try answer.errorBody().code == 409)
            }
        }
    }

    @Test func notLeaderIs503() async throws {
        let scheduler = Seed.scheduler(strategy: .stage, planComplete: false)
        await scheduler.fail(with: .notLeader(leader: nil))
        try await withTestServer(scheduler: scheduler) { server in
            let answer = try await server.request("GET", "/v1/plan/continue")
            #expect(answer.status == 503)
            #expect(try answer.errorBody().message.contains("not the leader"))
        }
    }
}

@Suite struct StartingSnapshotTests {
    /// Before the scheduler has read its state, reads answer emptily, the plan is 503 and health says why.
    @Test func startingSnapshotIsServed() async throws {
        let scheduler = Seed.scheduler()
        scheduler.publisher.publish(
            .starting(
                frameworkName: "kafka", kafkaZookeeper: "master.mesos:2181",
                health: HealthSnapshot(
                    isLeader: false, isSubscribed: false, isZooKeeperConnected: true,
                    reasons: ["waiting for the leader lock"])))
        try await withTestServer(scheduler: scheduler) { server in
            let plan = try await server.get("/v1/plan")
            #expect(plan.status == 503)
            #expect(try plan.object()["status"] as? String == "Pending")
            #expect(try await server.get("/v1/brokers").object()["brokers"] as? [String] == [])
            let connection = try await server.get("/v1/connection").object()
            #expect(connection["zookeeper"] as? String == "master.mesos:2181/dcos-service-kafka")
            let health = try await server.request("GET", "/health", authorized: false)
            #expect(health.status == 503)
            #expect(try health.object()["message"] as? String == "waiting for the leader lock")
        }
    }
}

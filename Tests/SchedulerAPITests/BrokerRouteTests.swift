import Foundation
import KafkaFramework
import Testing

@Suite struct BrokerRouteTests {
    @Test func listsEveryManagedBrokerIncludingDownOnes() async throws {
        let scheduler = Seed.scheduler()
        await scheduler.updateBroker(1) {
            $0.taskState = .failed
            $0.registeredWithKafka = false
            $0.statusMessage = "Command exited with status 1"
        }
        try await withTestServer(scheduler: scheduler) { server in
            let list = try await server.get("/v1/brokers").object()
            #expect(list["brokers"] as? [String] == ["0", "1", "2"])
            // A broker that is down is not an address to connect to.
            let connection = try await server.get("/v1/connection").object()
            #expect(connection["address"] as? [String] == ["10.0.0.211:9843", "10.0.0.214:9689"])
            let details = try await server.get("/v1/brokers/1")
            #expect(details.status == 200)
            let broker = try details.object()
            #expect(broker["state"] as? String == "TASK_FAILED")
            #expect(broker["registered"] as? Bool == false)
            #expect(broker["statusMessage"] as? String == "Command exited with status 1")
        }
    }

    @Test func detailsOfOneBroker() async throws {
        try await withTestServer { server in
            let answer = try await server.get("/service/kafka/v1/brokers/0")
            #expect(answer.status == 200)
            let broker = try answer.object()
            #expect(
                broker.keys.sorted() == [
                    "agentId", "configurationId", "hostname", "id", "name", "port", "registered", "state",
                    "statusMessage", "taskId",
                ])
            #expect(broker["id"] as? Int == 0)
            #expect(broker["name"] as? String == "broker-0")
            #expect(broker["taskId"] as? String == Seed.taskIDs[0])
            #expect(broker["state"] as? String == "TASK_RUNNING")
            #expect(broker["agentId"] as? String == "agent-0")
            #expect(broker["hostname"] as? String == "10.0.0.211")
            #expect(broker["port"] as? Int == 9843)
            #expect(broker["configurationId"] as? String == Seed.targetConfigurationID)
            #expect(broker["registered"] as? Bool == true)
            #expect(broker["statusMessage"] is NSNull)
        }
    }

    @Test func neverLaunchedBrokerShowsNulls() async throws {
        let scheduler = FakeScheduler(
            engine: Seed.plan(brokerCount: 4, complete: false),
            brokers: Seed.brokers(count: 3) + [
                BrokerSnapshot(
                    id: 3, taskID: nil, taskState: .notLaunched, agentID: nil, hostname: nil, port: nil,
                    configurationID: nil, registeredWithKafka: false, statusMessage: nil)
            ], configurations: Seed.configurations)
        try await withTestServer(scheduler: scheduler) { server in
            #expect(try await server.get("/v1/brokers").object()["brokers"] as? [String] == ["0", "1", "2", "3"])
            let broker = try await server.get("/v1/brokers/3").object()
            #expect(broker["state"] as? String == "NOT_LAUNCHED")
            #expect(broker["taskId"] is NSNull)
            #expect(broker["hostname"] is NSNull)
            #expect(broker["port"] is NSNull)
        }
    }

    @Test func restartAndReplaceAnswerTaskIDs() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            let restart = try await server.request("PUT", "/v1/brokers/2?replace=false")
            #expect(restart.status == 200)
            #expect(try restart.array() as? [String] == [Seed.taskIDs[2]])
            // The next read shows the new task: the snapshot changed, so the cached body did too.
            let after = try await server.get("/v1/brokers/2").object()
            #expect(after["taskId"] as? String != Seed.taskIDs[2])
            #expect(after["state"] as? String == "TASK_STAGING")
            let replace = try await server.request("PUT", "/service/kafka/v1/brokers/1?replace=TRUE")
            #expect(replace.status == 200)
            #expect(try replace.array() as? [String] == [Seed.taskIDs[1]])
        }
        #expect(await scheduler.restarted == [2])
        #expect(await scheduler.replaced == [1])
    }

    @Test func unknownBrokerIs404() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            for (method, path) in [
                ("GET", "/v1/brokers/7"), ("PUT", "/v1/brokers/7"), ("PUT", "/v1/brokers/7?replace=true"),
            ] {
                let answer = try await server.request(method, path)
                #expect(answer.status == 404, "\(method) \(path)")
                let error = try answer.errorBody()
                #expect(error.code == 404)
                #expect(error.message.contains("no broker with id 7"), "\(error.message)")
            }
        }
        #expect(await scheduler.restarted == [])
    }

    @Test func malformedBrokerIDIs400() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            for id in ["abc", "-1", "1.5", "%201", "99999999999999999999999"] {
                for method in ["GET", "PUT"] {
                    let answer = try await server.request(method, "/v1/brokers/\(id)")
                    #expect(answer.status == 400, "\(method) \(id): \(answer.text)")
                    #expect(try answer.errorBody().message.contains("malformed broker id"))
                }
            }
            for query in ["replace=yes", "replace", "replace="] {
                let badReplace = try await server.request("PUT", "/v1/brokers/0?\(query)")
                #expect(badReplace.status == 400, "\(query)")
                #expect(try badReplace.errorBody().message.contains("replace must be true or false"))
            }
        }
        #expect(await scheduler.restarted == [])
        #expect(await scheduler.replaced == [])
    }

    @Test func commandsRefusedByTheSchedulerKeepTheirStatus() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            await scheduler.fail(with: .notLeader(leader: "10.0.0.5:8080"))
            let notLeader = try await server.request("PUT", "/v1/brokers/0")
            #expect(notLeader.status == 503)
            #expect(try notLeader.errorBody().message.contains("not the leader; the leader is 10.0.0.5:8080"))
            await scheduler.fail(with: .conflict(reason: "broker 0 is already being restarted"))
            let conflict = try await server.request("PUT", "/v1/brokers/0")
            #expect(conflict.status == 409)
            #expect(try conflict.errorBody().message == "broker 0 is already being restarted")
            await scheduler.fail(with: .notReady(reason: "reconciliation is in progress"))
            let notReady = try await server.request("PUT", "/v1/brokers/0?replace=true")
            #expect(notReady.status == 503)
        }
    }
}

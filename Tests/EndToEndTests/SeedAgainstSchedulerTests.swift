import Foundation
import Testing
import TestSupport

/// The seed API reference's curl examples, run verbatim by `/bin/sh` against a running `kafka-scheduler` on
/// mesos-local (`SeedService`: one Kafka-speaking broker), and the API's authentication and error answers
/// there. The answers are checked for their status and shape; the values are this cluster's, not the seed's.
/// Topic examples: TopicsAgainstSchedulerTests.swift; kafkactl: KafkactlAgainstSchedulerTests.swift; the plan
/// and broker commands, which change the cluster: PlanAndBrokerCommandsAgainstSchedulerTests.swift.
@Suite(.seedService) struct SeedAgainstSchedulerTests {
    @Test func connectionExamples() async throws {
        let service = try SeedService.require()
        let broker = try await service.api.broker(0)
        let port = try #require(broker.port, "\(broker)")

        let connection = try await service.curl.run(SeedCurlCommands.connection)
        #expect(connection.status == 200, "\(connection)")
        let object = try connection.object()
        #expect(Set(object.keys) == ["address", "dns", "vip", "zookeeper"], "\(connection)")
        #expect(object["address"] as? [String] == ["127.0.0.1:\(port)"], "\(connection)")
        #expect(object["dns"] as? [String] == ["broker-0.kafka.mesos:\(port)"], "\(connection)")
        #expect(object["vip"] as? String == "broker.kafka.l4lb.thisdcos.directory:9092", "\(connection)")
        let cluster = service.cluster
        #expect(
            object["zookeeper"] as? String
                == "\(cluster.zooKeeper.connectString)\(cluster.zooKeeperChroot)/dcos-service-kafka",
            "\(connection)")

        // The same with /address and /dns appended, as kafkactl's --address and --dns ask.
        let address = try await service.curl.run(SeedCurlCommands.connection.replacingOccurrences(
            of: "/v1/connection\"", with: "/v1/connection/address\""))
        #expect(address.status == 200, "\(address)")
        #expect(try address.object() as? [String: [String]] == ["address": ["127.0.0.1:\(port)"]], "\(address)")
        let dns = try await service.curl.run(SeedCurlCommands.connection.replacingOccurrences(
            of: "/v1/connection\"", with: "/v1/connection/dns\""))
        #expect(dns.status == 200, "\(dns)")
        #expect(try dns.object() as? [String: [String]] == ["dns": ["broker-0.kafka.mesos:\(port)"]], "\(dns)")
    }

    @Test func brokerListExample() async throws {
        let service = try SeedService.require()
        let brokers = try await service.curl.run(SeedCurlCommands.brokers)
        #expect(brokers.status == 200, "\(brokers)")
        #expect(try brokers.object() as? [String: [String]] == ["brokers": ["0"]], "\(brokers)")
        // Each listed id names a broker the API describes, running on mesos-local.
        let broker = try await service.api.broker(0)
        #expect(broker.state == "TASK_RUNNING", "\(broker)")
        let tasks = await service.cluster.liveTasks().map(\.id)
        #expect(tasks == [broker.taskId].compactMap { $0 }, "\(tasks) vs \(broker)")
    }

    @Test func configurationExamples() async throws {
        let service = try SeedService.require()
        let list = try await service.curl.run(SeedCurlCommands.configurations)
        #expect(list.status == 200, "\(list)")
        let ids = try #require(try list.json() as? [String], "\(list)")
        #expect(!ids.isEmpty && ids.allSatisfy(Shape.isUUID), "\(list)")
        let targetID = try await service.api.targetID()
        #expect(ids.contains(targetID), "\(ids) lacks the target \(targetID)")

        // The seed's id does not exist here: a 404 in the error shape. The same request for an id that exists.
        let seedID = try await service.curl.run(SeedCurlCommands.configuration)
        #expect(seedID.status == 404, "\(seedID)")
        #expect(Shape.isError(404, body: seedID.body), "\(seedID)")
        #expect(try seedID.message().contains("319ebe89-42e2-40e2-9169-8568e2421023"), "\(seedID)")
        let byID = try await service.curl.run(
            SeedCurlCommands.configuration.replacingOccurrences(
                of: "319ebe89-42e2-40e2-9169-8568e2421023", with: targetID))
        let target = try await service.curl.run(SeedCurlCommands.targetConfiguration)
        for answer in [byID, target] {
            #expect(answer.status == 200, "\(answer)")
            try Self.expectConfigurationShape(try answer.object(), token: service.token, answer: answer)
        }
        #expect(byID.body == target.body, "the target is the configuration \(targetID)")

        let targetIDAnswer = try await service.curl.run(
            SeedCurlCommands.targetConfiguration.replacingOccurrences(
                of: "/configurations/target\"", with: "/configurations/targetId\""))
        #expect(targetIDAnswer.status == 200, "\(targetIDAnswer)")
        #expect(try targetIDAnswer.json() as? String == targetID, "\(targetIDAnswer)")
    }

    /// The seed's configuration shape, with this service's values where the test set them.
    static func expectConfigurationShape(_ object: [String: Any], token: String, answer: SeedCurl.Answer) throws {
        #expect(
            Set(object.keys) == ["brokerConfiguration", "kafkaConfiguration", "serviceConfiguration"], "\(answer)")
        let broker = try #require(object["brokerConfiguration"] as? [String: Any], "\(answer)")
        for key in ["cpus", "disk", "mem"] {
            #expect(broker[key] is NSNumber && !Shape.isBool(broker[key]), "brokerConfiguration.\(key): \(answer)")
        }
        #expect(Shape.isInteger(broker["mem"]) && (broker["mem"] as? Int) == 256, "\(answer)")
        for key in ["diskType", "kafkaUri", "javaUri"] {
            #expect(broker[key] is String, "brokerConfiguration.\(key): \(answer)")
        }
        #expect(object["kafkaConfiguration"] is [String: Any], "\(answer)")
        let service = try #require(object["serviceConfiguration"] as? [String: Any], "\(answer)")
        #expect(
            Set(service.keys) == ["count", "name", "phaseStrategy", "placementStrategy", "principal", "role", "user"],
            "\(answer)")
        #expect(service["count"] as? Int == 1 && Shape.isInteger(service["count"]), "\(answer)")
        #expect(service["name"] as? String == "kafka", "\(answer)")
        #expect(service["phaseStrategy"] as? String == "INSTALL", "\(answer)")
        for key in ["placementStrategy", "principal", "role", "user"] {
            #expect(service[key] is String, "serviceConfiguration.\(key): \(answer)")
        }
        #expect(!answer.body.contains(token), "the API token must not appear in a configuration")
    }

    @Test func planExamplesWhenComplete() async throws {
        let service = try SeedService.require()
        let plan = try await service.curl.run(SeedCurlCommands.plan)
        #expect(plan.status == 200, "\(plan)")
        let object = try plan.object()
        #expect(Set(object.keys) == ["errors", "phases", "status"], "\(plan)")
        #expect(object["status"] as? String == "Complete" && (object["errors"] as? [Any])?.isEmpty == true, "\(plan)")
        let phases = try #require(object["phases"] as? [[String: Any]], "\(plan)")
        let targetID = try await service.api.targetID()
        #expect(phases.map { $0["name"] as? String } == ["Reconciliation", "Update to: \(targetID)"], "\(plan)")
        for phase in phases {
            #expect(Set(phase.keys) == ["blocks", "id", "name", "status"], "\(phase)")
            #expect(Shape.isUUID(phase["id"]) && phase["status"] as? String == "Complete", "\(phase)")
            for block in phase["blocks"] as? [[String: Any]] ?? [] {
                #expect(Set(block.keys) == ["hasDecisionPoint", "id", "message", "name", "status"], "\(block)")
                #expect(Shape.isUUID(block["id"]) && Shape.isBool(block["hasDecisionPoint"]), "\(block)")
                #expect(block["status"] as? String == "Complete" && block["message"] is String, "\(block)")
            }
        }
        #expect(
            (phases.last?["blocks"] as? [[String: Any]])?.map { $0["name"] as? String } == ["broker-0"], "\(plan)")

        // "If no upgrade is in progress, then the block and phase entries are omitted and the stage is Complete."
        let status = try await service.curl.run(SeedCurlCommands.planStatus)
        #expect(status.status == 200, "\(status)")
        let stage = try #require(try status.object()["stage"] as? [String: Any], "\(status)")
        #expect(Set(try status.object().keys) == ["stage"], "\(status)")
        #expect(Set(stage.keys) == ["errors", "phase_count", "status"], "\(status)")
        #expect(stage["status"] as? String == "Complete" && stage["phase_count"] as? Int == 2, "\(status)")
        #expect((stage["errors"] as? [Any])?.isEmpty == true, "\(status)")
    }

    @Test func everyRouteButHealthNeedsTheToken() async throws {
        let service = try SeedService.require()
        let api = service.api
        for path in ["/v1/brokers", "/service/kafka/v1/brokers", "/v1/plan", "/", "/metrics"] {
            let missing = try await api.request(.get, path, headers: [:])
            #expect(missing.status == 401, "GET \(path) without a token: \(missing)")
            #expect(Shape.isError(401, body: missing.text), "\(missing)")
            for header in ["token=wrong-\(service.token)", "Bearer wrong", "token=", "Basic \(service.token)"] {
                let wrong = try await api.request(.get, path, headers: ["Authorization": header])
                #expect(wrong.status == 401, "GET \(path) with Authorization: \(header): \(wrong)")
                #expect(Shape.isError(401, body: wrong.text), "\(wrong)")
            }
            for header in ["token=\(service.token)", "Bearer \(service.token)"] {
                let accepted = try await api.request(.get, path, headers: ["Authorization": header])
                #expect(accepted.status == 200, "GET \(path) with Authorization: \(header): \(accepted)")
            }
        }
        // A seed example with the wrong token in AUTH_TOKEN.
        let wrongCurl = try await SeedCurl(dcosURI: api.baseURL, token: "uSeR_t0k3n").run(SeedCurlCommands.brokers)
        #expect(wrongCurl.status == 401 && Shape.isError(401, body: wrongCurl.body), "\(wrongCurl)")
        let health = try await api.request(.get, "/health", headers: [:])
        #expect(health.status == 200, "/health needs no token: \(health)")
    }

    @Test func errorsAreJSONWithTheirStatus() async throws {
        let service = try SeedService.require()
        let cases: [(String, String, Int)] = [
            ("GET", "/service/kafka/v1/brokers/7", 404),
            ("PUT", "/service/kafka/v1/brokers/7", 404),
            ("GET", "/v1/brokers/abc", 400),
            ("PUT", "/v1/brokers/-1", 400),
            ("PUT", "/v1/brokers/0?replace=maybe", 400),
            ("GET", "/v1/configurations/nope", 404),
            ("GET", "/service/kafka/v1/configurations/294235f2-8504-4194-b43d-664443f2132b", 404),
            ("POST", "/v1/topics", 400),
            ("POST", "/v1/topics?name=bad%20name", 400),
            ("POST", "/v1/topics?name=errors-topic&partitions=two", 400),
            ("POST", "/v1/topics?name=errors-topic&partitions=0", 400),
            ("POST", "/v1/topics?name=errors-topic&replication=-1", 400),
            ("GET", "/v1/topics/errors-topic/offsets?time=yesterday", 400),
            ("PUT", "/v1/topics/errors-topic", 400),
            ("PUT", "/v1/topics/errors-topic?operation=shrink", 400),
            ("PUT", "/v1/topics/errors-topic?operation=partitions", 400),
            ("PUT", "/v1/topics/errors-topic?operation=producer-test&messages=ten", 400),
            ("GET", "/v1/topics/no-such-topic", 404),
            ("GET", "/v1/plan/continue?block=not-a-uuid", 400),
            ("GET", "/v1/nope", 404),
            ("GET", "/service/kafka/v2/brokers", 404),
            ("GET", "/service/other/v1/brokers", 404),
            ("DELETE", "/v1/brokers", 405),
            ("POST", "/service/kafka/v1/connection", 405),
            ("DELETE", "/v1/plan", 405),
            ("PATCH", "/v1/configurations/target", 405),
        ]
        for (method, path, status) in cases {
            let answer = try await service.api.request(.init(rawValue: method), path)
            #expect(answer.status == status, "\(method) \(path): \(answer)")
            #expect(Shape.isError(status, body: answer.text), "\(method) \(path): \(answer)")
        }
        // Nothing of that created a topic.
        let topics = try await service.api.get("/v1/topics")
        #expect(!topics.text.contains("errors-topic"), "\(topics)")
    }
}

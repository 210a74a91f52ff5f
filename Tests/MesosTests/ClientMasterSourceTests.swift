import Foundation
import Testing

@testable import Mesos

@Suite("Client master source and endpoints")
struct ClientMasterSourceTests {
    @Test func parsesURLLists() throws {
        #expect(
            try MasterSource(parsing: "http://m1:5050, https://m2:5050/, m3:5050")
                == .urls([
                    "http://m1:5050/api/v1/scheduler", "https://m2:5050/api/v1/scheduler",
                    "http://m3:5050/api/v1/scheduler",
                ]))
        #expect(
            try MasterSource(parsing: "HTTP://m1:5050/api/v1/scheduler") == .urls(["http://m1:5050/api/v1/scheduler"]))
        #expect(
            try MasterSource(parsing: "https://proxy.example/mesos")
                == .urls(["https://proxy.example/mesos/api/v1/scheduler"]))
    }

    @Test func parsesZooKeeperSources() throws {
        #expect(
            try MasterSource(parsing: "zk://zk1:2181,zk2:2181/mesos")
                == .zooKeeper(ZooKeeperMasterGroup(servers: "zk1:2181,zk2:2181", path: "/mesos")))
        let withCredentials = try ZooKeeperMasterGroup(parsing: "zk://kafka:s3cr@t@zk1:2181/dcos/mesos/")
        #expect(withCredentials.credentials == "kafka:s3cr@t")
        #expect(withCredentials.servers == "zk1:2181")
        #expect(withCredentials.path == "/dcos/mesos")
        #expect(withCredentials.description == "zk://kafka:***@zk1:2181/dcos/mesos")
    }

    @Test(arguments: [
        "", "zk://zk1:2181", "zk://zk1:2181/", "zk://zk1/mesos", "zk://zk1:99999/mesos",
        "zk://nopassword@zk1:2181/mesos",
        "ftp://m1:5050", "http://", "m1:5050,,m2:5050", "http://m 1:5050",
    ])
    func rejectsMalformedSources(text: String) {
        #expect(throws: MesosClientError.self) { try MasterSource(parsing: text) }
    }

    @Test func resolvesSchemeLessRedirectsWithTheSchemeInUse() {
        #expect(
            SchedulerEndpoint.resolve(
                location: "//10.0.0.2:5050/api/v1/scheduler", against: "https://10.0.0.1:5050/api/v1/scheduler")
                == "https://10.0.0.2:5050/api/v1/scheduler")
        #expect(
            SchedulerEndpoint.resolve(
                location: "//leader.mesos:5050", against: "http://10.0.0.1:5050/api/v1/scheduler")
                == "http://leader.mesos:5050/api/v1/scheduler")
        #expect(
            SchedulerEndpoint.resolve(location: "/other/path", against: "http://10.0.0.1:5050/api/v1/scheduler")
                == "http://10.0.0.1:5050/other/path")
        #expect(
            SchedulerEndpoint.resolve(
                location: "http://10.0.0.3:5050/api/v1/scheduler", against: "https://10.0.0.1:5050/api/v1/scheduler")
                == "http://10.0.0.3:5050/api/v1/scheduler")
        #expect(SchedulerEndpoint.resolve(location: "", against: "http://10.0.0.1:5050/api/v1/scheduler") == nil)
        #expect(SchedulerEndpoint.resolve(location: "//", against: "http://10.0.0.1:5050/api/v1/scheduler") == nil)
    }

    @Test func theLowestJSONInfoSequenceLeads() {
        let children = [
            "log_replicas", "info_0000000001", "json.info_0000000012", "json.info_0000000003",
            "json.info_0000000007", "json.info_garbage",
        ]
        #expect(ZooKeeperLeader.leaderNode(in: children) == "json.info_0000000003")
        #expect(ZooKeeperLeader.leaderNode(in: ["log_replicas", "info_0000000001"]) == nil)
        #expect(ZooKeeperLeader.leaderNode(in: []) == nil)
    }

    @Test func readsTheMasterAddressAsMesosWritesIt() throws {
        // A MasterInfo as Mesos 1.x writes it to json.info_*.
        let mesos = #"""
            {"address":{"hostname":"master-2.mesos","ip":"10.0.0.2","port":5050},"hostname":"master-2.mesos",
             "id":"a1b2","ip":33554442,"pid":"master@10.0.0.2:5050","port":5050,"version":"1.11.0"}
            """#
        #expect(
            try ZooKeeperLeader.endpoint(masterInfo: Array(mesos.utf8), scheme: "http")
                == "http://master-2.mesos:5050/api/v1/scheduler")
        let ipOnly = #"{"address":{"ip":"10.0.0.2","port":"5051"},"id":"x","ip":1,"port":1}"#
        #expect(
            try ZooKeeperLeader.endpoint(masterInfo: Array(ipOnly.utf8), scheme: "https")
                == "https://10.0.0.2:5051/api/v1/scheduler")
        let topLevel = #"{"hostname":"m3","port":5052,"id":"x","ip":16777343}"#
        #expect(
            try ZooKeeperLeader.endpoint(masterInfo: Array(topLevel.utf8), scheme: "http")
                == "http://m3:5052/api/v1/scheduler")
        let packedIP = #"{"id":"x","ip":16777343,"port":5053}"#
        #expect(
            try ZooKeeperLeader.endpoint(masterInfo: Array(packedIP.utf8), scheme: "http")
                == "http://127.0.0.1:5053/api/v1/scheduler")
        #expect(ZooKeeperLeader.dottedIPv4(MasterInfo.packedIPv4("10.1.2.3")!) == "10.1.2.3")
    }

    @Test(arguments: [#"not json"#, #"{"id":"x"}"#, #"{"hostname":"m"}"#, #"{"address":{"hostname":"m","port":0}}"#])
    func rejectsMasterInfoWithoutAnAddress(text: String) {
        #expect(throws: MasterInfoProblem.self) {
            try ZooKeeperLeader.endpoint(masterInfo: Array(text.utf8), scheme: "http")
        }
    }

    @Test func rejectsImpossibleConfigurations() {
        let master = MasterSource.urls(["http://127.0.0.1:1/api/v1/scheduler"])
        var noPrincipal = MesosSchedulerClient.Configuration(
            master: master, frameworkInfo: testFrameworkInfo(principal: nil), secret: "s")
        #expect(throws: MesosClientError.self) { try MesosSchedulerClient(configuration: noPrincipal) }
        noPrincipal.secret = nil
        #expect(throws: Never.self) { try MesosSchedulerClient(configuration: noPrincipal) }
        let empty = MesosSchedulerClient.Configuration(master: .urls([]), frameworkInfo: testFrameworkInfo())
        #expect(throws: MesosClientError.self) { try MesosSchedulerClient(configuration: empty) }
        let noMisses = MesosSchedulerClient.Configuration(
            master: master, frameworkInfo: testFrameworkInfo(), heartbeatMissLimit: 0)
        #expect(throws: MesosClientError.self) { try MesosSchedulerClient(configuration: noMisses) }
    }
}

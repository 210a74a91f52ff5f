import Foundation
import PlaceholderBroker
import Testing

@Suite struct PlaceholderFilesTests {
    @Test func registrationIsKafkasJSONInKafkasOrder() throws {
        let registration = BrokerRegistration(host: "10.0.0.7", port: 9092, timestamp: 1_700_000_000_123)
        #expect(
            registration.json
                == "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                + "\"endpoints\":[\"PLAINTEXT://10.0.0.7:9092\"],\"jmx_port\":-1,\"port\":9092,\"host\":\"10.0.0.7\","
                + "\"version\":5,\"timestamp\":\"1700000000123\"}")
        #expect(BrokerRegistration.path(brokerId: 3) == "/brokers/ids/3")
        let odd = BrokerRegistration(host: "we\"ird\\host", port: 1, timestamp: 0).json
        let parsed = try JSONSerialization.jsonObject(with: Data(odd.utf8)) as? [String: Any]
        #expect(parsed?["host"] as? String == "we\"ird\\host")
    }

    @Test func metaPropertiesRoundTripAndChecks() throws {
        let meta = MetaProperties(brokerId: 4, clusterId: "abc")
        let text = meta.rendered()
        #expect(text.contains("\nbroker.id=4\n"))
        #expect(text.contains("\nversion=0\n"))
        #expect(text.contains("\ncluster.id=abc\n"))
        #expect(try MetaProperties(parsing: text) == meta)
        #expect(try meta.verify(brokerId: 4, clusterId: "abc") == nil)
        #expect(throws: MetaPropertiesError.self) { try meta.verify(brokerId: 5, clusterId: "abc") }
        #expect(throws: MetaPropertiesError.self) { try meta.verify(brokerId: 4, clusterId: "other") }
        let old = try MetaProperties(parsing: "# old\n!comment\nbroker.id = 4\nversion:0\n")
        #expect(old == MetaProperties(brokerId: 4, clusterId: nil))
        #expect(try old.verify(brokerId: 4, clusterId: "abc") == MetaProperties(brokerId: 4, clusterId: "abc"))
        let kraft = MetaProperties(version: 1, brokerId: 4, clusterId: "abc")
        #expect(throws: MetaPropertiesError.self) { try kraft.verify(brokerId: 4, clusterId: "abc") }
        #expect(throws: MetaPropertiesError.self) { try MetaProperties(parsing: "version=0\n") }
    }

    @Test func dataDirectoryIsCreatedCheckedAndLogged() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("placeholder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = BrokerDataDirectory(path: root.appendingPathComponent("kafka-volume/broker-1").path)
        #expect(try directory.prepare(brokerId: 1, clusterId: "c1") == MetaProperties(brokerId: 1, clusterId: "c1"))
        #expect(try directory.prepare(brokerId: 1, clusterId: "c1") == MetaProperties(brokerId: 1, clusterId: "c1"))
        do {
            try directory.prepare(brokerId: 2, clusterId: "c1")
            Issue.record("another broker's directory was accepted")
        } catch {
            #expect("\(error)".contains("configured broker.id 2 doesn't match stored broker.id 1"))
            #expect("\(error)".contains(directory.path))
        }
        try directory.appendLog("one")
        try directory.appendLog("two")
        #expect(try String(contentsOfFile: directory.logPath, encoding: .utf8) == "one\ntwo\n")
    }
}

import Foundation
import KafkaFramework
import Plan
import Testing

@Suite struct ConfigurationJSONTests {
    @Test func storedShapeFollowsTheSeed() throws {
        let configuration = try parse([
            "BROKER_MEM": "4096", "KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "24",
            "KAFKA_OVERRIDE_AUTO_CREATE_TOPICS_ENABLE": "false",
        ]).configuration
        let pretty = String(decoding: try CanonicalJSON.encodePretty(configuration), as: UTF8.self)
        #expect(pretty == """
            {
                "brokerConfiguration": {
                    "cpus": 1,
                    "disk": 5000,
                    "diskType": "ROOT",
                    "heap": {
                        "sizeMb": 2048
                    },
                    "javaUri": "\(ConfigurationDefaults.javaURI)",
                    "kafkaUri": "https://archive.apache.org/dist/kafka/3.7.0/kafka_2.13-3.7.0.tgz",
                    "mem": 4096,
                    "port": 0,
                    "readyCheck": "broker-registered"
                },
                "kafkaConfiguration": {
                    "kafkaVerName": "kafka_2.13-3.7.0",
                    "kafkaZkUri": "master.mesos:2181",
                    "overrides": {
                        "auto.create.topics.enable": "false",
                        "log.retention.hours": "24"
                    }
                },
                "serviceConfiguration": {
                    "count": 3,
                    "name": "kafka",
                    "phaseStrategy": "INSTALL",
                    "placementStrategy": "NODE",
                    "principal": "kafka-principal",
                    "role": "kafka-role",
                    "user": ""
                }
            }
            """)
        // The stored bytes are the same document, compact.
        #expect(CanonicalJSON.prettyPrinted(try configuration.canonicalJSON()) == Data(pretty.utf8))
    }

    /// The seed's `serviceConfiguration` example, byte for byte.
    @Test func serviceSectionMatchesTheSeedExample() throws {
        let seed = """
            {
                "count": 3,
                "name": "kafka",
                "phaseStrategy": "INSTALL",
                "placementStrategy": "NODE",
                "principal": "kafka-principal",
                "role": "kafka-role",
                "user": ""
            }
            """
        let service = try parse([:]).configuration.service
        #expect(String(decoding: try CanonicalJSON.encodePretty(service), as: UTF8.self) == seed)
    }

    @Test func commandAppearsOnlyWhenSet() throws {
        let with = try parse(["BROKER_COMMAND": "./broker.sh"]).configuration
        let json = String(decoding: try with.canonicalJSON(), as: UTF8.self)
        #expect(json.contains(#""command":"./broker.sh","cpus":1,"#))
        #expect(!String(decoding: try parse([:]).configuration.canonicalJSON(), as: UTF8.self).contains("command"))
    }

    @Test func encodingIsDeterministicAndRoundTrips() throws {
        var environment: [String: String] = ["BROKER_CPUS": "0.1", "BROKER_COUNT": "7"]
        for index in 0..<40 { environment["KAFKA_OVERRIDE_P\(index)_X"] = "v\(index)" }
        let first = try parse(environment).configuration
        // Dictionaries hash differently in every process and instance; the bytes must not.
        var reversed: [String: String] = [:]
        for key in environment.keys.sorted().reversed() { reversed[key] = environment[key] }
        let second = try parse(reversed).configuration
        #expect(try first.canonicalJSON() == second.canonicalJSON())

        let decoded = try ServiceConfiguration.decode(from: try first.canonicalJSON())
        #expect(decoded == first)
        #expect(decoded.broker.cpus == 0.1)
        #expect(try decoded.canonicalJSON() == first.canonicalJSON())
    }

    @Test func decodingToleratesAddedAndMissingLaterFields() throws {
        // The seed's old fields (containerHookUri, overriderUri) and anything unknown are ignored; fields
        // that came after the seed take their defaults.
        let stored = """
            {"brokerConfiguration":{"containerHookUri":"https://x/hook.tgz","cpus":1,"disk":5000,"diskType":"ROOT",
             "javaUri":"https://x/jre.tgz","kafkaUri":"https://x/kafka.tgz","mem":2048,"overriderUri":"https://x/o.zip",
             "futureField":{"a":[1,2]}},
             "kafkaConfiguration":{"kafkaVerName":"kafka_2.10-0.9.0.1","kafkaZkUri":"master.mesos:2181","extra":true},
             "serviceConfiguration":{"count":3,"name":"kafka","phaseStrategy":"INSTALL","placementStrategy":"NODE",
             "principal":"kafka-principal","role":"kafka-role"},
             "schedulerConfiguration":{"later":1}}
            """
        let decoded = try ServiceConfiguration.decode(from: Data(stored.utf8))
        #expect(decoded.broker.memMB == 2048)
        #expect(decoded.broker.heapMB == ConfigurationDefaults.brokerHeapMB)
        #expect(decoded.broker.port == 0)
        #expect(decoded.broker.readyCheck == .brokerRegistered)
        #expect(decoded.broker.command == nil)
        #expect(decoded.kafka.overrides.isEmpty)
        #expect(decoded.service.user == "")
        #expect(decoded.service.brokerCount == 3)
    }

    @Test func missingCoreFieldsAreAnError() {
        #expect(throws: (any Error).self) {
            try ServiceConfiguration.decode(from: Data(#"{"brokerConfiguration":{}}"#.utf8))
        }
    }
}

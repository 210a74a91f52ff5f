import PlaceholderBroker
import Testing

@Suite struct PlaceholderSettingsTests {
    static let complete = [
        "BROKER_ID": "2", "BROKER_PORT": "9092", "BROKER_HOST": "127.0.0.1",
        "BROKER_DATA_DIR": "/sandbox/kafka-volume/broker-2",
        "KAFKA_ZOOKEEPER_CONNECT": "10.0.0.1:2181,10.0.0.2:2181/dcos-service-kafka",
        "CONFIG_ID": "5b2a1f0e-8f0c-4c47-9e38-0e6f2f1b7c11", "FRAMEWORK_NAME": "kafka",
    ]

    @Test func readsTheTaskEnvironment() throws {
        let settings = try PlaceholderSettings(environment: Self.complete)
        #expect(settings.brokerId == 2)
        #expect(settings.port == 9092)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.dataDirectory == "/sandbox/kafka-volume/broker-2")
        #expect(settings.zooKeeper.servers == ["10.0.0.1:2181", "10.0.0.2:2181"])
        #expect(settings.zooKeeper.chroot == "/dcos-service-kafka")
        #expect(settings.configId == "5b2a1f0e-8f0c-4c47-9e38-0e6f2f1b7c11")
        #expect(settings.frameworkName == "kafka")
        #expect(settings.sessionTimeout == .milliseconds(18000))
        #expect(settings.listener == "PLAINTEXT://127.0.0.1:9092")
    }

    @Test func everyMissingVariableIsNamed() {
        #expect(throws: PlaceholderBrokerError.self) { try PlaceholderSettings(environment: [:]) }
        do throws(PlaceholderBrokerError) {
            _ = try PlaceholderSettings(environment: [:])
        } catch {
            guard case .invalidEnvironment(let problems) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(problems.map(\.variable) == PlaceholderSettings.requiredVariables)
            #expect(error.exitStatus == 2)
        }
    }

    @Test(arguments: [
        ("BROKER_ID", "-1"), ("BROKER_ID", "abc"), ("BROKER_ID", "99999999999"), ("BROKER_PORT", "0"),
        ("BROKER_PORT", "65536"), ("BROKER_PORT", "ninety"), ("BROKER_HOST", "a host"), ("BROKER_HOST", " "),
        ("KAFKA_ZOOKEEPER_CONNECT", "zk:notaport/x"), ("KAFKA_ZOOKEEPER_CONNECT", "/only-chroot"),
        ("KAFKA_ZOOKEEPER_CONNECT", "zk:2181//double"), ("KAFKA_ZOOKEEPER_CONNECT", "zk:2181,,zk2:2181/x"),
        ("CONFIG_ID", ""), ("FRAMEWORK_NAME", ""), ("PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS", "10"),
    ])
    func invalidValueIsNamed(variable: String, value: String) {
        var environment = Self.complete
        environment[variable] = value
        do throws(PlaceholderBrokerError) {
            _ = try PlaceholderSettings(environment: environment)
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            guard case .invalidEnvironment(let problems) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(problems.map(\.variable) == [variable])
            #expect("\(error)".contains(variable))
        }
    }

    @Test func zooKeeperConnectStrings() throws {
        let plain = try ZooKeeperConnect(parsing: "zk-1:2181")
        #expect(plain.servers == ["zk-1:2181"])
        #expect(plain.chroot == "")
        let defaultPort = try ZooKeeperConnect(parsing: "master.mesos/dcos-service-kafka/nested")
        #expect(defaultPort.servers == ["master.mesos:2181"])
        #expect(defaultPort.chroot == "/dcos-service-kafka/nested")
        #expect(defaultPort.path("/brokers/ids/0") == "/dcos-service-kafka/nested/brokers/ids/0")
        #expect(defaultPort.serversString == "master.mesos:2181")
        #expect(try ZooKeeperConnect(parsing: "a:1,b:2/").chroot == "")
    }
}

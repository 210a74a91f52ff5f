import Foundation
import Mesos
import TestSupport
import Testing

@testable import KafkaFramework

@Suite struct BrokerTaskFactoryTests {
    static let factory = BrokerTaskFactory(layout: StateLayout(frameworkName: "kafka"))

    static func launch(_ configuration: ServiceConfiguration, broker: Int = 2, port: Int = 31005)
        -> BrokerTaskFactory.Launch
    {
        BrokerTaskFactory.Launch(
            broker: broker, taskID: "broker-\(broker)__1b4e28ba-2fa1-11d2-883f-0016d3cca427", configID: "cfg-1",
            configuration: configuration, agentID: "agent-7", hostname: "kafka-7.example", port: port,
            resources: [.cpus(1), .mem(2048)])
    }

    @Test func taskIDsNameTheBroker() {
        let id = BrokerTaskID.make(broker: 12)
        #expect(id.hasPrefix("broker-12__"))
        #expect(UUID(uuidString: String(id.dropFirst("broker-12__".count))) != nil)
        #expect(BrokerTaskID.brokerID(of: id) == 12)
        #expect(BrokerTaskID.brokerID(of: "broker-x__abc") == nil)
        #expect(BrokerTaskID.brokerID(of: "broker-01__abc") == nil)
        #expect(BrokerTaskID.brokerID(of: "other") == nil)
    }

    @Test func theTaskCarriesItsNameLabelsKillPolicyEnvironmentAndURIs() throws {
        let configuration = testConfiguration(heapMB: 1536)
        let task = Self.factory.task(Self.launch(configuration))
        #expect(task.name == "broker-2")
        #expect(task.taskID.value.hasPrefix("broker-2__"))
        #expect(task.agentID == "agent-7")
        #expect(task.labels?["config_id"] == "cfg-1")
        #expect(task.labels?["broker_id"] == "2")
        #expect(task.killPolicy?.gracePeriod?.seconds == 60)
        let command = try #require(task.command)
        #expect(command.shell == true)
        #expect(command.uris.map(\.value) == [configuration.broker.kafkaURI, configuration.broker.javaURI])
        #expect(command.uris.allSatisfy { $0.extract == true })
        let environment = try #require(command.environment)
        #expect(environment["BROKER_ID"] == "2")
        #expect(environment["BROKER_PORT"] == "31005")
        #expect(environment["BROKER_HOST"] == "kafka-7.example")
        #expect(environment["BROKER_DATA_DIR"] == "kafka-volume/broker-2")
        #expect(environment["KAFKA_ZOOKEEPER_CONNECT"] == "zk.local:2181/dcos-service-kafka")
        #expect(environment["CONFIG_ID"] == "cfg-1")
        #expect(environment["FRAMEWORK_NAME"] == "kafka")
        #expect(environment["KAFKA_HEAP_OPTS"] == "-Xms1536M -Xmx1536M")
        #expect(command.user == nil)

        var noJava = configuration
        noJava.broker.javaURI = ""
        noJava.service.user = "kafka"
        let other = Self.factory.task(Self.launch(noJava))
        #expect(other.command?.uris.map(\.value) == [configuration.broker.kafkaURI])
        #expect(other.command?.user == "kafka")
    }

    @Test func brokerCommandReplacesTheCommandAndFetchesNothing() throws {
        let task = Self.factory.task(Self.launch(testConfiguration(command: "exec ./placeholder --id $BROKER_ID")))
        let value = try #require(task.command?.value)
        #expect(value.hasSuffix("exec ./placeholder --id $BROKER_ID\n"))
        #expect(!value.contains("kafka-server-start.sh"))
        #expect(task.command?.uris.isEmpty == true)
        #expect(task.command?.environment?["BROKER_ID"] == "2")
    }

    /// Runs the generated script in a sandbox with a fake Kafka distribution and Java runtime.
    func runScript(_ task: TaskInfo, extraEnvironment: [String: String] = [:]) async throws -> (
        sandbox: URL, output: String, status: Int32
    ) {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("broker-task-\(UUID().uuidString)")
        let kafkaBin = sandbox.appendingPathComponent("kafka_2.13-3.7.0/bin")
        let javaBin = sandbox.appendingPathComponent("jdk-17.0.11+9-jre/bin")
        try FileManager.default.createDirectory(at: kafkaBin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: javaBin, withIntermediateDirectories: true)
        let fakeStart = kafkaBin.appendingPathComponent("kafka-server-start.sh")
        try Self.writeExecutable(
            fakeStart,
            """
            #!/bin/sh
            cp "$1" started.properties
            {
              echo "args=$*"
              echo "heap=$KAFKA_HEAP_OPTS"
              echo "java_home=$JAVA_HOME"
              echo "java=$(command -v java)"
              echo "cwd=$(pwd)"
            } > started.env
            """)
        try Self.writeExecutable(javaBin.appendingPathComponent("java"), "#!/bin/sh\necho java\n")

        // A child another test forks while a script is being written may hold it open for a moment, and
        // executing it then fails with ETXTBSY (status 126): try again.
        var result = try await runOnce(task, sandbox: sandbox, extraEnvironment: extraEnvironment)
        for _ in 0..<5 where result.status == 126 {
            try await Task.sleep(for: .milliseconds(50))
            result = try await runOnce(task, sandbox: sandbox, extraEnvironment: extraEnvironment)
        }
        return (sandbox, result.output, result.status)
    }

    /// Writes an executable file through a close-on-exec descriptor.
    static func writeExecutable(_ url: URL, _ text: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    func runOnce(_ task: TaskInfo, sandbox: URL, extraEnvironment: [String: String]) async throws -> (
        output: String, status: Int32
    ) {
        var environment = ["PATH": "/usr/bin:/bin", "MESOS_SANDBOX": sandbox.path]
        for variable in task.command?.environment?.variables ?? [] {
            environment[variable.name] = variable.value
        }
        environment.merge(extraEnvironment) { $1 }
        let log = sandbox.appendingPathComponent("task-\(UUID().uuidString).log")
        let process = try await ManagedProcess.spawn(
            .init(
                executable: "/bin/sh", arguments: ["-c", try #require(task.command?.value)], environment: environment,
                workingDirectory: sandbox.path, logFile: log.path))
        guard let status = await process.waitForExit(timeout: .seconds(30)) else {
            _ = await process.terminate()
            throw CocoaError(.executableLoad)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        switch status {
        case .exited(let code): return (text, code)
        case .signaled(let signal): return (text, 128 + signal)
        }
    }

    @Test func theScriptWritesServerPropertiesAndStartsKafka() async throws {
        let configuration = testConfiguration(
            heapMB: 1536,
            overrides: [
                "num.io.threads": "16", "log.retention.hours": "24",
                "ssl.keystore.password": "a $dollar `tick` 'quote' \"double\" \\back",
            ])
        let task = Self.factory.task(Self.launch(configuration))
        let (sandbox, output, status) = try await runScript(task)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        #expect(status == 0, "\(output)")

        let properties = try String(
            contentsOf: sandbox.appendingPathComponent("started.properties"), encoding: .utf8)
        let dataDirectory = sandbox.appendingPathComponent("kafka-volume/broker-2").path
        #expect(
            properties == """
                broker.id=2
                log.dirs=\(dataDirectory)
                listeners=PLAINTEXT://0.0.0.0:31005
                advertised.listeners=PLAINTEXT://kafka-7.example:31005
                zookeeper.connect=zk.local:2181/dcos-service-kafka
                log.retention.hours=24
                num.io.threads=16
                ssl.keystore.password=a $dollar `tick` 'quote' "double" \\back

                """)
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory) && isDirectory.boolValue)

        let environment = try String(contentsOf: sandbox.appendingPathComponent("started.env"), encoding: .utf8)
        #expect(environment.contains("args=server.properties"))
        #expect(environment.contains("heap=-Xms1536M -Xmx1536M"))
        #expect(environment.contains("java_home=\(sandbox.path)/jdk-17.0.11+9-jre"))
        #expect(environment.contains("java=\(sandbox.path)/jdk-17.0.11+9-jre/bin/java"))
    }

    @Test func theScriptWithoutOverridesStillWritesTheSchedulersProperties() async throws {
        let task = Self.factory.task(Self.launch(testConfiguration(), broker: 0, port: 9092))
        let (sandbox, output, status) = try await runScript(task)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        #expect(status == 0, "\(output)")
        let properties = try String(contentsOf: sandbox.appendingPathComponent("started.properties"), encoding: .utf8)
        #expect(
            properties.split(separator: "\n").map { String($0.split(separator: "=")[0]) } == [
                "broker.id", "log.dirs", "listeners", "advertised.listeners", "zookeeper.connect",
            ])
    }

    @Test func aBrokerCommandSeesAnAbsoluteDataDirectory() async throws {
        let task = Self.factory.task(
            Self.launch(testConfiguration(command: "echo \"$BROKER_DATA_DIR $BROKER_ID $CONFIG_ID\" > command.out")))
        let (sandbox, output, status) = try await runScript(task)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        #expect(status == 0, "\(output)")
        let written = try String(contentsOf: sandbox.appendingPathComponent("command.out"), encoding: .utf8)
        #expect(written == "\(sandbox.path)/kafka-volume/broker-2 2 cfg-1\n")
    }
}

import Foundation
import Testing

/// deploy/universe/marathon.json.mustache rendered as DC/OS renders it, and the result handed to the daemon.
@Suite struct MarathonTemplateTests {
    /// What Marathon would put in the environment for each secret of the secret store.
    static let resolvedSecrets = [
        "mesos_secret": "mesos-s3cret", "api_auth_token": "api-t0ken", "zookeeper_auth": "kafka:zk-passw0rd",
    ]

    @Test func theDefaultsRenderToAnAppWhoseEnvironmentTheDaemonAccepts() async throws {
        let (_, app) = try DeployFiles.renderApp()
        let environment = try DeployFiles.environment(of: app)
        let run = try await CheckConfigRun.run(environment: environment)
        #expect(run.status == 0, "the daemon refused the rendered environment:\n\(run.summary)")
        #expect(!run.stdout.isEmpty, "--check-config printed no resolved configuration:\n\(run.summary)")
    }

    @Test func theDefaultsRenderTheDocumentedDefaults() throws {
        let (_, app) = try DeployFiles.renderApp()
        let environment = try DeployFiles.environment(of: app)
        let documented = try ConfigurationSources.documentedDefaults()
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) {
            let expected = try #require(documented[variable], "\(variable) is not in docs/configuration.md")
            let isDefault = ConfigurationSources.isDefault(value, of: variable, documented: expected, in: environment)
            #expect(isDefault, "\(variable)=\"\(value)\" is not its documented default \(expected)")
        }
        // The archives the package fetches by default are the daemon's defaults.
        #expect(environment["KAFKA_URI"] == (try DeployFiles.resource).value(at: "assets.uris.kafka-tgz")?.stringValue)
        #expect(environment["JAVA_URI"] == (try DeployFiles.resource).value(at: "assets.uris.jre-tgz")?.stringValue)
    }

    @Test func theDefaultsRenderOneSchedulerWithItsChecks() throws {
        let (_, app) = try DeployFiles.renderApp()
        try MarathonAppShape.check(app)
        #expect(app["id"] == .string("/kafka"))
        #expect(app["cpus"] == .number(0.5))
        #expect(app["mem"] == .number(256))
        #expect(
            app.value(at: "fetch")?.arrayValue?.first?["uri"]
                == (try DeployFiles.resource).value(at: "assets.uris.kafka-scheduler"))
        #expect(app["secrets"] == .object([:]))
        #expect(app.value(at: "labels.DCOS_PACKAGE_FRAMEWORK_NAME") == .string("kafka"))
        #expect(app.value(at: "labels.DCOS_SERVICE_NAME") == .string("kafka"))
    }

    /// Every option set to something other than its default: every variable the daemon reads appears, and
    /// the daemon accepts the lot.
    @Test func everyOptionRendersIntoAnEnvironmentTheDaemonAccepts() async throws {
        let schema = try DeployFiles.configSchema
        var options: [String: JSONValue] = [
            "service.name": .string("kafka-dev"),
            "service.cpus": .number(1),
            "service.mem": .number(512),
            "service.principal": .string("dev-principal"),
            "service.role": .string("dev/kafka"),
            "service.user": .string("nobody"),
            "service.placement_strategy": .string("ANY"),
            "service.phase_strategy": .string("STAGE"),
            "service.mesos_master": .string("zk://zk-1.example:2181,zk-2.example:2181/mesos"),
            "service.failover_timeout_seconds": .number(86400),
            "service.zookeeper": .string("zk-1.example:2181,zk-2.example:2181/state"),
            "service.api_host": .string("127.0.0.1"),
            "service.api_port": .string("18080"),
            "service.log_level": .string("debug"),
            "service.secrets.mesos_secret": .string("kafka-dev/mesos-secret"),
            "service.secrets.api_auth_token": .string("kafka-dev/api-token"),
            "service.secrets.zookeeper_auth": .string("kafka-dev/zookeeper-auth"),
            "brokers.count": .number(5),
            "brokers.cpus": .number(2.5),
            "brokers.mem": .number(4096),
            "brokers.heap_mb": .number(3072),
            "brokers.disk": .number(20000),
            "brokers.disk_type": .string("MOUNT"),
            "brokers.port": .number(9092),
            "brokers.ready_check": .string("replicas-in-sync"),
            "brokers.enable_auto_replace": .bool(true),
            "brokers.replace_delay_seconds": .number(1200),
            "brokers.command": .string("exec ./kafka-placeholder-broker --id $BROKER_ID"),
            "kafka.kafka_uri": .string("https://mirror.example/kafka_2.13-3.7.1.tgz"),
            "kafka.kafka_ver_name": .string("kafka_2.13-3.7.1"),
            "kafka.use_agent_java": .bool(true),
            "kafka.kafka_zookeeper_uri": .string("zk-kafka.example:2181"),
            "kafka.default_partition_count": .number(6),
            "kafka.default_replication_factor": .string("2"),
            "kafka.additional_overrides": .array([
                .object(["key_env": .string("LOG_CLEANER_THREADS"), "value": .string("2")]),
                .object(["key_env": .string("SOCKET_SEND_BUFFER_BYTES"), "value": .string("1048576")]),
            ]),
        ]
        // Every named override, with a value its schema allows.
        let overrides = try #require(schema.value(at: "properties.kafka.properties.overrides.properties")?.objectValue)
        for (key, property) in overrides {
            let value = property["enum"]?.arrayValue?.compactMap(\.stringValue).last(where: { !$0.isEmpty }) ?? "2"
            options["kafka.overrides." + key] = .string(value)
        }
        // Every option of the schema is set above, so that every line of the template is exercised.
        let leaves = Set(DeployFiles.leafOptions(of: schema).map(\.path))
        let unset = leaves.subtracting(options.keys).subtracting([
            "kafka.java_uri",  // ignored with use_agent_java; rendered by the next test
            "service.secrets.mesos_secret_file", "service.secrets.api_auth_token_file",  // files: a test of their own
        ])
        #expect(unset.isEmpty, "options this test does not set: \(unset.sorted())")

        // Every value is one the schema allows.
        let schemas = Dictionary(uniqueKeysWithValues: DeployFiles.leafOptions(of: schema).map { ($0.path, $0.schema) })
        for (path, value) in options {
            let option = try #require(schemas[path], "\(path) is not an option")
            let problems = UniversePackageTests.problems(of: value, against: option)
            #expect(problems.isEmpty, "\(path): \(problems)")
        }

        let (text, app) = try DeployFiles.renderApp(options: options)
        let environment = try DeployFiles.environment(of: app, secrets: Self.resolvedSecrets)

        // Every variable the daemon reads is rendered, none that it does not read.
        let daemon = try ConfigurationSources.daemonVariables()
        let rendered = Set(environment.keys.filter { !$0.hasPrefix(ConfigurationSources.overridePrefix) })
        #expect(
            rendered.subtracting(daemon).isEmpty,
            "the template sets variables the daemon does not read: \(rendered.subtracting(daemon).sorted())")
        let missed = daemon.subtracting(rendered).subtracting(ConfigurationSources.setByMarathon)
        #expect(missed.isEmpty, "the template never sets: \(missed.sorted())")
        #expect(environment["PORT0"] == nil, "PORT0 is Marathon's to set")

        // Each override becomes its KAFKA_OVERRIDE_ variable.
        for (key, value) in options where key.hasPrefix("kafka.overrides.") {
            let variable = ConfigurationSources.overridePrefix + key.dropFirst("kafka.overrides.".count).uppercased()
            #expect(environment[variable] == value.stringValue, "\(variable)")
        }
        #expect(environment["KAFKA_OVERRIDE_LOG_CLEANER_THREADS"] == "2")
        #expect(environment["KAFKA_OVERRIDE_SOCKET_SEND_BUFFER_BYTES"] == "1048576")

        // Secrets come from the secret store, and the app says where.
        #expect(app.value(at: "env.MESOS_SECRET") == .object(["secret": .string("mesos_secret")]))
        #expect(app.value(at: "secrets.mesos_secret.source") == .string("kafka-dev/mesos-secret"))
        #expect(app.value(at: "secrets.api_auth_token.source") == .string("kafka-dev/api-token"))
        #expect(app.value(at: "secrets.zookeeper_auth.source") == .string("kafka-dev/zookeeper-auth"))
        // Marathon cannot send the token: no readiness check that would never pass.
        #expect(app["readinessChecks"] == nil, "\(text)")
        #expect(app["id"] == .string("/kafka-dev"))
        #expect(environment["JAVA_URI"] == "")
        #expect(environment["KAFKA_URI"] == "https://mirror.example/kafka_2.13-3.7.1.tgz")

        let run = try await CheckConfigRun.run(environment: environment)
        #expect(run.status == 0, "the daemon refused the rendered environment:\n\(run.summary)")
    }

    @Test func secretFilesRenderIntoAnEnvironmentTheDaemonAccepts() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deploy-secret-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secretFile = directory.appendingPathComponent("mesos-secret")
        let tokenFile = directory.appendingPathComponent("api-token")
        try "mesos-s3cret\n".write(to: secretFile, atomically: true, encoding: .utf8)
        try "api-t0ken\n".write(to: tokenFile, atomically: true, encoding: .utf8)

        let (_, app) = try DeployFiles.renderApp(options: [
            "service.secrets.mesos_secret_file": .string(secretFile.path),
            "service.secrets.api_auth_token_file": .string(tokenFile.path),
        ])
        let environment = try DeployFiles.environment(of: app)
        #expect(environment["MESOS_SECRET_FILE"] == secretFile.path)
        #expect(environment["API_AUTH_TOKEN_FILE"] == tokenFile.path)
        #expect(environment["MESOS_SECRET"] == nil)
        #expect(app["secrets"] == .object([:]))
        #expect(app["readinessChecks"] == nil)

        let run = try await CheckConfigRun.run(environment: environment)
        #expect(run.status == 0, "the daemon refused the rendered environment:\n\(run.summary)")
    }

    /// Any choice of secrets from the store renders valid JSON: each set secret is referenced from `env` and
    /// named in `secrets`, the others appear in neither.
    @Test(arguments: 0..<8)
    func everyCombinationOfStoredSecretsRendersValidJSON(mask: Int) throws {
        let secrets = [
            "mesos_secret": "MESOS_SECRET", "api_auth_token": "API_AUTH_TOKEN", "zookeeper_auth": "ZOOKEEPER_AUTH",
        ]
        let chosen = secrets.keys.sorted().enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
        var options: [String: JSONValue] = [:]
        for name in chosen {
            options["service.secrets." + name] = .string("kafka/\(name)")
        }
        let (_, app) = try DeployFiles.renderApp(options: options)
        try MarathonAppShape.check(app)
        #expect(app["secrets"]?.objectValue.map { Set($0.keys) } == Set(chosen))
        for (name, variable) in secrets {
            if chosen.contains(name) {
                #expect(app.value(at: "env.\(variable)") == .object(["secret": .string(name)]))
                #expect(app.value(at: "secrets.\(name).source") == .string("kafka/\(name)"))
            } else {
                #expect(app.value(at: "env.\(variable)") == nil)
            }
        }
        #expect((app["readinessChecks"] == nil) == chosen.contains("api_auth_token"))
    }

    /// (use_agent_java, java_uri, kafka_uri) and the JAVA_URI and KAFKA_URI they give; nil: the package's
    /// resource.
    static let archiveCases: [(Bool, String, String, String?, String?)] = [
        (false, "", "", nil, nil),
        (false, "/opt/jre.tgz", "hdfs://nn/kafka.tgz", "/opt/jre.tgz", "hdfs://nn/kafka.tgz"),
        (true, "/opt/jre.tgz", "", "", nil),
    ]

    @Test(arguments: archiveCases)
    func archivesComeFromTheOptionsOrThePackage(
        useAgentJava: Bool, javaURI: String, kafkaURI: String, expectedJava: String?, expectedKafka: String?
    ) throws {
        let resource = try DeployFiles.resource
        let (_, app) = try DeployFiles.renderApp(options: [
            "kafka.use_agent_java": .bool(useAgentJava), "kafka.java_uri": .string(javaURI),
            "kafka.kafka_uri": .string(kafkaURI),
        ])
        let environment = try DeployFiles.environment(of: app)
        #expect(environment["JAVA_URI"] == expectedJava ?? resource.value(at: "assets.uris.jre-tgz")?.stringValue)
        #expect(environment["KAFKA_URI"] == expectedKafka ?? resource.value(at: "assets.uris.kafka-tgz")?.stringValue)
    }

    /// The template and the schema agree: every name the template mentions is an option (strict rendering
    /// checks that too), and every option is used.
    @Test func everyOptionIsUsedAndEveryNameIsAnOption() throws {
        let schema = try DeployFiles.configSchema
        let leaves = Set(DeployFiles.leafOptions(of: schema).map(\.path))
        let template = try DeployFiles.template
        var used: Set<String> = []
        for reference in template.references {
            if reference.sections.contains("kafka.additional_overrides") {
                #expect(["key_env", "value"].contains(reference.name), "\(reference.name) in additional_overrides")
                continue
            }
            if reference.name.hasPrefix("resource.") {
                let asset = try DeployFiles.resource.value(at: String(reference.name.dropFirst("resource.".count)))
                #expect(asset?.stringValue != nil, "\(reference.name) is not in resource.json")
                continue
            }
            #expect(leaves.contains(reference.name), "\(reference.name) is not an option of config.json")
            used.insert(reference.name)
        }
        #expect(
            leaves.subtracting(used).isEmpty, "options the template never uses: \(leaves.subtracting(used).sorted())")
    }
}

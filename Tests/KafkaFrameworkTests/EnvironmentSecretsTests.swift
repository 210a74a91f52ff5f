import Foundation
import KafkaFramework
import Testing

@Suite struct EnvironmentSecretsTests {
    @Test func secretsFromVariablesAndFiles() throws {
        let direct = try parse(["MESOS_SECRET": " spaced secret ", "API_AUTH_TOKEN": "tok3n"])
        #expect(direct.settings.mesosSecret == Secret(" spaced secret "), "a secret is taken as it is")
        #expect(direct.settings.apiAuthToken == Secret("tok3n"))

        let fromFiles = try parse(
            ["MESOS_SECRET_FILE": "/run/secrets/mesos", "API_AUTH_TOKEN_FILE": "/run/secrets/api"],
            files: ["/run/secrets/mesos": "m3sos\n", "/run/secrets/api": "  t0ken\r\n"])
        #expect(fromFiles.settings.mesosSecret == Secret("m3sos"))
        #expect(fromFiles.settings.apiAuthToken == Secret("t0ken"))
    }

    @Test func secretAndSecretFileTogetherAreRefused() {
        let errors = parseErrors(
            ["MESOS_SECRET": "a", "MESOS_SECRET_FILE": "/s", "API_AUTH_TOKEN": "b", "API_AUTH_TOKEN_FILE": "/t"],
            files: ["/s": "x", "/t": "y"])
        #expect(errors.map(\.description) == [
            "MESOS_SECRET_FILE=\"/s\": set either MESOS_SECRET or MESOS_SECRET_FILE, not both",
            "API_AUTH_TOKEN_FILE=\"/t\": set either API_AUTH_TOKEN or API_AUTH_TOKEN_FILE, not both",
        ])
    }

    @Test func unreadableOrEmptySecretFilesAreReported() {
        let errors = parseErrors(
            ["MESOS_SECRET_FILE": "/missing", "API_AUTH_TOKEN_FILE": "/empty"], files: ["/empty": "\n"])
        #expect(errors.map(\.description) == [
            "MESOS_SECRET_FILE=\"/missing\": the file cannot be read: no such file",
            "API_AUTH_TOKEN_FILE=\"/empty\": the file's content must be non-empty without whitespace (content not shown)",
        ])
    }

    @Test func secretFileIsReadFromDiskByDefault() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kafka-scheduler-secret-\(UUID().uuidString)").path
        try "from-disk\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let parsed = try SchedulerEnvironment.parse(["API_AUTH_TOKEN_FILE": path])
        #expect(parsed.settings.apiAuthToken?.value == "from-disk")
        do {
            _ = try SchedulerEnvironment.parse(["API_AUTH_TOKEN_FILE": path + ".missing"])
            Issue.record("a missing file must be an error")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].problem.hasPrefix("the file cannot be read: "))
        }
    }

    @Test func invalidSecretsAreNotRepeated() {
        let errors = parseErrors(["API_AUTH_TOKEN": "has space", "ZOOKEEPER_AUTH": "user:"])
        #expect(errors.count == 2)
        for error in errors {
            #expect(error.value == nil)
            #expect(!error.description.contains("has space"))
        }
    }

    @Test func secretsNeverAppearInTheStoredConfigurationOrDescriptions() throws {
        let parsed = try parse([
            "MESOS_SECRET": "mesos-pw-123", "API_AUTH_TOKEN": "api-token-456", "ZOOKEEPER_AUTH": "zkuser:zk-pw-789",
            "MESOS_MASTER": "zk://mu:master-pw-000@z:2181/mesos",
        ])
        let json = String(decoding: try parsed.configuration.canonicalJSON(), as: UTF8.self)
        let everything = json + "\(parsed)" + String(reflecting: parsed)
        for secret in ["mesos-pw-123", "api-token-456", "zk-pw-789", "master-pw-000"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
        #expect(parsed.settings.zookeeperAuth?.digestCredentials == "zkuser:zk-pw-789")
        #expect("\(parsed.settings.zookeeperAuth!)" == "zkuser:******")
    }
}

@Suite struct EnvironmentOverridesTests {
    @Test func overridesMapToPropertyNames() throws {
        let parsed = try parse([
            "KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "24",
            "KAFKA_OVERRIDE_NUM_IO_THREADS": " 8 ",
            "KAFKA_OVERRIDE_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM": "",
            "KAFKA_OVERRIDE_Auto_Create_Topics_Enable": "false",
            "KAFKA_OVERRIDES": "not an override",
        ])
        #expect(parsed.configuration.kafka.overrides == [
            "log.retention.hours": "24",
            "num.io.threads": " 8 ",
            "ssl.endpoint.identification.algorithm": "",
            "auto.create.topics.enable": "false",
        ])
    }

    @Test func propertyNames() {
        #expect(KafkaOverrides.propertyName(forVariable: "KAFKA_OVERRIDE_LOG_RETENTION_HOURS") == "log.retention.hours")
        #expect(KafkaOverrides.propertyName(forVariable: "KAFKA_OVERRIDE_X") == "x")
        #expect(KafkaOverrides.propertyName(forVariable: "KAFKA_OVERRIDE_") == nil)
        #expect(KafkaOverrides.propertyName(forVariable: "KAFKA_OVERRIDE_A__B") == nil)
        #expect(KafkaOverrides.propertyName(forVariable: "KAFKA_OVERRIDE_A_") == nil)
        #expect(KafkaOverrides.propertyName(forVariable: "BROKER_MEM") == nil)
    }

    @Test(arguments: ["BROKER_ID", "LOG_DIRS", "LISTENERS", "ADVERTISED_LISTENERS", "ZOOKEEPER_CONNECT"])
    func propertiesTheSchedulerOwnsAreRefused(_ suffix: String) {
        let errors = parseErrors(["KAFKA_OVERRIDE_\(suffix)": "x"])
        #expect(errors.count == 1)
        let property = suffix.lowercased().replacingOccurrences(of: "_", with: ".")
        #expect(errors.first?.problem.hasPrefix("\(property) cannot be overridden: the scheduler ") == true)
    }

    @Test func malformedOverridesAreRefused() {
        let errors = parseErrors([
            "KAFKA_OVERRIDE_": "1", "KAFKA_OVERRIDE_A__B": "2", "KAFKA_OVERRIDE_MULTI": "a\nb=c",
            "KAFKA_OVERRIDE_NUM_IO_THREADS": "8", "KAFKA_OVERRIDE_num_io_threads": "9",
        ])
        #expect(errors.map(\.variable) == [
            "KAFKA_OVERRIDE_", "KAFKA_OVERRIDE_A__B", "KAFKA_OVERRIDE_MULTI", "KAFKA_OVERRIDE_num_io_threads",
        ])
        #expect(errors[2].problem == "the value of multi must be a single line")
        #expect(errors[3].problem == "KAFKA_OVERRIDE_NUM_IO_THREADS already sets num.io.threads; set it once")
    }
}

import Foundation
import TestSupport
import Testing

/// `kafka-scheduler --check-config` validates the environment without ZooKeeper or Mesos.
@Suite struct CheckConfigTests {
    /// Runs `kafka-scheduler --check-config` with exactly `environment`; returns its exit and its output
    /// (stdout and stderr).
    static func checkConfig(_ environment: [String: String]) async throws -> (ManagedProcess.ExitStatus, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "e2e-check-config-\(UUID().uuidString.prefix(6))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/output"
        let process = try await ManagedProcess.spawn(
            ManagedProcess.Configuration(
                executable: try BuiltProducts.scheduler(), arguments: ["--check-config"],
                environment: environment.merging(["PATH": "/usr/bin:/bin"]) { current, _ in current },
                logFile: log))
        guard let status = await process.waitForExit(timeout: .seconds(30)) else {
            await process.terminate(gracePeriod: .seconds(1))
            throw EndToEndError("kafka-scheduler --check-config did not exit within 30 s")
        }
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// Nothing listens on these: the check must not try to reach them.
    static let unreachable = [
        "MESOS_MASTER": "http://127.0.0.1:9", "ZOOKEEPER": "127.0.0.1:9", "FRAMEWORK_NAME": "checked",
    ]

    @Test func aValidEnvironmentPrintsTheResolvedConfigurationAsJSON() async throws {
        let (status, output) = try await Self.checkConfig(
            Self.unreachable.merging([
                "BROKER_MEM": "288", "BROKER_HEAP_MB": "128", "KAFKA_OVERRIDE_LOG_RETENTION_HOURS": "24",
                "API_AUTH_TOKEN": "s3cret-token",
            ]) { $1 })
        #expect(status == .exited(0), "\(output)")
        let document = try #require(
            try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "not JSON: \(output)")
        let configuration = try #require(document["configuration"] as? [String: Any], "\(output)")
        let broker = try #require(configuration["brokerConfiguration"] as? [String: Any], "\(output)")
        #expect(broker["mem"] as? Int == 288, "\(output)")
        let kafka = try #require(configuration["kafkaConfiguration"] as? [String: Any], "\(output)")
        #expect((kafka["overrides"] as? [String: String]) == ["log.retention.hours": "24"], "\(output)")
        let service = try #require(configuration["serviceConfiguration"] as? [String: Any], "\(output)")
        #expect(service["name"] as? String == "checked", "\(output)")
        let settings = try #require(document["settings"] as? [String: Any], "\(output)")
        #expect(settings["ZOOKEEPER"] as? String == "127.0.0.1:9", "\(output)")
        #expect(!output.contains("s3cret-token"), "the token must not be printed: \(output)")
    }

    @Test func aBrokenEnvironmentExits2NamingEveryBadVariable() async throws {
        let (status, output) = try await Self.checkConfig(
            Self.unreachable.merging([
                "BROKER_MEM": "2G", "DISK_TYPE": "SSD", "BROKER_COUNT": "0", "PLACEMENT_STRATEGY": "SOMEWHERE",
            ]) { $1 })
        #expect(status == .exited(2), "\(output)")
        for variable in ["BROKER_MEM", "DISK_TYPE", "BROKER_COUNT", "PLACEMENT_STRATEGY"] {
            #expect(output.contains(variable), "\(variable) is not named in: \(output)")
        }
        #expect(output.contains("4 invalid environment variables"), "\(output)")
        #expect(!output.contains("{"), "no configuration is printed: \(output)")
    }
}

import Foundation
import Testing

/// deploy/marathon.json, the plain Marathon app: its environment handed to the daemon.
@Suite struct MarathonAppTests {
    /// Variables the plain app leaves out, and why.
    static let leftOut: [String: String] = [
        "PORT0": "Marathon sets it",
        "MESOS_SECRET": "a secret: never in an app definition",
        "API_AUTH_TOKEN": "a secret: never in an app definition",
        "ZOOKEEPER_AUTH": "a secret: never in an app definition",
        "MESOS_SECRET_FILE": "depends on where the operator keeps the secret (deploy/README.md)",
        "API_AUTH_TOKEN_FILE": "depends on where the operator keeps the token (deploy/README.md)",
        "BROKER_COMMAND": "development only",
    ]

    @Test func theEnvironmentIsAcceptedByTheDaemon() async throws {
        let environment = try DeployFiles.environment(of: try DeployFiles.marathonApp)
        let run = try await CheckConfigRun.run(environment: environment)
        #expect(run.status == 0, "the daemon refused deploy/marathon.json's env:\n\(run.summary)")
        #expect(!run.stdout.isEmpty, "--check-config printed no resolved configuration:\n\(run.summary)")
    }

    @Test func theEnvironmentSetsEveryCoreVariableAtItsDocumentedDefault() throws {
        let environment = try DeployFiles.environment(of: try DeployFiles.marathonApp)
        let daemon = try ConfigurationSources.daemonVariables()
        let core = daemon.subtracting(Self.leftOut.keys)
        let keys = Set(environment.keys)
        #expect(keys.subtracting(core).isEmpty, "variables not to set here: \(keys.subtracting(core).sorted())")
        #expect(core.subtracting(keys).isEmpty, "variables missing: \(core.subtracting(keys).sorted())")
        #expect(Set(Self.leftOut.keys).isSubset(of: daemon), "left out but unknown to the daemon")

        let documented = try ConfigurationSources.documentedDefaults()
        for variable in core.sorted() {
            let expected = try #require(documented[variable], "\(variable) is not in docs/configuration.md")
            if case .derived(let cell) = expected {
                #expect(
                    ConfigurationSources.derivedDefault(of: variable, in: environment) != nil,
                    "docs/configuration.md gives \(variable) a default this test does not know: \(cell)")
            }
            // Written out, not left empty, except where empty is the default (FRAMEWORK_USER) or where the
            // daemon's rule needs it (API_PORT empty: listen on PORT0).
            if environment[variable] == "" {
                #expect(
                    expected == .empty || variable == "API_PORT",
                    "\(variable) is empty; write its default out")
            }
            let isDefault = ConfigurationSources.isDefault(
                environment[variable], of: variable, documented: expected, in: environment)
            #expect(
                isDefault, "\(variable)=\"\(environment[variable] ?? "")\" is not its documented default \(expected)")
        }
    }

    @Test func theAppRunsOneSchedulerWithItsChecks() throws {
        let app = try DeployFiles.marathonApp
        try MarathonAppShape.check(app)
        #expect(app["cpus"] == .number(0.5))
        #expect(app["mem"] == .number(256))
        #expect(app["readinessChecks"]?.arrayValue?.count == 1)
        #expect(
            app["fetch"]?.arrayValue?.first?["uri"]
                == (try DeployFiles.resource).value(at: "assets.uris.kafka-scheduler"))
    }

    @Test func aBrokenEnvironmentIsRefusedNamingEveryBadVariable() async throws {
        var environment = try DeployFiles.environment(of: try DeployFiles.marathonApp)
        environment["BROKER_COUNT"] = "0"
        environment["DISK_TYPE"] = "FOO"
        let run = try await CheckConfigRun.run(environment: environment)
        #expect(run.status == 2, "\(run.summary)")
        #expect(run.stderr.contains("BROKER_COUNT"), "\(run.summary)")
        #expect(run.stderr.contains("DISK_TYPE"), "\(run.summary)")
    }
}

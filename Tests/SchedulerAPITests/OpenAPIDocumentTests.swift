import Foundation
import Logging
import Prometheus
import TestSupport
import Testing

@testable import SchedulerAPI

/// `docs/openapi.yaml` is a valid OpenAPI 3 document and describes exactly the routes the server has.
@Suite struct OpenAPIDocumentTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let document = repositoryRoot.appendingPathComponent("docs/openapi.yaml")

    /// scripts/test.sh installs openapi-spec-validator (PyPI) into its virtualenv and names it and that
    /// virtualenv's python in the environment; without them, the ones on PATH.
    static let environment = ProcessInfo.processInfo.environment
    static let validator = environment["OPENAPI_SPEC_VALIDATOR"] ?? "openapi-spec-validator"
    static let python = environment["KS_VENV_PYTHON"] ?? "python3"

    @Test func documentIsValid() async throws {
        let result = try await CommandRun.run(
            "/usr/bin/env", [Self.validator, Self.document.path], environment: Self.environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func documentDescribesEveryRouteAndNoOther() async throws {
        let result = try await CommandRun.run(
            "/usr/bin/env",
            [
                Self.python, "-c",
                "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                Self.document.path,
            ], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let paths = try #require(json["paths"] as? [String: [String: Any]])
        let operations = ["get", "head", "post", "put", "delete", "patch", "options"]
        let documented = Dictionary(
            uniqueKeysWithValues: paths.map { path, item in
                (path, Set(item.keys.filter(operations.contains)))
            })

        let handlers = APIHandlers(
            configuration: APIConfiguration(
                host: "127.0.0.1", port: 0, authToken: nil, frameworkName: "kafka", version: "", commit: ""),
            control: Seed.scheduler(), topics: Seed.topics(), registry: PrometheusCollectorRegistry(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        var served: [String: Set<String>] = [:]
        for route in APIRoutes.serviceRoutes(handlers) {
            served[route.path] = Set(route.methods.map { $0.0.rawValue.lowercased() })
        }
        for route in APIRoutes.v1Routes(handlers) {
            served["/v1/\(route.path)"] = Set(route.methods.map { $0.0.rawValue.lowercased() })
        }
        #expect(Set(documented.keys) == Set(served.keys))
        for (path, methods) in served {
            #expect(documented[path] == methods, "\(path)")
        }
    }
}

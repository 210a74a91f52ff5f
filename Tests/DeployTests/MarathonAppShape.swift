import Foundation
import Testing

/// What every Marathon app of the scheduler must be, the plain one and the package's.
enum MarathonAppShape {
    /// One scheduler, started from the fetched binary, its REST API on PORT0, health from `/health`, ready
    /// when `/v1/plan` answers 200 (when there is a readiness check), never two running during an upgrade.
    static func check(_ app: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(app["instances"] == .number(1), sourceLocation: sourceLocation)
        #expect(app["cmd"] == .string("./kafka-scheduler"), sourceLocation: sourceLocation)
        let fetch = try #require(app["fetch"]?.arrayValue, sourceLocation: sourceLocation)
        #expect(fetch.count == 1, sourceLocation: sourceLocation)
        #expect(fetch.first?["executable"] == .bool(true), sourceLocation: sourceLocation)
        #expect(fetch.first?["extract"] == .bool(false), sourceLocation: sourceLocation)
        // The fetcher names the file after the URI's last path component, and cmd runs ./kafka-scheduler.
        let uri = try #require(fetch.first?["uri"]?.stringValue, sourceLocation: sourceLocation)
        #expect(URL(string: uri)?.lastPathComponent == "kafka-scheduler", "\(uri)", sourceLocation: sourceLocation)

        let ports = try #require(app["portDefinitions"]?.arrayValue, sourceLocation: sourceLocation)
        #expect(ports.count == 1, "one port: PORT0, the REST API", sourceLocation: sourceLocation)
        #expect(ports.first?["port"] == .number(0), sourceLocation: sourceLocation)
        let portName = ports.first?["name"]?.stringValue
        #expect(portName != nil, "readiness checks name their port", sourceLocation: sourceLocation)

        let health = try #require(app["healthChecks"]?.arrayValue, sourceLocation: sourceLocation)
        #expect(health.count == 1, sourceLocation: sourceLocation)
        #expect(health.first?["protocol"] == .string("MESOS_HTTP"), sourceLocation: sourceLocation)
        #expect(health.first?["path"] == .string("/health"), sourceLocation: sourceLocation)
        #expect(health.first?["portIndex"] == .number(0), sourceLocation: sourceLocation)

        if let readiness = app["readinessChecks"]?.arrayValue {
            #expect(readiness.count == 1, sourceLocation: sourceLocation)
            #expect(readiness.first?["path"] == .string("/v1/plan"), sourceLocation: sourceLocation)
            #expect(readiness.first?["protocol"] == .string("HTTP"), sourceLocation: sourceLocation)
            #expect(readiness.first?["portName"]?.stringValue == portName, sourceLocation: sourceLocation)
            #expect(
                readiness.first?["httpStatusCodesForReady"] == .array([.number(200)]), sourceLocation: sourceLocation)
        }

        #expect(
            app["upgradeStrategy"]
                == .object(["minimumHealthCapacity": .number(0), "maximumOverCapacity": .number(0)]),
            "never two schedulers at once", sourceLocation: sourceLocation)
        #expect(app.value(at: "labels.MARATHON_SINGLE_INSTANCE_APP") == .string("true"), sourceLocation: sourceLocation)
        let unreachable = try #require(app["unreachableStrategy"], sourceLocation: sourceLocation)
        let inactive = try #require(unreachable["inactiveAfterSeconds"]?.numberValue, sourceLocation: sourceLocation)
        let expunge = try #require(unreachable["expungeAfterSeconds"]?.numberValue, sourceLocation: sourceLocation)
        #expect(inactive > 0 && expunge >= inactive, sourceLocation: sourceLocation)
        #expect(app["killSelection"] == .string("OLDEST_FIRST"), sourceLocation: sourceLocation)

        // Marathon's env values are strings or secret references.
        let env = try #require(app["env"]?.objectValue, sourceLocation: sourceLocation)
        for (name, value) in env {
            switch value {
            case .string: break
            case .object(let reference):
                #expect(reference.keys.sorted() == ["secret"], "\(name)", sourceLocation: sourceLocation)
                let secret = try #require(reference["secret"]?.stringValue, sourceLocation: sourceLocation)
                #expect(
                    app.value(at: "secrets.\(secret).source")?.stringValue != nil, "\(name)",
                    sourceLocation: sourceLocation)
            default:
                Issue.record("env \(name) is \(value)", sourceLocation: sourceLocation)
            }
        }
    }
}

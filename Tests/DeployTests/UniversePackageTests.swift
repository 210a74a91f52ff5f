import Foundation
import Testing

/// deploy/universe's package.json, config.json and resource.json: what DC/OS's package manager needs of them.
@Suite struct UniversePackageTests {
    @Test func packageDescribesTheFramework() throws {
        let package = try DeployFiles.packageJSON
        #expect(package["packagingVersion"] == .string("4.0"))
        #expect(package["name"] == .string("kafka-scheduler"))
        #expect(package["version"] == .string("0.1.0"))
        #expect(package["framework"] == .bool(true))
        #expect(package["tags"]?.arrayValue?.isEmpty == false)
        for field in ["description", "maintainer", "preInstallNotes", "postInstallNotes"] {
            #expect(package[field]?.stringValue?.isEmpty == false, "package.json has no \(field)")
        }
    }

    @Test func resourcesHoldTheSchedulerAndTheDefaultArchives() throws {
        let uris = try #require((try DeployFiles.resource).value(at: "assets.uris")?.objectValue)
        #expect(Set(uris.keys) == ["kafka-scheduler", "kafka-tgz", "jre-tgz"])
        let documented = try ConfigurationSources.documentedDefaults()
        #expect(documented["KAFKA_URI"].map { .literal(uris["kafka-tgz"]?.stringValue ?? "") == $0 } == true)
        #expect(documented["JAVA_URI"].map { .literal(uris["jre-tgz"]?.stringValue ?? "") == $0 } == true)
    }

    @Test func theSchemaIsDraft04GroupedAsServiceBrokersAndKafka() throws {
        let schema = try DeployFiles.configSchema
        #expect(schema["$schema"] == .string("http://json-schema.org/draft-04/schema#"))
        #expect(schema["type"] == .string("object"))
        #expect(schema["properties"]?.objectValue.map { Set($0.keys) } == ["service", "brokers", "kafka"])
        #expect(schema.value(at: "properties.kafka.properties.overrides.type") == .string("object"))
    }

    @Test func everyOptionHasATypeADefaultAndADescription() throws {
        let schema = try DeployFiles.configSchema
        let leaves = DeployFiles.leafOptions(of: schema)
        #expect(leaves.count >= 40)
        for (path, option) in leaves {
            #expect(option["type"]?.stringValue != nil, "\(path) has no type")
            #expect(option["default"] != nil, "\(path) has no default")
            #expect(option["description"]?.stringValue?.isEmpty == false, "\(path) has no description")
            if let value = option["default"] {
                #expect(
                    Self.problems(of: value, against: option).isEmpty,
                    "\(path): \(Self.problems(of: value, against: option))")
            }
        }
        // Objects describe themselves too.
        func objects(_ node: JSONValue, _ path: String) -> [(String, JSONValue)] {
            guard let properties = node["properties"]?.objectValue else { return [] }
            return [(path, node)]
                + properties.flatMap { objects($0.value, path.isEmpty ? $0.key : path + "." + $0.key) }
        }
        for (path, object) in objects(schema, "").dropFirst() {
            #expect(object["description"]?.stringValue?.isEmpty == false, "\(path) has no description")
        }
    }

    @Test(arguments: [
        ("brokers.disk_type", ["ROOT", "MOUNT"]),
        ("service.placement_strategy", ["NODE", "ANY"]),
        ("service.phase_strategy", ["INSTALL", "STAGE"]),
        ("brokers.ready_check", ["task-running", "broker-registered", "replicas-in-sync"]),
    ])
    func enumeratedOptionsListTheDaemonsValues(path: String, values: [String]) throws {
        let schema = try DeployFiles.configSchema
        let option = try #require(DeployFiles.leafOptions(of: schema).first { $0.path == path }?.schema)
        #expect(option["enum"] == .array(values.map(JSONValue.string)))
    }

    /// Every override is a property whose variable the daemon accepts: the key names words of letters and
    /// digits (no property the scheduler writes itself).
    @Test func overridesNameOverridableProperties() throws {
        let schema = try DeployFiles.configSchema
        let overrides = try #require(schema.value(at: "properties.kafka.properties.overrides.properties")?.objectValue)
        #expect(overrides.count >= 10)
        let reserved: Set = ["broker_id", "log_dirs", "listeners", "advertised_listeners", "zookeeper_connect"]
        for key in overrides.keys {
            #expect(key.range(of: #"^[a-z0-9]+(_[a-z0-9]+)*$"#, options: .regularExpression) != nil, "\(key)")
            #expect(!reserved.contains(key), "\(key) is the scheduler's")
            #expect(overrides[key]?["type"] == .string("string"), "\(key): server.properties values are strings")
        }
    }

    /// What a value breaks of the schema keywords the config uses (type, enum, pattern, minimum, maximum).
    static func problems(of value: JSONValue, against schema: JSONValue) -> [String] {
        var problems: [String] = []
        switch (schema["type"]?.stringValue, value) {
        case ("string", .string), ("boolean", .bool), ("number", .number), ("array", .array), ("object", .object):
            break
        case ("integer", .number(let number)) where number == number.rounded():
            break
        default:
            problems.append("\(value) is not of type \(schema["type"]?.description ?? "?")")
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            problems.append("\(value) is not one of \(allowed)")
        }
        if let pattern = schema["pattern"]?.stringValue, let string = value.stringValue,
            string.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\"\(string)\" does not match \(pattern)")
        }
        if let number = value.numberValue {
            if let minimum = schema["minimum"]?.numberValue {
                let exclusive = schema["exclusiveMinimum"] == .bool(true)
                if exclusive ? number <= minimum : number < minimum { problems.append("below \(minimum)") }
            }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { problems.append("above \(maximum)") }
        }
        return problems
    }
}

import Foundation

/// The files under `deploy/` and what the tests derive from them.
enum DeployFiles {
    /// The package root, found from this file's path (`Tests/DeployTests/DeployFiles.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    static func json(_ relativePath: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(try Data(contentsOf: url(relativePath)))
        } catch {
            throw DeployTestError("\(relativePath) is not valid JSON: \(error)")
        }
    }

    static var marathonApp: JSONValue { get throws { try json("deploy/marathon.json") } }
    static var packageJSON: JSONValue { get throws { try json("deploy/universe/package.json") } }
    static var configSchema: JSONValue { get throws { try json("deploy/universe/config.json") } }
    static var resource: JSONValue { get throws { try json("deploy/universe/resource.json") } }
    static var template: MustacheTemplate {
        get throws { try MustacheTemplate(try text("deploy/universe/marathon.json.mustache")) }
    }

    /// The options a package installation gets when the user sets nothing: every `default` of the schema,
    /// objects built from their properties' defaults.
    static func defaults(of schema: JSONValue) throws -> JSONValue {
        if schema["type"]?.stringValue == "object", let properties = schema["properties"]?.objectValue {
            var members: [String: JSONValue] = [:]
            for (name, property) in properties {
                members[name] = try defaults(of: property)
            }
            return .object(members)
        }
        guard let value = schema["default"] else {
            throw DeployTestError("an option of config.json has no default: \(schema)")
        }
        return value
    }

    /// Every option that is not an object, by dotted path (`brokers.count`), with its schema.
    static func leafOptions(of schema: JSONValue, prefix: String = "") -> [(path: String, schema: JSONValue)] {
        guard schema["type"]?.stringValue == "object", let properties = schema["properties"]?.objectValue else {
            return [(prefix, schema)]
        }
        return properties.keys.sorted().flatMap { name in
            leafOptions(of: properties[name]!, prefix: prefix.isEmpty ? name : prefix + "." + name)
        }
    }

    /// Renders the package's Marathon app as DC/OS does: the options merged over the schema's defaults, and
    /// `resource` holding resource.json.
    static func renderApp(options: [String: JSONValue] = [:]) throws -> (text: String, app: JSONValue) {
        var context = try defaults(of: try configSchema)
        for (path, value) in options {
            context = context.setting(path, to: value)
        }
        context = context.setting("resource", to: try resource)
        let text = try template.render(context)
        do {
            return (text, try JSONValue.parse(text))
        } catch {
            throw DeployTestError("the rendered template is not valid JSON (\(error)):\n\(text)")
        }
    }

    /// An app's `env` as strings; `secrets` replaces each secret reference (`{"secret": "<name>"}`) with a
    /// value, as Marathon does when it launches the app.
    static func environment(of app: JSONValue, secrets: [String: String] = [:]) throws -> [String: String] {
        guard let env = app["env"]?.objectValue else { throw DeployTestError("the app has no env object") }
        var result: [String: String] = [:]
        for (name, value) in env {
            switch value {
            case .string(let string):
                result[name] = string
            case .object(let reference):
                guard let secret = reference["secret"]?.stringValue, reference.count == 1 else {
                    throw DeployTestError("env \(name) is neither a string nor a secret reference: \(value)")
                }
                guard let resolved = secrets[secret] else {
                    throw DeployTestError("env \(name) refers to secret \(secret), which the test does not resolve")
                }
                result[name] = resolved
            default:
                throw DeployTestError("env \(name) is \(value), but Marathon env values are strings")
            }
        }
        return result
    }
}

struct DeployTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

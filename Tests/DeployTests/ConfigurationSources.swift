import Foundation

/// What the daemon reads and what docs/configuration.md says about it, read from the sources themselves so
/// that the deploy files are checked against the real configuration, not a copy of it.
enum ConfigurationSources {
    static let environmentSource = "Sources/KafkaFramework/Configuration/SchedulerEnvironment.swift"
    static let overridesSource = "Sources/KafkaFramework/Configuration/KafkaOverrides.swift"
    static let overridePrefix = "KAFKA_OVERRIDE_"

    /// Every variable `SchedulerEnvironment.parse` reads: the upper-case string literals of its source
    /// (`"FRAMEWORK_NAME"`, `"PORT0"`, …). `KAFKA_OVERRIDE_*` is a prefix, read in KafkaOverrides.swift.
    static func daemonVariables() throws -> Set<String> {
        let source = try DeployFiles.text(environmentSource)
        let literal = try NSRegularExpression(pattern: #""([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)""#)
        let range = NSRange(source.startIndex..., in: source)
        let names = literal.matches(in: source, range: range).map { match in
            String(source[Range(match.range(at: 1), in: source)!])
        }
        let variables = Set(names)
        // A refactor that moves the names out of this file must not leave the checks with nothing to check.
        guard variables.count >= 25, variables.contains("FRAMEWORK_NAME"), variables.contains("PORT0") else {
            throw DeployTestError(
                "\(environmentSource) no longer names the variables as string literals (found \(variables.sorted())); "
                    + "update ConfigurationSources.daemonVariables")
        }
        let overrides = try DeployFiles.text(overridesSource)
        guard overrides.contains("prefix = \"\(overridePrefix)\"") else {
            throw DeployTestError("\(overridesSource) no longer reads the prefix \(overridePrefix)")
        }
        return variables
    }

    /// Variables Marathon sets itself: the app must not.
    static let setByMarathon: Set<String> = ["PORT0"]

    /// The default of a variable as docs/configuration.md states it.
    enum DocumentedDefault: Equatable {
        /// A literal value (`kafka`, `1209600`).
        case literal(String)
        /// Unset: the variable is absent (or empty, which the daemon reads as unset).
        case unset
        /// The empty string.
        case empty
        /// Derived from other variables; the cell as written.
        case derived(String)
    }

    /// Every variable of the tables of docs/configuration.md with its documented default.
    static func documentedDefaults() throws -> [String: DocumentedDefault] {
        let text = try DeployFiles.text("docs/configuration.md")
        var defaults: [String: DocumentedDefault] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 3 else { continue }
            let variable = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            guard variable.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else {
                continue  // KAFKA_OVERRIDE_*, the override examples and the property tables
            }
            let cell = cells[2]
            if cell.hasPrefix("`"), let end = cell.dropFirst().firstIndex(of: "`") {
                let literal = String(cell[cell.index(after: cell.startIndex)..<end])
                let rest = cell[cell.index(after: end)...]
                if literal.contains("<") || rest.contains(" if set") {
                    defaults[variable] = .derived(cell)
                } else {
                    defaults[variable] = .literal(literal)
                }
            } else if cell.hasPrefix("unset") {
                defaults[variable] = .unset
            } else if cell.hasPrefix("empty") {
                defaults[variable] = .empty
            } else {
                defaults[variable] = .derived(cell)
            }
        }
        guard defaults.count >= 25 else {
            throw DeployTestError("docs/configuration.md: found only \(defaults.count) variables in its tables")
        }
        return defaults
    }

    /// The value the daemon gives `variable` when `environment` sets it to nothing, for the derived defaults
    /// this checker knows; nil for an unknown derivation (the test then fails and names it).
    static func derivedDefault(of variable: String, in environment: [String: String]) -> String? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        switch variable {
        case "FRAMEWORK_ROLE":
            return (value("FRAMEWORK_NAME") ?? "kafka") + "-role"
        case "KAFKA_ZOOKEEPER_URI":
            return value("ZOOKEEPER") ?? "master.mesos:2181"
        case "KAFKA_DEFAULT_REPLICATION_FACTOR":
            return String(min(3, Int(value("BROKER_COUNT") ?? "3") ?? 3))
        case "API_PORT":
            return ""  // the port Marathon assigns, PORT0
        default:
            return nil
        }
    }

    /// Whether `value`, given to `variable` in an app's environment, leaves the daemon at the documented
    /// default. Absent and empty are the default of every variable but `JAVA_URI`, where empty means "no Java".
    static func isDefault(
        _ value: String?, of variable: String, documented: DocumentedDefault, in environment: [String: String]
    ) -> Bool {
        guard let value else { return true }
        if value.isEmpty { return variable != "JAVA_URI" }
        switch documented {
        case .unset, .empty:
            return false
        case .literal(let literal):
            if value == literal { return true }
            if let a = Double(value), let b = Double(literal) { return a == b }
            return false
        case .derived:
            return derivedDefault(of: variable, in: environment) == value
        }
    }
}

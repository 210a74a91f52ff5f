/// One invalid environment variable: its name, its value (nil when it is secret or unset) and what is
/// allowed.
public struct EnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    /// The value as given; nil for secrets, which are never repeated.
    public let value: String?
    /// What is wrong and what is allowed, e.g. `must be a whole number of megabytes, at least 1`.
    public let problem: String

    public init(variable: String, value: String?, problem: String) {
        self.variable = variable
        self.value = value
        self.problem = problem
    }

    /// `BROKER_MEM="lots": must be a whole number of megabytes, at least 1`.
    public var description: String {
        if let value {
            return "\(variable)=\(quoted(value)): \(problem)"
        }
        return "\(variable): \(problem)"
    }

    private func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Every invalid environment variable found, reported together so one restart can fix them all.
public struct EnvironmentErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// In a fixed order: the order of the variables in docs/configuration.md, overrides last by name.
    public let errors: [EnvironmentError]

    public init(_ errors: [EnvironmentError]) {
        self.errors = errors
    }

    /// The text the daemon prints before it exits with status 2.
    public func rendered(program: String = "kafka-scheduler") -> String {
        let count =
            errors.count == 1 ? "1 invalid environment variable" : "\(errors.count) invalid environment variables"
        var lines = ["\(program): \(count):"]
        lines += errors.map { "  \($0)" }
        lines.append("Every variable, its default and its allowed values are described in docs/configuration.md.")
        return lines.joined(separator: "\n")
    }

    public var description: String { rendered() }
}

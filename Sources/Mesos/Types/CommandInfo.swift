/// The command a task or executor runs (`CommandInfo`).
public struct CommandInfo: Codable, Hashable, Sendable {
    /// Files the agent fetches into the sandbox before starting the command.
    public struct URI: Codable, Hashable, Sendable {
        public var value: String
        public var executable: Bool?
        /// Unpack archives (proto default true).
        public var extract: Bool?
        public var cache: Bool?
        public var outputFile: String?

        public init(
            value: String, executable: Bool? = nil, extract: Bool? = nil, cache: Bool? = nil, outputFile: String? = nil
        ) {
            self.value = value
            self.executable = executable
            self.extract = extract
            self.cache = cache
            self.outputFile = outputFile
        }

        enum CodingKeys: String, CodingKey {
            case value, executable, extract, cache
            case outputFile = "output_file"
        }
    }

    public var uris: [URI]
    public var environment: Environment?
    /// Run `value` through `/bin/sh -c` (proto default true); otherwise exec `value` with `arguments`.
    public var shell: Bool?
    public var value: String?
    public var arguments: [String]
    public var user: String?

    public init(
        value: String? = nil, shell: Bool? = nil, arguments: [String] = [], uris: [URI] = [],
        environment: Environment? = nil, user: String? = nil
    ) {
        self.uris = uris
        self.environment = environment
        self.shell = shell
        self.value = value
        self.arguments = arguments
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case uris, environment, shell, value, arguments, user
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uris = try container.repeated(.uris)
        environment = try container.optional(.environment)
        shell = try container.optional(.shell)
        value = try container.optional(.value)
        arguments = try container.repeated(.arguments)
        user = try container.optional(.user)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeRepeated(uris, forKey: .uris)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(shell, forKey: .shell)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeRepeated(arguments, forKey: .arguments)
        try container.encodeIfPresent(user, forKey: .user)
    }
}

/// Environment variables for a command (`Environment`).
public struct Environment: Codable, Hashable, Sendable {
    public struct Variable: Codable, Hashable, Sendable {
        /// Whether a variable holds a plain value or a secret.
        public enum VariableType: MesosEnum {
            case unknown
            case value
            case secret
            /// A value this version does not know, kept as it was received.
            case unrecognized(String)

            public static let knownValues: [VariableType] = [
                .unknown, .value, .secret,
            ]
            static let index = wireNameIndex(knownValues)

            public init(wireName: String) {
                self = Self.index[wireName] ?? .unrecognized(wireName)
            }

            public var wireName: String {
                switch self {
                case .unknown: "UNKNOWN"
                case .value: "VALUE"
                case .secret: "SECRET"
                case .unrecognized(let name): name
                }
            }
        }

        public var name: String
        public var type: VariableType?
        public var value: String?
        /// Carried without interpretation.
        public var secret: JSONValue?

        public init(name: String, value: String?, type: VariableType? = nil, secret: JSONValue? = nil) {
            self.name = name
            self.type = type
            self.value = value
            self.secret = secret
        }
    }

    public var variables: [Variable]

    public init(_ variables: [Variable] = []) {
        self.variables = variables
    }

    /// Plain variables in the order given.
    public init(_ pairs: KeyValuePairs<String, String>) {
        variables = pairs.map { Variable(name: $0.key, value: $0.value) }
    }

    /// The value of the first variable with this name.
    public subscript(name: String) -> String? {
        variables.first { $0.name == name }?.value
    }

    enum CodingKeys: String, CodingKey {
        case variables
    }

    public init(from decoder: any Decoder) throws {
        variables = try decoder.container(keyedBy: CodingKeys.self).repeated(.variables)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeRepeated(variables, forKey: .variables)
    }
}

/// How long a task gets between SIGTERM and SIGKILL (`KillPolicy`).
public struct KillPolicy: Codable, Hashable, Sendable {
    public var gracePeriod: DurationInfo?

    public init(gracePeriod: DurationInfo? = nil) {
        self.gracePeriod = gracePeriod
    }

    enum CodingKeys: String, CodingKey {
        case gracePeriod = "grace_period"
    }
}

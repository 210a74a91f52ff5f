/// How a volume appears in a container (`Volume`).
public struct Volume: Codable, Hashable, Sendable {
    /// Read-write or read-only.
    public enum Mode: MesosEnum {
        case readWrite
        case readOnly
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [Mode] = [
            .readWrite, .readOnly,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .readWrite: "RW"
            case .readOnly: "RO"
            case .unrecognized(let name): name
            }
        }
    }

    public var mode: Mode
    /// Relative paths are inside the sandbox.
    public var containerPath: String
    public var hostPath: String?
    /// Carried without interpretation.
    public var image: JSONValue?
    /// Carried without interpretation.
    public var source: JSONValue?

    public init(
        mode: Mode = .readWrite, containerPath: String, hostPath: String? = nil, image: JSONValue? = nil,
        source: JSONValue? = nil
    ) {
        self.mode = mode
        self.containerPath = containerPath
        self.hostPath = hostPath
        self.image = image
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case containerPath = "container_path"
        case hostPath = "host_path"
        case image, source
    }
}

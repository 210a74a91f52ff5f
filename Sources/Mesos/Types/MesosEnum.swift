/// A protobuf enum in the Mesos JSON mapping: written as its value name, and open to values
/// added by later Mesos versions.
///
/// Decoding an unknown name yields `.unrecognized(name)` instead of failing, so one new enum value
/// never makes a whole event undecodable; encoding writes the name back unchanged.
public protocol MesosEnum: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every value this version knows, in proto declaration order.
    static var knownValues: [Self] { get }
    /// The value for a name on the wire; unknown names become `.unrecognized(name)`.
    init(wireName: String)
    /// The proto value name, e.g. `TASK_RUNNING`.
    var wireName: String { get }
}

extension MesosEnum {
    public init(from decoder: any Decoder) throws {
        self.init(wireName: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireName)
    }

    public var description: String { wireName }

    /// Whether this version knows the value (it was not decoded as `.unrecognized`).
    public var isKnown: Bool { Self.knownValues.contains(self) }
}

func wireNameIndex<E: MesosEnum>(_ values: [E]) -> [String: E] {
    Dictionary(uniqueKeysWithValues: values.map { ($0.wireName, $0) })
}

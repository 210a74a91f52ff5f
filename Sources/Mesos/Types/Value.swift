/// The `Value` message and its parts: scalars, ranges, sets and text.
public struct Value: Codable, Hashable, Sendable {
    /// The kind of a value (`Value.Type`).
    public enum ValueType: MesosEnum {
        case scalar
        case ranges
        case set
        case text
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [ValueType] = [
            .scalar, .ranges, .set, .text,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .scalar: "SCALAR"
            case .ranges: "RANGES"
            case .set: "SET"
            case .text: "TEXT"
            case .unrecognized(let name): name
            }
        }
    }

    /// A floating point amount; Mesos rounds scalar arithmetic to three decimal places.
    public struct Scalar: Codable, Hashable, Sendable {
        public var value: Double

        public init(value: Double) {
            self.value = value
        }
    }

    /// An inclusive range of integers, `begin...end`.
    public struct Range: Codable, Hashable, Sendable {
        public var begin: UInt64
        public var end: UInt64

        public init(begin: UInt64, end: UInt64) {
            self.begin = begin
            self.end = end
        }

        public init(_ range: ClosedRange<UInt64>) {
            self.begin = range.lowerBound
            self.end = range.upperBound
        }

        enum CodingKeys: String, CodingKey {
            case begin, end
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            begin = try container.integer(.begin)
            end = try container.integer(.end)
        }
    }

    /// A list of ranges (`{"range":[…]}`); see `Value+Ranges.swift` for the arithmetic.
    public struct Ranges: Codable, Hashable, Sendable {
        public var range: [Range]

        public init(_ range: [Range] = []) {
            self.range = range
        }

        enum CodingKeys: String, CodingKey {
            case range
        }

        public init(from decoder: any Decoder) throws {
            range = try decoder.container(keyedBy: CodingKeys.self).repeated(.range)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(range, forKey: .range)
        }
    }

    /// A set of strings (`{"item":[…]}`).
    public struct Set: Codable, Hashable, Sendable {
        public var item: [String]

        public init(_ item: [String] = []) {
            self.item = item
        }

        enum CodingKeys: String, CodingKey {
            case item
        }

        public init(from decoder: any Decoder) throws {
            item = try decoder.container(keyedBy: CodingKeys.self).repeated(.item)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(item, forKey: .item)
        }
    }

    public struct Text: Codable, Hashable, Sendable {
        public var value: String

        public init(value: String) {
            self.value = value
        }
    }

    public var type: ValueType
    public var scalar: Scalar?
    public var ranges: Ranges?
    public var set: Set?
    public var text: Text?

    public init(type: ValueType, scalar: Scalar? = nil, ranges: Ranges? = nil, set: Set? = nil, text: Text? = nil) {
        self.type = type
        self.scalar = scalar
        self.ranges = ranges
        self.set = set
        self.text = text
    }
}

/// An agent attribute, e.g. `rack: r1`.
public struct Attribute: Codable, Hashable, Sendable {
    public var name: String
    public var type: Value.ValueType
    public var scalar: Value.Scalar?
    public var ranges: Value.Ranges?
    public var set: Value.Set?
    public var text: Value.Text?

    public init(
        name: String, type: Value.ValueType, scalar: Value.Scalar? = nil, ranges: Value.Ranges? = nil,
        set: Value.Set? = nil, text: Value.Text? = nil
    ) {
        self.name = name
        self.type = type
        self.scalar = scalar
        self.ranges = ranges
        self.set = set
        self.text = text
    }

    /// A TEXT attribute.
    public static func text(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, type: .text, text: Value.Text(value: value))
    }

    /// A SCALAR attribute.
    public static func scalar(_ name: String, _ value: Double) -> Attribute {
        Attribute(name: name, type: .scalar, scalar: Value.Scalar(value: value))
    }

    /// The attribute's value as text, whatever its type (ranges as `[a-b,c-d]`, sets as `{x,y}`).
    public var textValue: String {
        switch type {
        case .text: return text?.value ?? ""
        case .scalar: return scalar.map { String($0.value) } ?? ""
        case .ranges:
            let parts = (ranges?.range ?? []).map { "\($0.begin)-\($0.end)" }
            return "[" + parts.joined(separator: ",") + "]"
        case .set: return "{" + (set?.item ?? []).joined(separator: ",") + "}"
        case .unrecognized: return ""
        }
    }
}

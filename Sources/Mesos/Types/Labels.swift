/// A list of key/value labels (`{"labels":[{"key":…,"value":…}]}`).
///
/// Mesos compares labels without regard to order; ``matches(_:)`` does the same, while `==`
/// compares the lists as written.
public struct Labels: Codable, Hashable, Sendable, ExpressibleByDictionaryLiteral {
    public var labels: [Label]

    public init(_ labels: [Label] = []) {
        self.labels = labels
    }

    /// Labels in the order given.
    public init(dictionaryLiteral elements: (String, String)...) {
        labels = elements.map { Label(key: $0.0, value: $0.1) }
    }

    /// The value of the first label with this key.
    public subscript(key: String) -> String? {
        labels.first { $0.key == key }?.value
    }

    /// Equality as Mesos defines it: the same labels, in any order.
    public func matches(_ other: Labels) -> Bool {
        guard labels.count == other.labels.count else { return false }
        if labels == other.labels { return true }
        return labels.allSatisfy { other.labels.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case labels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        labels = try container.repeated(.labels)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeRepeated(labels, forKey: .labels)
    }
}

/// One label; the value is optional in the proto.
public struct Label: Codable, Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }
}

/// Compares optional labels the Mesos way: both unset, or both set and matching.
func labelsMatch(_ left: Labels?, _ right: Labels?) -> Bool {
    switch (left, right) {
    case (nil, nil): true
    case (let left?, let right?): left.matches(right)
    default: false
    }
}

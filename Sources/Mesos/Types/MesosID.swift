#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Mesos identifier message: `{"value": "…"}`.
public protocol MesosID: Codable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    var value: String { get set }
    init(_ value: String)
}

extension MesosID {
    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var description: String { value }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.value < rhs.value
    }
}

/// Identifies a framework; assigned by the master on the first SUBSCRIBE.
public struct FrameworkID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an offer; usable once.
public struct OfferID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an agent (formerly "slave").
public struct AgentID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies a task; chosen by the framework, unique within it.
public struct TaskID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an executor.
public struct ExecutorID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies an offer operation (operation feedback).
public struct OperationID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies a resource provider.
public struct ResourceProviderID: MesosID {
    public var value: String
    public init(_ value: String) { self.value = value }
}

/// Identifies a container; nested containers name their parent.
public struct ContainerID: Codable, Hashable, Sendable, CustomStringConvertible {
    public var value: String
    // An array keeps the recursive message a plain value type.
    private var parents: [ContainerID]

    public var parent: ContainerID? {
        get { parents.first }
        set { parents = newValue.map { [$0] } ?? [] }
    }

    public init(_ value: String, parent: ContainerID? = nil) {
        self.value = value
        self.parents = parent.map { [$0] } ?? []
    }

    public var description: String { value }

    enum CodingKeys: String, CodingKey {
        case value, parent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.required(.value)
        parents = try container.optional(.parent).map { [$0] } ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(parent, forKey: .parent)
    }
}

/// The `UUID` message: 16 raw bytes, written as base64 (used by operation status updates).
public struct MesosUUID: Codable, Hashable, Sendable {
    public var value: Data

    public init(_ value: Data) {
        self.value = value
    }
}

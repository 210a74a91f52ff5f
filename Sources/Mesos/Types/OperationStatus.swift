/// The state of an offer operation (operation feedback).
public enum OperationState: MesosEnum {
    case unsupported
    case pending
    case finished
    case failed
    case error
    case dropped
    case unreachable
    case goneByOperator
    case recovering
    case unknown
    /// A value this version does not know, kept as it was received.
    case unrecognized(String)

    public static let knownValues: [OperationState] = [
        .unsupported, .pending, .finished, .failed, .error, .dropped, .unreachable, .goneByOperator,
        .recovering, .unknown,
    ]
    static let index = wireNameIndex(knownValues)

    public init(wireName: String) {
        self = Self.index[wireName] ?? .unrecognized(wireName)
    }

    public var wireName: String {
        switch self {
        case .unsupported: "OPERATION_UNSUPPORTED"
        case .pending: "OPERATION_PENDING"
        case .finished: "OPERATION_FINISHED"
        case .failed: "OPERATION_FAILED"
        case .error: "OPERATION_ERROR"
        case .dropped: "OPERATION_DROPPED"
        case .unreachable: "OPERATION_UNREACHABLE"
        case .goneByOperator: "OPERATION_GONE_BY_OPERATOR"
        case .recovering: "OPERATION_RECOVERING"
        case .unknown: "OPERATION_UNKNOWN"
        case .unrecognized(let name): name
        }
    }
}

extension OperationState {
    /// Whether the operation has reached a final state.
    public var isTerminal: Bool {
        switch self {
        case .dropped, .error, .failed, .finished, .goneByOperator: true
        case .pending, .recovering, .unknown, .unreachable, .unsupported, .unrecognized: false
        }
    }
}

/// The status of an offer operation (`OperationStatus`), carried by UPDATE_OPERATION_STATUS.
public struct OperationStatus: Codable, Hashable, Sendable {
    public var operationID: OperationID?
    public var state: OperationState
    public var message: String?
    public var convertedResources: [Resource]
    public var uuid: MesosUUID?
    public var agentID: AgentID?
    public var resourceProviderID: ResourceProviderID?

    public init(
        operationID: OperationID? = nil, state: OperationState, message: String? = nil,
        convertedResources: [Resource] = [], uuid: MesosUUID? = nil, agentID: AgentID? = nil,
        resourceProviderID: ResourceProviderID? = nil
    ) {
        self.operationID = operationID
        self.state = state
        self.message = message
        self.convertedResources = convertedResources
        self.uuid = uuid
        self.agentID = agentID
        self.resourceProviderID = resourceProviderID
    }

    enum CodingKeys: String, CodingKey {
        case operationID = "operation_id"
        case state, message
        case convertedResources = "converted_resources"
        case uuid
        case agentID = "agent_id"
        case resourceProviderID = "resource_provider_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        operationID = try container.optional(.operationID)
        state = try container.required(.state)
        message = try container.optional(.message)
        convertedResources = try container.repeated(.convertedResources)
        uuid = try container.optional(.uuid)
        agentID = try container.optional(.agentID)
        resourceProviderID = try container.optional(.resourceProviderID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(operationID, forKey: .operationID)
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeRepeated(convertedResources, forKey: .convertedResources)
        try container.encodeIfPresent(uuid, forKey: .uuid)
        try container.encodeIfPresent(agentID, forKey: .agentID)
        try container.encodeIfPresent(resourceProviderID, forKey: .resourceProviderID)
    }
}

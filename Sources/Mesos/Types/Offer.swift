/// Resources on one agent offered to a framework (`Offer`).
public struct Offer: Codable, Hashable, Sendable {
    public var id: OfferID
    public var frameworkID: FrameworkID
    public var agentID: AgentID
    public var hostname: String
    public var url: MesosURL?
    /// Carried without interpretation.
    public var domain: JSONValue?
    public var resources: [Resource]
    public var attributes: [Attribute]
    public var executorIDs: [ExecutorID]
    public var unavailability: Unavailability?
    /// The role the offer is made to (MULTI_ROLE frameworks).
    public var allocationInfo: Resource.AllocationInfo?

    public init(
        id: OfferID,
        frameworkID: FrameworkID,
        agentID: AgentID,
        hostname: String,
        resources: [Resource] = [],
        attributes: [Attribute] = [],
        executorIDs: [ExecutorID] = [],
        allocationInfo: Resource.AllocationInfo? = nil,
        url: MesosURL? = nil,
        unavailability: Unavailability? = nil,
        domain: JSONValue? = nil
    ) {
        self.id = id
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.hostname = hostname
        self.url = url
        self.domain = domain
        self.resources = resources
        self.attributes = attributes
        self.executorIDs = executorIDs
        self.unavailability = unavailability
        self.allocationInfo = allocationInfo
    }

    enum CodingKeys: String, CodingKey {
        case id
        case frameworkID = "framework_id"
        case agentID = "agent_id"
        case hostname, url, domain, resources, attributes
        case executorIDs = "executor_ids"
        case unavailability
        case allocationInfo = "allocation_info"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.required(.id)
        frameworkID = try container.required(.frameworkID)
        agentID = try container.required(.agentID)
        hostname = try container.required(.hostname)
        url = try container.optional(.url)
        domain = try container.optional(.domain)
        resources = try container.repeated(.resources)
        attributes = try container.repeated(.attributes)
        executorIDs = try container.repeated(.executorIDs)
        unavailability = try container.optional(.unavailability)
        allocationInfo = try container.optional(.allocationInfo)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(frameworkID, forKey: .frameworkID)
        try container.encode(agentID, forKey: .agentID)
        try container.encode(hostname, forKey: .hostname)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(domain, forKey: .domain)
        try container.encodeRepeated(resources, forKey: .resources)
        try container.encodeRepeated(attributes, forKey: .attributes)
        try container.encodeRepeated(executorIDs, forKey: .executorIDs)
        try container.encodeIfPresent(unavailability, forKey: .unavailability)
        try container.encodeIfPresent(allocationInfo, forKey: .allocationInfo)
    }
}

/// Refuses resources for a while after ACCEPT or DECLINE (`Filters`).
public struct Filters: Codable, Hashable, Sendable {
    /// Seconds; the master uses 5 when unset, 0 means no filter.
    public var refuseSeconds: Double?

    public init(refuseSeconds: Double? = nil) {
        self.refuseSeconds = refuseSeconds
    }

    enum CodingKeys: String, CodingKey {
        case refuseSeconds = "refuse_seconds"
    }
}

/// A request to give resources back for maintenance (`InverseOffer`).
public struct InverseOffer: Codable, Hashable, Sendable {
    public var id: OfferID
    public var url: MesosURL?
    public var frameworkID: FrameworkID
    public var agentID: AgentID?
    public var unavailability: Unavailability
    public var resources: [Resource]

    public init(
        id: OfferID, frameworkID: FrameworkID, agentID: AgentID? = nil, unavailability: Unavailability,
        resources: [Resource] = [], url: MesosURL? = nil
    ) {
        self.id = id
        self.url = url
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.unavailability = unavailability
        self.resources = resources
    }

    enum CodingKeys: String, CodingKey {
        case id, url
        case frameworkID = "framework_id"
        case agentID = "agent_id"
        case unavailability, resources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.required(.id)
        url = try container.optional(.url)
        frameworkID = try container.required(.frameworkID)
        agentID = try container.optional(.agentID)
        unavailability = try container.required(.unavailability)
        resources = try container.repeated(.resources)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encode(frameworkID, forKey: .frameworkID)
        try container.encodeIfPresent(agentID, forKey: .agentID)
        try container.encode(unavailability, forKey: .unavailability)
        try container.encodeRepeated(resources, forKey: .resources)
    }
}

/// A resource request (`mesos.Request`), sent by the REQUEST call.
public struct ResourceRequest: Codable, Hashable, Sendable {
    public var agentID: AgentID?
    public var resources: [Resource]

    public init(agentID: AgentID? = nil, resources: [Resource] = []) {
        self.agentID = agentID
        self.resources = resources
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case resources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try container.optional(.agentID)
        resources = try container.repeated(.resources)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(agentID, forKey: .agentID)
        try container.encodeRepeated(resources, forKey: .resources)
    }
}

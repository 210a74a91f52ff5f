/// Describes a framework to the master (`FrameworkInfo`).
public struct FrameworkInfo: Codable, Hashable, Sendable {
    /// The user tasks run as when a command does not name one.
    public var user: String
    public var name: String
    /// Set by the framework on re-subscription (also at the call's top level).
    public var id: FrameworkID?
    /// Seconds the master keeps the framework's tasks after it disconnects (proto default 0).
    public var failoverTimeout: Double?
    public var checkpoint: Bool?
    /// Deprecated single role; use `roles` with the MULTI_ROLE capability.
    public var role: String?
    public var roles: [String]
    public var hostname: String?
    public var principal: String?
    public var webuiURL: String?
    public var capabilities: [Capability]
    public var labels: Labels?
    /// `offer_filters` (a map of role to filters), carried without interpretation.
    public var offerFilters: JSONValue?

    public init(
        user: String,
        name: String,
        id: FrameworkID? = nil,
        failoverTimeout: Double? = nil,
        checkpoint: Bool? = nil,
        role: String? = nil,
        roles: [String] = [],
        hostname: String? = nil,
        principal: String? = nil,
        webuiURL: String? = nil,
        capabilities: [Capability] = [],
        labels: Labels? = nil,
        offerFilters: JSONValue? = nil
    ) {
        self.user = user
        self.name = name
        self.id = id
        self.failoverTimeout = failoverTimeout
        self.checkpoint = checkpoint
        self.role = role
        self.roles = roles
        self.hostname = hostname
        self.principal = principal
        self.webuiURL = webuiURL
        self.capabilities = capabilities
        self.labels = labels
        self.offerFilters = offerFilters
    }

    /// A capability entry (`{"type": …}`).
    public struct Capability: Codable, Hashable, Sendable {
        /// A framework capability.
        public enum CapabilityType: MesosEnum {
            case unknown
            case revocableResources
            case taskKillingState
            case gpuResources
            case sharedResources
            case partitionAware
            case multiRole
            case reservationRefinement
            case regionAware
            /// A value this version does not know, kept as it was received.
            case unrecognized(String)

            public static let knownValues: [CapabilityType] = [
                .unknown, .revocableResources, .taskKillingState, .gpuResources, .sharedResources,
                .partitionAware, .multiRole, .reservationRefinement, .regionAware,
            ]
            static let index = wireNameIndex(knownValues)

            public init(wireName: String) {
                self = Self.index[wireName] ?? .unrecognized(wireName)
            }

            public var wireName: String {
                switch self {
                case .unknown: "UNKNOWN"
                case .revocableResources: "REVOCABLE_RESOURCES"
                case .taskKillingState: "TASK_KILLING_STATE"
                case .gpuResources: "GPU_RESOURCES"
                case .sharedResources: "SHARED_RESOURCES"
                case .partitionAware: "PARTITION_AWARE"
                case .multiRole: "MULTI_ROLE"
                case .reservationRefinement: "RESERVATION_REFINEMENT"
                case .regionAware: "REGION_AWARE"
                case .unrecognized(let name): name
                }
            }
        }

        public var type: CapabilityType?

        public init(_ type: CapabilityType?) {
            self.type = type
        }
    }

    /// Whether the framework declares a capability.
    public func hasCapability(_ type: Capability.CapabilityType) -> Bool {
        capabilities.contains { $0.type == type }
    }

    /// The roles the framework subscribes with: `roles` for MULTI_ROLE frameworks, otherwise the
    /// single `role` (default `*`).
    public var effectiveRoles: [String] {
        hasCapability(.multiRole) ? roles : [role ?? "*"]
    }

    enum CodingKeys: String, CodingKey {
        case user, name, id
        case failoverTimeout = "failover_timeout"
        case checkpoint, role, roles, hostname, principal
        case webuiURL = "webui_url"
        case capabilities, labels
        case offerFilters = "offer_filters"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.required(.user)
        name = try container.required(.name)
        id = try container.optional(.id)
        failoverTimeout = try container.optional(.failoverTimeout)
        checkpoint = try container.optional(.checkpoint)
        role = try container.optional(.role)
        roles = try container.repeated(.roles)
        hostname = try container.optional(.hostname)
        principal = try container.optional(.principal)
        webuiURL = try container.optional(.webuiURL)
        capabilities = try container.repeated(.capabilities)
        labels = try container.optional(.labels)
        offerFilters = try container.optional(.offerFilters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(user, forKey: .user)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(failoverTimeout, forKey: .failoverTimeout)
        try container.encodeIfPresent(checkpoint, forKey: .checkpoint)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeRepeated(roles, forKey: .roles)
        try container.encodeIfPresent(hostname, forKey: .hostname)
        try container.encodeIfPresent(principal, forKey: .principal)
        try container.encodeIfPresent(webuiURL, forKey: .webuiURL)
        try container.encodeRepeated(capabilities, forKey: .capabilities)
        try container.encodeIfPresent(labels, forKey: .labels)
        try container.encodeIfPresent(offerFilters, forKey: .offerFilters)
    }
}

/// Describes the leading master (`MasterInfo`), in SUBSCRIBED and in ZooKeeper's `json.info_*`.
public struct MasterInfo: Codable, Hashable, Sendable {
    public var id: String
    /// IPv4 address packed in network byte order, as Mesos writes it (127.0.0.1 is 16777343).
    public var ip: UInt32
    public var port: UInt32
    public var pid: String?
    public var hostname: String?
    public var version: String?
    public var address: Address?
    /// Carried without interpretation.
    public var domain: JSONValue?
    public var capabilities: [Capability]

    public init(
        id: String, ip: UInt32, port: UInt32 = 5050, pid: String? = nil, hostname: String? = nil,
        version: String? = nil, address: Address? = nil, domain: JSONValue? = nil, capabilities: [Capability] = []
    ) {
        self.id = id
        self.ip = ip
        self.port = port
        self.pid = pid
        self.hostname = hostname
        self.version = version
        self.address = address
        self.domain = domain
        self.capabilities = capabilities
    }

    /// Packs a dotted IPv4 address the way `MasterInfo.ip` holds it; nil if `text` is not IPv4.
    public static func packedIPv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for (index, part) in parts.enumerated() {
            guard let octet = UInt8(part) else { return nil }
            result |= UInt32(octet) << (8 * UInt32(index))
        }
        return result
    }

    /// A master capability entry (`{"type": …}`).
    public struct Capability: Codable, Hashable, Sendable {
        /// A master capability.
        public enum CapabilityType: MesosEnum {
            case unknown
            case agentUpdate
            case agentDraining
            case quotaV2
            /// A value this version does not know, kept as it was received.
            case unrecognized(String)

            public static let knownValues: [CapabilityType] = [
                .unknown, .agentUpdate, .agentDraining, .quotaV2,
            ]
            static let index = wireNameIndex(knownValues)

            public init(wireName: String) {
                self = Self.index[wireName] ?? .unrecognized(wireName)
            }

            public var wireName: String {
                switch self {
                case .unknown: "UNKNOWN"
                case .agentUpdate: "AGENT_UPDATE"
                case .agentDraining: "AGENT_DRAINING"
                case .quotaV2: "QUOTA_V2"
                case .unrecognized(let name): name
                }
            }
        }

        public var type: CapabilityType?

        public init(_ type: CapabilityType?) {
            self.type = type
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, ip, port, pid, hostname, version, address, domain, capabilities
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.required(.id)
        ip = try container.integer(.ip)
        port = try container.integer(.port)
        pid = try container.optional(.pid)
        hostname = try container.optional(.hostname)
        version = try container.optional(.version)
        address = try container.optional(.address)
        domain = try container.optional(.domain)
        capabilities = try container.repeated(.capabilities)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(ip, forKey: .ip)
        try container.encode(port, forKey: .port)
        try container.encodeIfPresent(pid, forKey: .pid)
        try container.encodeIfPresent(hostname, forKey: .hostname)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encodeIfPresent(address, forKey: .address)
        try container.encodeIfPresent(domain, forKey: .domain)
        try container.encodeRepeated(capabilities, forKey: .capabilities)
    }
}

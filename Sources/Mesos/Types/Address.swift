/// A network address; `hostname` and/or `ip`.
public struct Address: Codable, Hashable, Sendable {
    public var hostname: String?
    public var ip: String?
    public var port: Int32

    public init(hostname: String? = nil, ip: String? = nil, port: Int32) {
        self.hostname = hostname
        self.ip = ip
        self.port = port
    }

    enum CodingKeys: String, CodingKey {
        case hostname, ip, port
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hostname = try container.optional(.hostname)
        ip = try container.optional(.ip)
        port = try container.integer(.port)
    }
}

/// The `URL` message (named so to stay clear of Foundation's `URL`).
public struct MesosURL: Codable, Hashable, Sendable {
    public var scheme: String
    public var address: Address
    public var path: String?
    public var query: [Parameter]
    public var fragment: String?

    public init(
        scheme: String, address: Address, path: String? = nil, query: [Parameter] = [], fragment: String? = nil
    ) {
        self.scheme = scheme
        self.address = address
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    enum CodingKeys: String, CodingKey {
        case scheme, address, path, query, fragment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheme = try container.required(.scheme)
        address = try container.required(.address)
        path = try container.optional(.path)
        query = try container.repeated(.query)
        fragment = try container.optional(.fragment)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheme, forKey: .scheme)
        try container.encode(address, forKey: .address)
        try container.encodeIfPresent(path, forKey: .path)
        try container.encodeRepeated(query, forKey: .query)
        try container.encodeIfPresent(fragment, forKey: .fragment)
    }
}

/// A key/value pair (`Parameter`).
public struct Parameter: Codable, Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

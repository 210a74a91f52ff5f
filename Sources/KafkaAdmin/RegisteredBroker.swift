import Foundation

/// A broker's registration in ZooKeeper mode, `/brokers/ids/<id>`, as Kafka writes it (Kafka's
/// `BrokerIdZNode`, registration versions 1 to 5):
///
/// `{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},`
/// `"endpoints":["PLAINTEXT://10.0.0.211:9843"],"jmx_port":-1,"port":9843,"host":"10.0.0.211","version":5,`
/// `"timestamp":"1700000000000"}`
///
/// `host` and `port` are the first PLAINTEXT endpoint (null and -1 without one); version 1 has only them.
/// Other keys (`rack`, `features`, `jmx_port`, `timestamp`) are not needed here and are ignored.
public struct RegisteredBroker: Sendable, Equatable {
    /// One advertised listener.
    public struct Endpoint: Sendable, Equatable {
        /// The listener's name (`PLAINTEXT`, `INTERNAL`, …).
        public var listenerName: String
        /// The listener's security protocol (`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT`, `SASL_SSL`).
        public var securityProtocol: String
        public var host: String
        public var port: Int

        public init(listenerName: String, securityProtocol: String, host: String, port: Int) {
            self.listenerName = listenerName
            self.securityProtocol = securityProtocol
            self.host = host
            self.port = port
        }

        /// `host:port` (`[host]:port` for an IPv6 address), as a bootstrap endpoint.
        public var hostPort: String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// The broker id (the znode's name).
    public var id: Int32
    /// The registration format's version.
    public var version: Int
    /// The advertised listeners, in the registration's order.
    public var endpoints: [Endpoint]

    public init(id: Int32, version: Int, endpoints: [Endpoint]) {
        self.id = id
        self.version = version
        self.endpoints = endpoints
    }

    /// The first endpoint whose security protocol is PLAINTEXT — the one a client without TLS or SASL
    /// (this scheduler's) can bootstrap from; nil when the broker advertises none.
    public var plaintextEndpoint: Endpoint? {
        endpoints.first { $0.securityProtocol == "PLAINTEXT" }
    }

    /// The broker as `ClusterMetadata` lists it: with its PLAINTEXT endpoint, else its first one (host ""
    /// and port 0 when it advertises none).
    public var kafkaBroker: KafkaBroker {
        let endpoint = plaintextEndpoint ?? endpoints.first
        return KafkaBroker(id: id, host: endpoint?.host ?? "", port: endpoint?.port ?? 0)
    }

    private struct JSON: Decodable {
        var version: Int?
        var host: String?
        var port: Int?
        var endpoints: [String]?
        var listenerSecurityProtocolMap: [String: String]?

        enum CodingKeys: String, CodingKey {
            case version, host, port, endpoints
            case listenerSecurityProtocolMap = "listener_security_protocol_map"
        }
    }

    /// Decodes the registration of broker `id` read from `path`. Throws `malformedZNode` when the data is
    /// not a registration Kafka would write.
    public static func decode(id: Int32, data: Data, path: String) throws(KafkaAdminError) -> RegisteredBroker {
        let json: JSON
        do {
            json = try JSONDecoder().decode(JSON.self, from: data)
        } catch {
            throw .malformedZNode(path: path, data: data, reason: "not a broker registration: \(error)")
        }
        let version = json.version ?? 1
        guard version >= 2, let listeners = json.endpoints else {
            // Version 1: host and port of a PLAINTEXT listener only.
            guard let host = json.host, let port = json.port, port > 0 else {
                throw .malformedZNode(
                    path: path, data: data, reason: "a registration without endpoints or host and port")
            }
            return RegisteredBroker(
                id: id, version: version,
                endpoints: [Endpoint(listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: host, port: port)])
        }
        var endpoints: [Endpoint] = []
        for listener in listeners {
            guard let endpoint = parseEndpoint(listener, protocols: json.listenerSecurityProtocolMap) else {
                throw .malformedZNode(
                    path: path, data: data, reason: "endpoint '\(listener)' is not <listener>://<host>:<port>")
            }
            endpoints.append(endpoint)
        }
        return RegisteredBroker(id: id, version: version, endpoints: endpoints)
    }

    /// `LISTENER://host:port`, `LISTENER://[::1]:port` or `LISTENER://:port` (Kafka's `EndPoint` format). Without a
    /// listener-to-protocol map (registrations before version 4) the listener's name is its protocol.
    static func parseEndpoint(_ text: String, protocols: [String: String]?) -> Endpoint? {
        guard let separator = text.range(of: "://") else { return nil }
        let listener = String(text[..<separator.lowerBound])
        let address = text[separator.upperBound...]
        guard !listener.isEmpty, let colon = address.lastIndex(of: ":"),
            let port = Int(address[address.index(after: colon)...])
        else { return nil }
        var host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        }
        return Endpoint(
            listenerName: listener, securityProtocol: protocols?[listener] ?? listener, host: String(host), port: port)
    }
}

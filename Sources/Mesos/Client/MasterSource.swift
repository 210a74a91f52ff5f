/// Where the scheduler finds the leading Mesos master.
public enum MasterSource: Sendable, Hashable, CustomStringConvertible {
    /// Masters tried in order until one answers; a non-leading master redirects to the leader.
    /// Each entry is a master's base URL (`http(s)://host:port`, optionally with a path prefix) or its
    /// scheduler endpoint (`…/api/v1/scheduler`); `host:port` means plain HTTP.
    case urls([String])
    /// The masters' ZooKeeper group: the leader is the `json.info_*` node with the lowest sequence.
    case zooKeeper(ZooKeeperMasterGroup)

    /// Parses `zk://[user:password@]host:port[,host:port…]/path`, or one or more comma-separated master
    /// URLs (`http://host:port`, `https://host:port/prefix`, or `host:port` for plain HTTP). A URL without a
    /// path gets the scheduler endpoint `/api/v1/scheduler`.
    public init(parsing text: String) throws(MesosClientError) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else {
            throw .invalidMasterSource(text, reason: "it is empty")
        }
        if trimmed.lowercased().hasPrefix("zk://") {
            self = .zooKeeper(try ZooKeeperMasterGroup(parsing: trimmed))
            return
        }
        var urls: [String] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = String(part).trimmingASCIIWhitespace()
            guard let endpoint = SchedulerEndpoint.normalize(entry) else {
                throw .invalidMasterSource(
                    text,
                    reason: "'\(entry)' is not a master URL (expected http://host:port, https://host:port or host:port)"
                )
            }
            urls.append(endpoint)
        }
        self = .urls(urls)
    }

    public var description: String {
        switch self {
        case .urls(let urls): urls.joined(separator: ",")
        case .zooKeeper(let group): group.description
        }
    }
}

/// A Mesos masters' group in ZooKeeper (`zk://host:port,…/mesos`).
public struct ZooKeeperMasterGroup: Sendable, Hashable, CustomStringConvertible {
    /// The ZooKeeper servers, `host:port[,host:port…]`.
    public var servers: String
    /// The group's node, e.g. `/mesos`.
    public var path: String
    /// Digest credentials `user:password`, or nil.
    public var credentials: String?

    public init(servers: String, path: String, credentials: String? = nil) {
        self.servers = servers
        self.path = path
        self.credentials = credentials
    }

    /// Parses `zk://[user:password@]host:port[,host:port…]/path`.
    public init(parsing text: String) throws(MesosClientError) {
        guard text.lowercased().hasPrefix("zk://") else {
            throw .invalidMasterSource(text, reason: "a ZooKeeper master source starts with zk://")
        }
        var rest = Substring(text.dropFirst("zk://".count))
        var credentials: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            guard userInfo.contains(":"), !userInfo.hasPrefix(":") else {
                throw .invalidMasterSource(text, reason: "credentials must be user:password")
            }
            credentials = String(userInfo)
            rest = rest[rest.index(after: at)...]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw .invalidMasterSource(text, reason: "a path is required, e.g. zk://host:2181/mesos")
        }
        let servers = String(rest[..<slash])
        var path = String(rest[slash...])
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard path.count > 1 else {
            throw .invalidMasterSource(text, reason: "a path is required, e.g. zk://host:2181/mesos")
        }
        let hosts = servers.split(separator: ",", omittingEmptySubsequences: false)
        guard !servers.isEmpty,
            hosts.allSatisfy({ host in
                guard let colon = host.lastIndex(of: ":") else { return false }
                return !host[..<colon].isEmpty && UInt16(host[host.index(after: colon)...]) != nil
            })
        else {
            throw .invalidMasterSource(text, reason: "servers must be host:port[,host:port…], found '\(servers)'")
        }
        self.init(servers: servers, path: path, credentials: credentials)
    }

    /// The source without the password.
    public var description: String {
        let user = credentials.map { String($0.prefix { $0 != ":" }) + ":***@" } ?? ""
        return "zk://\(user)\(servers)\(path)"
    }
}

/// Scheduler endpoint URLs: normalizing configured URLs and resolving redirects.
enum SchedulerEndpoint {
    static let path = "/api/v1/scheduler"

    /// `host:port` → `http://host:port/api/v1/scheduler`; a URL without a path gets the endpoint path; a
    /// URL with another path keeps it as a prefix. Nil when `text` is not an http(s) URL.
    static func normalize(_ text: String) -> String? {
        guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let withScheme: String
        if let range = text.range(of: "://") {
            let scheme = text[..<range.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            withScheme = scheme + text[range.lowerBound...]
        } else {
            withScheme = "http://" + text
        }
        guard let parts = split(withScheme), !parts.authority.isEmpty else { return nil }
        return parts.scheme + "://" + parts.authority + endpointPath(parts.path)
    }

    /// Resolves a redirect's `Location` against the URL that answered it. Mesos writes
    /// `//host:port/api/v1/scheduler` (no scheme): the scheme of `base` is kept. Nil when unusable.
    static func resolve(location: String, against base: String) -> String? {
        let location = location.trimmingASCIIWhitespace()
        guard let baseParts = split(base), !location.isEmpty else { return nil }
        if location.hasPrefix("//") {
            guard let parts = split(baseParts.scheme + ":" + location), !parts.authority.isEmpty else { return nil }
            return parts.scheme + "://" + parts.authority + endpointPath(parts.path)
        }
        if location.hasPrefix("/") {
            return baseParts.scheme + "://" + baseParts.authority + location
        }
        return normalize(location)
    }

    /// `host:port` of an endpoint, for messages.
    static func authority(of url: String) -> String {
        split(url)?.authority ?? url
    }

    private static func endpointPath(_ path: String) -> String {
        if path.isEmpty || path == "/" { return Self.path }
        if path.hasSuffix(Self.path) { return path }
        return (path.hasSuffix("/") ? String(path.dropLast()) : path) + Self.path
    }

    private static func split(_ url: String) -> (scheme: String, authority: String, path: String)? {
        guard let range = url.range(of: "://") else { return nil }
        let scheme = url[..<range.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[range.upperBound...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        return (scheme, String(rest[..<pathStart]), String(rest[pathStart...]))
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

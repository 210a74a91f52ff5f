/// Syntax checks for environment values. Each answers whether a value is acceptable, or why not.
enum EnvironmentFormats {
    /// A DNS label: it names the service's znode root, its role and its DNS names.
    static func isServiceName(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard (1...63).contains(scalars.count) else { return false }
        func alnum(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        guard alnum(scalars.first!), alnum(scalars.last!) else { return false }
        return scalars.allSatisfy { alnum($0) || $0 == "-" }
    }

    static func isToken(_ value: String) -> Bool {
        !value.isEmpty && !value.containsWhitespaceOrControl
    }

    /// Mesos role rules; `*` is refused because dynamic reservations need a role of their own.
    static func isRole(_ value: String) -> Bool {
        guard isToken(value), value != "*", !value.contains("\\") else { return false }
        return value.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".." && !segment.hasPrefix("-") && !segment.contains("*")
        }
    }

    /// `host:port`, with an IPv6 host in brackets.
    static func isHostPort<S: StringProtocol>(_ value: S) -> Bool {
        let host: Substring
        let port: Substring
        let text = Substring(value)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return false }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return false }
            port = rest.dropFirst()
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return false }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard isHostName(host) else { return false }
        }
        return isPort(port, allowZero: false)
    }

    static func isHostName<S: StringProtocol>(_ value: S) -> Bool {
        !value.isEmpty && value.count <= 253
            && value.unicodeScalars.allSatisfy { s in
                ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                    || s == "." || s == "-" || s == "_"
            }
    }

    static func isPort<S: StringProtocol>(_ value: S, allowZero: Bool) -> Bool {
        guard !value.isEmpty, value.count <= 5, value.allSatisfy(\.isASCIIDigit), let port = Int(value) else {
            return false
        }
        return port <= 65535 && (allowZero || port > 0)
    }

    /// A ZooKeeper connect string: `host:port[,host:port…][/chroot]`.
    static func isZooKeeperConnect(_ value: String) -> Bool {
        guard !value.containsWhitespaceOrControl, !value.contains("://") else { return false }
        let servers: Substring
        if let slash = value.firstIndex(of: "/") {
            servers = value[..<slash]
            guard isZNodePath(value[slash...]) else { return false }
        } else {
            servers = Substring(value)
        }
        return !servers.isEmpty
            && servers.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { isHostPort($0) }
    }

    /// `/a/b`: absolute, no empty, `.` or `..` segment, no trailing slash.
    static func isZNodePath<S: StringProtocol>(_ value: S) -> Bool {
        guard value.hasPrefix("/"), value.count > 1 else { return false }
        return value.dropFirst().split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
        }
    }

    /// `MESOS_MASTER`: a comma-separated list of `http(s)://host[:port][/path]`, or
    /// `zk://[user:password@]host:port,…/path`.
    static func mesosMaster(_ value: String) -> MesosMasterAddress? {
        if value.hasPrefix("zk://") {
            guard !value.containsWhitespaceOrControl else { return nil }
            var rest = Substring(value.dropFirst("zk://".count))
            var credentials: ZooKeeperCredentials?
            if let at = rest.lastIndex(of: "@") {
                guard let parsed = zooKeeperCredentials(String(rest[..<at])) else { return nil }
                credentials = parsed
                rest = rest[rest.index(after: at)...]
            }
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let servers = rest[..<slash]
            let path = rest[slash...]
            guard !servers.isEmpty,
                servers.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ isHostPort($0) }),
                isZNodePath(path)
            else { return nil }
            return .zookeeper(servers: String(servers), path: String(path), credentials: credentials)
        }
        var urls: [String] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let item = item.trimmingWhitespace
            guard !item.containsWhitespaceOrControl, let url = httpURL(Substring(item)) else { return nil }
            urls.append(url)
        }
        return urls.isEmpty ? nil : .urls(urls)
    }

    /// A normalised `http(s)://host[:port][/path]` (no trailing slash), or nil.
    static func httpURL(_ value: Substring) -> String? {
        let rest: Substring
        if value.hasPrefix("http://") {
            rest = value.dropFirst("http://".count)
        } else if value.hasPrefix("https://") {
            rest = value.dropFirst("https://".count)
        } else {
            return nil
        }
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { return nil }
        let authority = rest.prefix { $0 != "/" }
        let hostOK: Bool
        if authority.hasPrefix("[") || authority.contains(":") {
            hostOK = isHostPort(authority)
        } else {
            hostOK = isHostName(authority)
        }
        guard hostOK else { return nil }
        var url = String(value)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// `user:password`, both non-empty.
    static func zooKeeperCredentials(_ value: String) -> ZooKeeperCredentials? {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let user = String(value[..<colon])
        let password = String(value[value.index(after: colon)...])
        guard isToken(user), !user.contains("@"), !password.isEmpty else { return nil }
        return ZooKeeperCredentials(user: user, password: Secret(password))
    }

    static let fetchSchemes = ["http://", "https://", "ftp://", "ftps://", "hdfs://", "hftp://", "s3://", "s3a://",
                               "s3n://", "file://"]

    /// Something the Mesos fetcher can fetch: a URL with a scheme it knows, or an absolute path on the agent.
    static func isFetchURI(_ value: String) -> Bool {
        guard !value.containsWhitespaceOrControl else { return false }
        if value.hasPrefix("/") { return value.count > 1 }
        guard let scheme = fetchSchemes.first(where: { value.lowercased().hasPrefix($0) }) else { return false }
        return value.count > scheme.count
    }

    /// A single directory name: letters, digits, `.`, `_`, `-`; not `.` or `..`.
    static func isDirectoryName(_ value: String) -> Bool {
        guard !value.isEmpty, value.count <= 255, value != ".", value != ".." else { return false }
        return value.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                || s == "." || s == "_" || s == "-"
        }
    }

    /// A host name or an IP address to listen on.
    static func isListenHost(_ value: String) -> Bool {
        isHostName(value) || (value.contains(":") && value.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." })
    }
}

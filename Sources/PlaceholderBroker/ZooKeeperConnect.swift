import Foundation

/// Kafka's `zookeeper.connect`: `host:port[,host:port…][/chroot]`.
public struct ZooKeeperConnect: Sendable, Equatable, CustomStringConvertible {
    /// `host:port` of each server (a host without a port gets ZooKeeper's 2181).
    public var servers: [String]
    /// The chroot every Kafka path lives under, `""` for none; otherwise it starts with `/` and does not end
    /// with one.
    public var chroot: String

    public init(servers: [String], chroot: String) {
        self.servers = servers
        self.chroot = chroot
    }

    /// Why a connect string is not valid.
    public struct ParseError: Error, Sendable, Equatable {
        public var message: String
    }

    public init(parsing text: String) throws(ParseError) {
        let hostsPart: Substring
        var chroot = ""
        if let slash = text.firstIndex(of: "/") {
            hostsPart = text[..<slash]
            chroot = String(text[slash...])
        } else {
            hostsPart = Substring(text)
        }
        if chroot == "/" { chroot = "" }
        let components = chroot.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if !chroot.isEmpty && components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw ParseError(message: "'\(text)' has an invalid chroot '\(chroot)' (expected /name[/name…])")
        }
        var servers: [String] = []
        for server in hostsPart.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = server.trimmingCharacters(in: .whitespaces)
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard !entry.isEmpty, parts.count <= 2, !parts[0].isEmpty else {
                throw ParseError(message: "'\(text)' is not host:port[,host:port…][/chroot]")
            }
            if parts.count == 2 {
                guard let port = Int(parts[1]), (1...65535).contains(port) else {
                    throw ParseError(message: "'\(text)' has an invalid port in '\(entry)' (expected 1 to 65535)")
                }
                servers.append(entry)
            } else {
                servers.append(entry + ":2181")
            }
        }
        self.init(servers: servers, chroot: chroot)
    }

    /// The servers only, for the ZooKeeper client (which then needs no existing chroot).
    public var serversString: String { servers.joined(separator: ",") }

    /// `path` (starting with `/`) under the chroot.
    public func path(_ path: String) -> String { chroot + path }

    public var description: String { serversString + chroot }
}

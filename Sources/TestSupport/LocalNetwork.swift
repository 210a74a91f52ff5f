import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Loopback helpers for test servers: free ports, short TCP exchanges, and which process listens on a port.
public enum LocalNetwork {
    /// A TCP port on 127.0.0.1 for a server the caller starts itself; nothing was bound to it when handed out.
    ///
    /// Tests run in parallel, so a port picked now and bound later must not be one that anything else takes
    /// meanwhile. Ports come from `PortAllocator.shared`: a range outside the kernel's ephemeral range (which
    /// serves every port-0 bind and outgoing connection of every process), never the same port twice in one
    /// test process. Another process on the machine could still pick the same port at the same moment:
    /// servers check that they got it (`processListens(pid:port:)`) and retry with a new one.
    public static func freePort() throws -> Int {
        try PortAllocator.shared.allocate()
    }

    /// True when 127.0.0.1:`port` can be bound right now (no listener, no connection, no other bound socket).
    static func canBind(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port on 127.0.0.1 that nothing listens on and nobody else can take while the returned value lives
    /// (it is bound, not listening): connections to it are refused.
    public static func reserveClosedPort() throws -> ReservedPort {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw systemError("socket") }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let error = systemError("bind")
            close(descriptor)
            throw error
        }
        return ReservedPort(port: Int(UInt16(bigEndian: address.sin_port)), descriptor: descriptor)
    }

    /// Connects to 127.0.0.1:`port`, sends `request`, and returns everything the server sends until it closes
    /// the connection. Blocking, bounded by `timeout` per step; nil when nothing listens or the exchange fails.
    public static func exchange(port: Int, request: String, timeout: Duration = .seconds(1)) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let (seconds, attoseconds) = timeout.components
        var interval = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let bytes = Array(request.utf8)
        guard send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                response += buffer[0..<count]
            } else if count == 0 {
                break
            } else if errno != EINTR {
                return nil
            }
        }
        return String(decoding: response, as: UTF8.self)
    }

    /// True when process `pid` holds a socket listening on TCP `port` (IPv4 or IPv6), read from /proc.
    public static func processListens(pid: Int32, port: Int) -> Bool {
        let inodes = listeningInodes(port: port)
        guard !inodes.isEmpty else { return false }
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        for descriptor in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)"),
                target.hasPrefix("socket:[")
            else { continue }
            if inodes.contains(String(target.dropFirst("socket:[".count).dropLast())) { return true }
        }
        return false
    }

    /// Socket inodes listening on `port`, from /proc/net/tcp and /proc/net/tcp6.
    static func listeningInodes(port: Int) -> Set<String> {
        var inodes: Set<String> = []
        let hexPort = String(format: "%04X", port)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readWhole(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                guard fields.count > 9, fields[3] == "0A", fields[1].hasSuffix(":" + hexPort) else { continue }
                inodes.insert(String(fields[9]))
            }
        }
        return inodes
    }

    /// The whole of a /proc file. `String(contentsOfFile:)` stops after the first 4 KB of such a file (its size
    /// reads as 0), which holds only a few dozen sockets of the machine's table.
    static func readWhole(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }

    private static func systemError(_ call: String) -> TestSupportError {
        TestSupportError("cannot reserve a port: \(call) failed: \(String(cString: strerror(errno)))")
    }
}

/// A bound, non-listening loopback port, released when this value is dropped.
public final class ReservedPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    init(port: Int, descriptor: Int32) {
        self.port = port
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}

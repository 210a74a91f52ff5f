import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Blocking IPv4 sockets with deadlines, for the Kafka-protocol server and probes. Call them from threads of
/// their own (see `onDedicatedThread`), never from Swift's cooperative pool.
extension KafkaWire {
    /// Runs a blocking socket call on a thread of its own, off Swift's cooperative pool.
    public static func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "kafka-wire-socket"
            thread.start()
        }
    }

    /// A listening TCP socket on `host` (an IPv4 address or a name resolving to one; `0.0.0.0` for every
    /// interface) and `port` (0: an ephemeral port). Returns the descriptor and the bound port.
    public static func listen(host: String, port: Int) throws(KafkaWireError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw KafkaWireError("port \(port) is not in 0...65535") }
        var address = try ipv4Address(host: host)
        address.sin_port = UInt16(port).bigEndian
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw KafkaWireError("socket: \(String(cString: strerror(errno)))") }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw KafkaWireError("cannot listen on \(host):\(port): \(reason)")
        }
        return (fd, boundPort(fd))
    }

    /// A listening TCP socket on 127.0.0.1 and an ephemeral port.
    public static func listenOnLoopback() throws(KafkaWireError) -> (fd: Int32, port: Int) {
        try listen(host: "127.0.0.1", port: 0)
    }

    /// The IPv4 address of `host`: a dotted quad as is, a name through the resolver.
    static func ipv4Address(host: String) throws(KafkaWireError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        if inet_pton(AF_INET, host, &address.sin_addr) == 1 { return address }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &results)
        defer { if let results { freeaddrinfo(results) } }
        guard status == 0, let first = results, let resolved = first.pointee.ai_addr else {
            let reason = status == 0 ? "no IPv4 address" : String(cString: gai_strerror(status))
            throw KafkaWireError("cannot resolve host '\(host)': \(reason)")
        }
        resolved.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        return address
    }

    static func boundPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until `fd` is readable or `milliseconds` pass; true when readable (or closed).
    public static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// Sends every byte; false when the peer is gone.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return false }
            written += result
        }
        return true
    }

    /// Sends one ApiVersions v0 request to `host:port` and reads the answer: true when a Kafka broker
    /// answered it within `milliseconds`.
    public static func answersApiVersions(host: String = "127.0.0.1", port: Int, milliseconds: Int32) -> Bool {
        guard var address = try? ipv4Address(host: host) else { return false }
        address.sin_port = UInt16(port).bigEndian
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }
        var request = Writer()
        request.int16(apiVersionsKey)
        request.int16(0)
        request.int32(4242)
        request.nullableString("kafka-wire-probe")
        guard writeAll(fd, request.framed) else { return false }
        guard let size = readFrameSize(fd, milliseconds: milliseconds), size >= 4,
            let body = readExactly(fd, count: Int(size), milliseconds: milliseconds)
        else { return false }
        var reader = Reader(body)
        return reader.int32() == 4242
    }

    static func readFrameSize(_ fd: Int32, milliseconds: Int32) -> Int32? {
        guard let bytes = readExactly(fd, count: 4, milliseconds: milliseconds) else { return nil }
        var reader = Reader(bytes)
        return reader.int32()
    }

    /// Reads exactly `count` bytes, or nil when the peer closes or `milliseconds` pass.
    static func readExactly(_ fd: Int32, count: Int, milliseconds: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        while received < count {
            let left = Int32(deadline.timeIntervalSinceNow * 1000)
            guard left > 0, waitReadable(fd, milliseconds: left) else { return nil }
            let result = buffer[received...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if result <= 0 { return nil }
            received += result
        }
        return buffer
    }
}

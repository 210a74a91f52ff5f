import Foundation

/// The few pieces of the Kafka wire protocol the Kafka test brokers need: big-endian encoding, request
/// headers, and blocking loopback sockets with deadlines.
enum KafkaWire {
    static let apiVersionsKey: Int16 = 18
    static let metadataKey: Int16 = 3

    struct Writer {
        private(set) var bytes: [UInt8] = []

        mutating func int8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
        mutating func int16(_ value: Int16) { append(UInt16(bitPattern: value)) }
        mutating func int32(_ value: Int32) { append(UInt32(bitPattern: value)) }
        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func string(_ value: String) {
            int16(Int16(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
        }

        mutating func nullableString(_ value: String?) {
            guard let value else { return int16(-1) }
            string(value)
        }

        mutating func unsignedVarint(_ value: UInt32) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func array<T>(_ elements: [T], _ write: (inout Writer, T) -> Void) {
            int32(Int32(elements.count))
            for element in elements { write(&self, element) }
        }

        private mutating func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }

        /// The bytes with their 4-byte size prefix.
        var framed: [UInt8] {
            var frame = Writer()
            frame.int32(Int32(bytes.count))
            return frame.bytes + bytes
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func int16() -> Int16? { read(UInt16.self).map { Int16(bitPattern: $0) } }
        mutating func int32() -> Int32? { read(UInt32.self).map { Int32(bitPattern: $0) } }

        mutating func nullableString() -> String?? {
            guard let length = int16() else { return nil }
            guard length >= 0 else { return .some(nil) }
            guard offset + Int(length) <= bytes.count else { return nil }
            defer { offset += Int(length) }
            return .some(String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self))
        }

        private mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { return nil }
            defer { offset += size }
            return bytes[offset..<offset + size].reduce(T(0)) { ($0 << 8) | T($1) }
        }
    }

    /// A request's header (v1/v2: key, version, correlation id, client id).
    struct RequestHeader {
        var apiKey: Int16
        var apiVersion: Int16
        var correlationId: Int32
    }

    static func readHeader(_ reader: inout Reader) -> RequestHeader? {
        guard let key = reader.int16(), let version = reader.int16(), let correlation = reader.int32(),
            reader.nullableString() != nil
        else { return nil }
        return RequestHeader(apiKey: key, apiVersion: version, correlationId: correlation)
    }

    /// Runs a blocking socket call on a thread of its own, off Swift's cooperative pool.
    static func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "kafka-test-socket"
            thread.start()
        }
    }

    // MARK: Sockets

    /// A listening TCP socket on 127.0.0.1 and an ephemeral port.
    static func listenOnLoopback() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw KafkaTestBrokerError.socket("socket: \(String(cString: strerror(errno)))") }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw KafkaTestBrokerError.socket("bind/listen on 127.0.0.1: \(reason)")
        }
        return (fd, boundPort(fd))
    }

    /// A port that was free a moment ago (bound and released), for a process that binds it itself.
    static func freeLoopbackPort() throws -> Int {
        let (fd, port) = try listenOnLoopback()
        close(fd)
        return port
    }

    static func boundPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Waits until `fd` is readable or `milliseconds` pass; true when readable (or closed).
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return false }
            written += result
        }
        return true
    }

    /// Sends one ApiVersions v0 request to `127.0.0.1:port` and reads the answer: true when a Kafka
    /// broker answered it within `milliseconds`.
    static func answersApiVersions(port: Int, milliseconds: Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopbackAddress(port: port)
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
        request.nullableString("kafka-test-broker-probe")
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

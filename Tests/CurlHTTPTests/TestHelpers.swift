import CurlHTTP
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-shot event a test can wait for with a deadline.
final class Latch: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func signal() {
        continuation.yield()
    }

    /// True when signalled before `timeout` passes.
    func wait(timeout: Duration) async -> Bool {
        let stream = self.stream
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in stream { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    var description: String { "deadline passed: \(what)" }
}

/// Runs `operation`, failing with `DeadlineExceeded` if it takes longer than `limit`.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let result = try await group.next(), let value = result else {
            throw DeadlineExceeded(what: what)
        }
        return value
    }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes.
func eventually(_ limit: Duration, _ condition: () -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while clock.now < end {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// A counter shared between a test and its server handlers.
final class Counter: Sendable {
    private let value = Mutex(0)
    func add(_ n: Int) { value.withLock { $0 += n } }
    var current: Int { value.withLock { $0 } }
}

/// A minimal lock-protected box for test state.
final class Mutex<Value: Sendable>: @unchecked Sendable {
    // @unchecked: all access goes through `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// A TCP socket on 127.0.0.1 with a kernel-chosen port, closed on deinit.
///
/// - `listening: false`: bound only, so connecting is refused (and nobody else gets the port).
/// - `listening: true`: the kernel completes handshakes but nothing ever answers.
/// - `fillBacklog()`: once the accept queue is full, the kernel drops new SYNs, so connecting hangs.
final class RawListener: @unchecked Sendable {
    // @unchecked: `fd` and `port` never change; `fillers` is used only by the test that made it.
    let fd: Int32
    let port: Int
    private var fillers: [Int32] = []

    init(listening: Bool, backlog: Int32 = 16) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard bound == 0, named == 0, !listening || Glibc.listen(socketFD, backlog) == 0 else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            close(socketFD)
            throw error
        }
        fd = socketFD
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connects until a connection attempt no longer completes within 200 ms. True on success.
    func fillBacklog() -> Bool {
        for _ in 0..<16 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard client >= 0 else { return false }
            fillers.append(client)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            var descriptor = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            if poll(&descriptor, 1, 200) == 0 {
                return true
            }
        }
        return false
    }

    deinit {
        for filler in fillers { close(filler) }
        close(fd)
    }
}

/// Answers one HTTP request with `total` bytes (byte at offset p is p % 256) from a dedicated thread
/// with blocking sends, so `sent` is what the kernel took: it stops growing when the reader stops.
final class RawBulkServer: Sendable {
    let port: Int
    let sent = Counter()
    private let listener: RawListener

    init(total: Int) throws {
        listener = try RawListener(listening: true)
        port = listener.port
        let thread = Thread { [listener, sent] in
            Self.serve(listener: listener, total: total, sent: sent)
        }
        thread.start()
    }

    private static func serve(listener: RawListener, total: Int, sent: Counter) {
        var waiting = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
        guard poll(&waiting, 1, 10_000) == 1 else { return }
        let connection = accept(listener.fd, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            request += buffer[0..<count]
        }
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(total)\r\n\r\n".utf8)
        guard send(connection, head, head.count, Int32(MSG_NOSIGNAL)) == head.count else { return }
        let piece = (0..<(64 << 10)).map { UInt8(truncatingIfNeeded: $0) }
        var offset = 0
        while offset < total {
            let count = piece.withUnsafeBytes { bytes in
                send(
                    connection, bytes.baseAddress! + offset % piece.count,
                    min(piece.count - offset % piece.count, total - offset), Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            offset += count
            sent.add(count)
        }
    }
}

extension Array where Element: Equatable {
    func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

/// Whether each descriptor of this process connected to 127.0.0.1:`port` is close-on-exec, from /proc.
func closeOnExecOfConnections(toPort port: Int) -> [Bool] {
    var inodes: Set<String> = []
    let remote = String(format: ":%04X", port)
    // Read to the end: `String(contentsOfFile:)` stops after the first 4 KB of a /proc file.
    if let handle = FileHandle(forReadingAtPath: "/proc/self/net/tcp"), let data = try? handle.readToEnd() {
        try? handle.close()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst() {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count > 9, fields[2].hasSuffix(remote), fields[3] == "01" { inodes.insert(String(fields[9])) }
        }
    }
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.compactMap { descriptor -> Bool? in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)"),
            target.hasPrefix("socket:["), inodes.contains(String(target.dropFirst("socket:[".count).dropLast())),
            let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(descriptor)", encoding: .utf8),
            let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
            let flags = Int(flagsLine.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return nil }
        return flags & Int(O_CLOEXEC) != 0
    }
}

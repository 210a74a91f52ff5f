import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of a local server, able to cut the network between a client and the
/// server: `partition()` drops every connection and refuses new ones until `heal()`.
///
/// Unlike pausing the server, a partition is deterministic for session expiry: the server keeps running, hears
/// nothing from the client, and expires its session exactly when the timeout passes; the client learns it when
/// the partition heals.
public final class TCPProxy: Sendable {
    private struct State {
        var partitioned = false
        var stopped = false
        /// Both sockets of every open connection.
        var connections: [Int: (Int32, Int32)] = [:]
        var nextID = 0
    }

    /// The port clients connect to.
    public let port: Int
    public let upstreamPort: Int
    private let listener: Int32
    private let state = SharedMutex(State())

    /// Starts a proxy forwarding to 127.0.0.1:`upstreamPort`.
    public init(upstreamPort: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestSupportError("proxy: socket failed: \(String(cString: strerror(errno)))") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard ready else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw TestSupportError("proxy: cannot listen on 127.0.0.1: \(reason)")
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.upstreamPort = upstreamPort
        let thread = Thread { [state, upstreamPort] in
            Self.acceptLoop(listener: listener, upstreamPort: upstreamPort, state: state)
        }
        thread.name = "tcp-proxy-\(port)"
        thread.start()
    }

    deinit {
        stop()
    }

    /// `127.0.0.1:port`.
    public var connectString: String { "127.0.0.1:\(port)" }

    /// Cuts every connection and refuses new ones (they are accepted and closed at once).
    public func partition() {
        let sockets = state.withLock { state in
            state.partitioned = true
            return Array(state.connections.values)
        }
        for (client, server) in sockets {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }
    }

    /// Lets connections through again.
    public func heal() {
        state.withLock { $0.partitioned = false }
    }

    /// Stops listening and closes every connection.
    public func stop() {
        let alreadyStopped = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !alreadyStopped else { return }
        partition()
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private static func acceptLoop(listener: Int32, upstreamPort: Int, state: SharedMutex<State>) {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let (stopped, partitioned) = state.withLock { ($0.stopped, $0.partitioned) }
            if stopped {
                close(client)
                return
            }
            guard !partitioned, let server = connectUpstream(port: upstreamPort) else {
                close(client)
                continue
            }
            let id = state.withLock { state -> Int in
                state.nextID += 1
                state.connections[state.nextID] = (client, server)
                return state.nextID
            }
            let finished = SharedMutex(0)
            for (from, to) in [(client, server), (server, client)] {
                let thread = Thread {
                    pump(from: from, to: to)
                    // The second pump to end closes both sockets.
                    let done = finished.withLock { count -> Bool in
                        count += 1
                        return count == 2
                    }
                    if done {
                        state.withLock { _ = $0.connections.removeValue(forKey: id) }
                        close(client)
                        close(server)
                    }
                }
                thread.name = "tcp-proxy-pump"
                thread.start()
            }
        }
    }

    private static func connectUpstream(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Copies bytes until either side ends, then shuts both down so the opposite pump ends too.
    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        copying: while true {
            let count = recv(source, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes {
                    send(destination, $0.baseAddress, count - offset, Int32(MSG_NOSIGNAL))
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break copying }
                offset += written
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }
}

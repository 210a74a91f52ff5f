import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP server speaking the Kafka protocol's ApiVersions and Metadata (`KafkaMetadataResponder`), one thread
/// per connection. It describes whatever cluster its `describe` closure returns at the time of each request.
///
/// The socket is bound when the server is created, so the port is known (and taken) before it starts; with
/// `answering: false` it accepts connections and reads requests but never answers: a broker that hangs.
/// `setMode` changes that while it runs, also to a broker that is down but keeps its port.
public final class KafkaProtocolServer: Sendable {
    /// How connections are served.
    public enum Mode: Sendable, Equatable {
        /// Requests are answered.
        case answering
        /// Requests are read and never answered: a broker that hangs.
        case silent
        /// Every connection is closed as soon as it is accepted: a broker that is down, whose port stays bound
        /// so that nothing else takes it.
        case closing
    }

    /// The address it listens on.
    public let host: String
    /// The port it listens on (the one chosen by the kernel when created with port 0).
    public let port: Int
    private let core: Core

    /// Binds and listens on `host:port` (port 0: an ephemeral port). Connections wait in the backlog until
    /// `start`.
    public init(host: String = "127.0.0.1", port: Int = 0) throws(KafkaWireError) {
        let (fd, boundPort) = try KafkaWire.listen(host: host, port: port)
        self.host = host
        self.port = boundPort
        self.core = Core(listenFD: fd)
    }

    deinit {
        core.requestStop()
    }

    /// Starts accepting connections and answering requests with the cluster `describe` returns.
    public func start(
        answering: Bool = true, describe: @escaping @Sendable () -> KafkaClusterDescription
    ) {
        core.start(mode: answering ? .answering : .silent, describe: describe)
    }

    /// Serves connections in `mode` from now on; switching to `.closing` also closes the open ones.
    public func setMode(_ mode: Mode) {
        core.setMode(mode)
    }

    /// Asks every thread to end: the listener and each connection close within about 50 ms. Does not wait.
    public func stop() {
        core.requestStop()
    }

    /// Stops and waits (at most `timeout`) until the listener and every connection are closed; true when
    /// they all are.
    @discardableResult
    public func shutdown(timeout: Duration = .seconds(2)) async -> Bool {
        core.requestStop()
        let core = self.core
        return await KafkaWire.onDedicatedThread { core.waitUntilStopped(timeout: timeout) }
    }
}

extension KafkaProtocolServer {
    /// The sockets and threads. The threads hold this, not the server, so dropping the server stops them.
    ///
    /// `@unchecked Sendable` is safe: `stopping`, `threads`, `started` and `mode` are only touched with
    /// `condition` locked; each socket is used by one thread only, and the listening socket is closed by the accept thread
    /// (or by `requestStop` when no thread was ever started).
    fileprivate final class Core: @unchecked Sendable {
        private let listenFD: Int32
        private let condition = NSCondition()
        private var stopping = false
        private var started = false
        private var listenerOpen = true
        private var threads = 0
        private var mode = Mode.answering

        init(listenFD: Int32) {
            self.listenFD = listenFD
        }

        func start(mode: Mode, describe: @escaping @Sendable () -> KafkaClusterDescription) {
            let begin = locked { () -> Bool in
                guard !started, !stopping else { return false }
                started = true
                self.mode = mode
                threads += 1
                return true
            }
            guard begin else { return }
            let thread = Thread { [self] in
                acceptLoop(describe: describe)
                locked {
                    close(listenFD)
                    listenerOpen = false
                }
                threadEnded()
            }
            thread.name = "kafka-wire-accept"
            thread.start()
        }

        func setMode(_ mode: Mode) {
            locked { self.mode = mode }
        }

        func requestStop() {
            locked {
                stopping = true
                if !started && listenerOpen {
                    close(listenFD)
                    listenerOpen = false
                }
            }
        }

        func waitUntilStopped(timeout: Duration) -> Bool {
            let (seconds, attoseconds) = timeout.components
            let deadline = Date().addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
            condition.lock()
            defer { condition.unlock() }
            while threads > 0 || listenerOpen {
                guard condition.wait(until: deadline) else { return false }
            }
            return true
        }

        private var isStopping: Bool { locked { stopping } }
        private var currentMode: Mode { locked { mode } }

        private func locked<T>(_ body: () -> T) -> T {
            condition.lock()
            defer { condition.unlock() }
            return body()
        }

        private func threadEnded() {
            locked {
                threads -= 1
                condition.broadcast()
            }
        }

        private func acceptLoop(describe: @escaping @Sendable () -> KafkaClusterDescription) {
            while !isStopping {
                guard KafkaWire.waitReadable(listenFD, milliseconds: 50) else { continue }
                let connection = accept(listenFD, nil, nil)
                guard connection >= 0 else { continue }
                if currentMode == .closing {
                    close(connection)
                    continue
                }
                locked { threads += 1 }
                let thread = Thread { [self] in
                    serve(connection, describe: describe)
                    close(connection)
                    threadEnded()
                }
                thread.name = "kafka-wire-connection"
                thread.start()
            }
        }

        private func serve(_ fd: Int32, describe: () -> KafkaClusterDescription) {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !isStopping, currentMode != .closing {
                guard KafkaWire.waitReadable(fd, milliseconds: 50) else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                pending.append(contentsOf: buffer[0..<count])
                while pending.count >= 4 {
                    var sizeReader = KafkaWire.Reader(Array(pending[0..<4]))
                    guard let size = sizeReader.int32(), size >= 0 else { return }
                    guard pending.count >= 4 + Int(size) else { break }
                    let request = Array(pending[4..<4 + Int(size)])
                    pending.removeFirst(4 + Int(size))
                    guard currentMode == .answering else { continue }
                    guard let response = KafkaMetadataResponder.respond(to: request, cluster: describe()),
                        KafkaWire.writeAll(fd, response)
                    else { return }
                }
            }
        }
    }
}

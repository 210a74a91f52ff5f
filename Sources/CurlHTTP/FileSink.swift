import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the response body to a file, for `HTTPClient.download`. The file is created when the final
/// head arrives and removed again if the transfer fails.
final class FileSink: TransferSink {
    typealias Waiter = CheckedContinuation<Result<HTTPClient.ResponseHead, HTTPClientError>, Never>

    private struct State {
        var waiter: Waiter?
        var head: HTTPClient.ResponseHead?
        var fd: Int32 = -1
        var opened = false
        var error: HTTPClientError?
    }

    private let state = Mutex(State())
    private let path: String

    init(path: String) {
        self.path = path
    }

    func setWaiter(_ waiter: Waiter) {
        state.withLock { $0.waiter = waiter }
    }

    func headReceived(_ head: HTTPClient.ResponseHead) {
        state.withLock { state in
            state.head = head
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd < 0 {
                state.error = .fileError(path: path, message: Self.errnoMessage())
            } else {
                state.fd = fd
                state.opened = true
            }
        }
    }

    func bodyReceived(_ bytes: UnsafeRawBufferPointer) -> BodyDisposition {
        state.withLock { state in
            if let error = state.error {
                return .abort(error)
            }
            var offset = 0
            while offset < bytes.count {
                let written = write(state.fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    let error = HTTPClientError.fileError(path: path, message: Self.errnoMessage())
                    state.error = error
                    return .abort(error)
                }
                offset += written
            }
            return .consumed
        }
    }

    func completed(_ result: Result<Void, HTTPClientError>) {
        let (waiter, outcome): (Waiter?, Result<HTTPClient.ResponseHead, HTTPClientError>) = state.withLock { state in
            let waiter = state.waiter
            state.waiter = nil
            var failure = state.error
            if state.fd >= 0 {
                if close(state.fd) != 0, failure == nil {
                    failure = .fileError(path: path, message: Self.errnoMessage())
                }
                state.fd = -1
            }
            if case .failure(let error) = result, failure == nil {
                failure = error
            }
            if let failure {
                if state.opened {
                    unlink(path)
                }
                return (waiter, .failure(failure))
            }
            return (waiter, .success(state.head ?? HTTPClient.ResponseHead(status: 0)))
        }
        waiter?.resume(returning: outcome)
    }

    private static func errnoMessage() -> String {
        String(cString: strerror(errno))
    }
}

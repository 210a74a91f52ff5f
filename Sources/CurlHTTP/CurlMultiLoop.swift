import CCurl
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One dedicated thread that drives every transfer of a client through a libcurl multi handle, so
/// that many concurrent requests share one thread and libcurl's connection cache. Other threads talk
/// to it only through commands and `curl_multi_wakeup`.
final class CurlMultiLoop: @unchecked Sendable {
    // @unchecked: `multi` (except `wakeup`, which libcurl allows from any thread) and `active` are used
    // only by the loop thread; `pending` is behind its lock. Transfers in `active` are in the multi
    // handle; every transfer leaves it before it is finished.

    private enum Command {
        case add(Transfer)
        case cancel(Transfer)
        case resume(Transfer)
    }

    private struct Pending {
        var commands: [Command] = []
        var shutDown = false
    }

    private let multi: CurlMultiHandle
    private let pending = Mutex(Pending())
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private let logger: Logger

    init?(maxConnectionsPerHost: Int, maxCachedConnections: Int, logger: Logger) {
        guard let multi = CurlMultiHandle() else { return nil }
        self.multi = multi
        self.logger = logger
        _ = ccurl_multi_setopt_long(multi.raw, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi.raw, CURLMOPT_MAXCONNECTS, maxCachedConnections)
        // The thread keeps the loop alive until it has finished every transfer and exits.
        let thread = Thread { [self] in self.run() }
        thread.name = "CurlHTTP"
        thread.start()
    }

    // MARK: any thread

    /// Hands `transfer` to the loop. False once the loop is shut down.
    func submit(_ transfer: Transfer) -> Bool {
        enqueue(.add(transfer))
    }

    /// Stops `transfer` (it completes with `.cancelled`), or keeps it from starting.
    func cancel(_ transfer: Transfer) {
        transfer.requestCancel()
        enqueue(.cancel(transfer))
    }

    /// Continues a transfer that its sink paused.
    func continueTransfer(_ transfer: Transfer) {
        enqueue(.resume(transfer))
    }

    /// Fails every transfer with `.shutDown` and ends the thread; later submissions are refused.
    func shutdown() {
        let first = pending.withLock { state in
            defer { state.shutDown = true }
            return !state.shutDown
        }
        if first {
            multi.wakeup()
        }
    }

    @discardableResult
    private func enqueue(_ command: Command) -> Bool {
        let accepted = pending.withLock { state in
            guard !state.shutDown else { return false }
            state.commands.append(command)
            return true
        }
        if accepted {
            multi.wakeup()
        }
        return accepted
    }

    // MARK: loop thread

    private func run() {
        #if canImport(Glibc)
            // Writes to a closed socket must fail with EPIPE here, not kill the process.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
        #endif
        logger.debug("curl thread started")
        while true {
            let (commands, shutDown) = pending.withLock { state in
                defer { state.commands = [] }
                return (state.commands, state.shutDown)
            }
            for command in commands {
                perform(command, shuttingDown: shutDown)
            }
            if shutDown {
                for transfer in active.values {
                    curl_multi_remove_handle(multi.raw, transfer.handle)
                    transfer.finish(error: .shutDown)
                }
                active = [:]
                break
            }
            var running: Int32 = 0
            let code = curl_multi_perform(multi.raw, &running)
            if code != CURLM_OK {
                logger.error("curl_multi_perform failed", metadata: ["code": "\(code.rawValue)"])
            }
            collectFinished()
            _ = curl_multi_poll(multi.raw, nil, 0, 1000, nil)
        }
        logger.debug("curl thread stopped")
    }

    private func perform(_ command: Command, shuttingDown: Bool) {
        switch command {
        case .add(let transfer):
            if shuttingDown {
                transfer.finish(error: .shutDown)
            } else if transfer.isCancelRequested {
                transfer.finish(error: .cancelled(url: transfer.request.url))
            } else {
                let code = curl_multi_add_handle(multi.raw, transfer.handle)
                if code == CURLM_OK {
                    active[transfer.handle] = transfer
                } else {
                    transfer.finish(
                        error: .transferFailed(
                            url: transfer.request.url, code: Int(code.rawValue),
                            message: String(cString: curl_multi_strerror(code))))
                }
            }
        case .cancel(let transfer):
            // The identity check skips a command for a finished transfer whose handle address was reused.
            guard active[transfer.handle] === transfer else { return }
            active[transfer.handle] = nil
            // Removing an unfinished transfer makes libcurl close its connection.
            curl_multi_remove_handle(multi.raw, transfer.handle)
            transfer.finish(error: .cancelled(url: transfer.request.url))
        case .resume(let transfer):
            guard active[transfer.handle] === transfer else { return }
            // May call the write callback at once with the data held back while paused.
            _ = curl_easy_pause(transfer.handle, ccurl_pause_continue())
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi.raw, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = ccurl_msg_result(message)
            curl_multi_remove_handle(multi.raw, easy)
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            if code != CURLE_OK {
                logger.debug(
                    "transfer failed",
                    metadata: ["url": "\(transfer.request.url)", "curl_code": "\(code.rawValue)"])
            }
            transfer.finish(code: code)
        }
    }
}

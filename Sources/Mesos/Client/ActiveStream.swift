import CurlHTTP
import Synchronization

/// One open SUBSCRIBE response: its stream id, where it came from, and why it was dropped.
///
/// The reader, the heartbeat watchdog, the leader watch and calls answered 307 share it; the first
/// reason to drop the stream wins and cancels the transfer, which ends the reader's loop.
final class ActiveStream: Sendable {
    let candidate: MasterCandidate
    /// The endpoint that accepted SUBSCRIBE, after redirects; calls go there.
    let endpoint: String
    let streamID: String
    let response: HTTPClient.StreamingResponse
    private let state: Mutex<State>

    private struct State {
        var dropReason: MesosDisconnectReason?
        var lastActivity: ContinuousClock.Instant
        var silenceLimit: Duration
    }

    init(
        candidate: MasterCandidate, endpoint: String, streamID: String, response: HTTPClient.StreamingResponse,
        silenceLimit: Duration
    ) {
        self.candidate = candidate
        self.endpoint = endpoint
        self.streamID = streamID
        self.response = response
        self.state = Mutex(State(dropReason: nil, lastActivity: .now, silenceLimit: silenceLimit))
    }

    /// Why the stream was dropped, if it was.
    var dropReason: MesosDisconnectReason? {
        state.withLock { $0.dropReason }
    }

    /// Drops the stream unless it was already dropped; returns the reason that holds.
    @discardableResult
    func drop(_ reason: MesosDisconnectReason) -> MesosDisconnectReason {
        let (holding, first) = state.withLock { state -> (MesosDisconnectReason, Bool) in
            if let existing = state.dropReason { return (existing, false) }
            state.dropReason = reason
            return (reason, true)
        }
        if first {
            response.cancel()
        }
        return holding
    }

    /// Bytes arrived: the master is alive.
    func noteActivity() {
        state.withLock { $0.lastActivity = .now }
    }

    /// Sets how long the stream may stay silent (after SUBSCRIBED: the miss limit × the heartbeat interval).
    func setSilenceLimit(_ limit: Duration) {
        state.withLock {
            $0.silenceLimit = limit
            $0.lastActivity = .now
        }
    }

    /// Drops the stream once it stays silent longer than its limit; returns when it is dropped for any
    /// reason or the task is cancelled.
    func watchSilence() async {
        while !Task.isCancelled {
            let (deadline, limit, dropped) = state.withLock {
                ($0.lastActivity.advanced(by: $0.silenceLimit), $0.silenceLimit, $0.dropReason != nil)
            }
            if dropped { return }
            if ContinuousClock.now >= deadline {
                drop(.heartbeatsMissed(silence: limit))
                return
            }
            try? await Task.sleep(until: deadline, clock: .continuous)
        }
    }
}

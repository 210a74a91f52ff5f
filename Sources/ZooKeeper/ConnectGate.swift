import Synchronization

/// Completes `connect` once: when the first session is connected (and its credentials accepted), or with the
/// first failure (timeout, rejected credentials, cancellation, close).
final class ConnectGate: Sendable {
    private struct State {
        var connected = false
        var authenticated: Bool
        var outcome: Result<Void, any Error>?
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private let state: Mutex<State>

    init(needsAuthentication: Bool) {
        state = Mutex(State(authenticated: !needsAuthentication))
    }

    func markConnected() {
        update { $0.connected = true }
    }

    func markAuthenticated() {
        update { $0.authenticated = true }
    }

    func fail(_ error: any Error) {
        update { $0.outcome = $0.outcome ?? .failure(error) }
    }

    /// Waits for the outcome.
    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> Result<Void, any Error>? in
                if let outcome = state.outcome { return outcome }
                state.continuation = continuation
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    private func update(_ change: (inout State) -> Void) {
        let ready = state.withLock { state -> (CheckedContinuation<Void, any Error>, Result<Void, any Error>)? in
            change(&state)
            if state.outcome == nil, state.connected, state.authenticated { state.outcome = .success(()) }
            guard let outcome = state.outcome, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, outcome)
        }
        if let (continuation, outcome) = ready { continuation.resume(with: outcome) }
    }
}

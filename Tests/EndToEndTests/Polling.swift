import Foundation

/// A failure of an end-to-end test's harness: a wait that passed its deadline, a process that did not start.
struct EndToEndError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `probe` every `interval` until it answers a value, and fails with `what`, the last answer or error
/// and `diagnostics()` when `timeout` passes. Errors of the probe (a refused connection while a process starts)
/// count as "not yet".
@discardableResult
func eventually<T>(
    _ what: String,
    timeout: Duration = .seconds(60),
    interval: Duration = .milliseconds(100),
    diagnostics: () -> String = { "" },
    _ probe: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var last = "no answer yet"
    while true {
        do {
            if let value = try await probe() { return value }
            last = "not yet"
        } catch let error as Poll.Observation {
            last = error.description
        } catch {
            last = "\(error)"
        }
        if clock.now >= deadline {
            let extra = diagnostics()
            throw EndToEndError(
                "timed out after \(timeout) waiting for \(what); last observation: \(last)"
                    + (extra.isEmpty ? "" : "\n\(extra)"))
        }
        try await Task.sleep(for: interval)
    }
}

enum Poll {
    /// Thrown by a probe to say what it saw instead of what it waits for; shown when the wait times out.
    struct Observation: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) {
            self.description = description
        }
    }
}

/// Polls `condition` every `interval` for `duration` and fails at the first time it does not hold: for
/// asserting that something does not happen (a block that must keep waiting).
func holds(
    _ what: String,
    for duration: Duration,
    interval: Duration = .milliseconds(100),
    diagnostics: () -> String = { "" },
    _ condition: () async throws -> String?
) async throws {
    let clock = ContinuousClock()
    let end = clock.now + duration
    while clock.now < end {
        if let violation = try await condition() {
            let extra = diagnostics()
            throw EndToEndError(
                "expected \(what) to hold for \(duration), but: \(violation)" + (extra.isEmpty ? "" : "\n\(extra)"))
        }
        try await Task.sleep(for: interval)
    }
}

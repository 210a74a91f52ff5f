import Foundation
import Mesos

/// The agent's status update manager, as Mesos's: one queue per task, whose head is sent and re-sent with the
/// same uuid (the retry interval doubling up to a maximum) until it is acknowledged; only then is the next update
/// of that task sent. Once a terminal update is acknowledged the task's queue is gone.
///
/// A value: each input returns what to send and when to retry; the caller sends and runs the timers.
struct AgentStatusUpdateManager {
    private struct Stream {
        /// The head is in flight; the rest wait for its acknowledgement.
        var pending: [AgentStatusUpdate]
        /// The delay before the next retry of the head.
        var retryInterval: Duration
    }

    /// What to do after an acknowledgement.
    enum Acknowledgement: Equatable {
        /// Not the uuid of the task's head update (unknown, duplicate or out of order): nothing changes.
        case ignored
        /// The head was acknowledged. `next` is the update to send now (nil when none waits); `terminal` tells
        /// that the acknowledged update was the task's terminal one, so the task can be forgotten.
        case accepted(next: AgentStatusUpdate?, terminal: Bool)
    }

    let initialRetryInterval: Duration
    let maximumRetryInterval: Duration
    private var streams: [TaskID: Stream] = [:]

    /// Mesos retries from 10 s, doubling up to 10 minutes.
    init(initialRetryInterval: Duration, maximumRetryInterval: Duration = .seconds(600)) {
        self.initialRetryInterval = initialRetryInterval
        self.maximumRetryInterval = max(initialRetryInterval, maximumRetryInterval)
    }

    /// Queues `update`; returns it when it is the task's head and must be sent now (then retried after
    /// `initialRetryInterval`), nil when it waits behind an unacknowledged one.
    mutating func enqueue(_ update: AgentStatusUpdate) -> AgentStatusUpdate? {
        let taskID = update.status.taskID
        if var stream = streams[taskID] {
            stream.pending.append(update)
            streams[taskID] = stream
            return nil
        }
        streams[taskID] = Stream(pending: [update], retryInterval: initialRetryInterval)
        return update
    }

    mutating func acknowledge(taskID: TaskID, uuid: Data) -> Acknowledgement {
        guard var stream = streams[taskID], let head = stream.pending.first, head.status.uuid == uuid else {
            return .ignored
        }
        stream.pending.removeFirst()
        let terminal = head.status.state.isTerminal
        guard let next = stream.pending.first else {
            streams[taskID] = nil
            return .accepted(next: nil, terminal: terminal)
        }
        stream.retryInterval = initialRetryInterval
        streams[taskID] = stream
        return .accepted(next: next, terminal: terminal)
    }

    /// The retry timer of the task's head with `uuid` fired: returns the update to send again and the delay
    /// before the next retry (double the last, at most `maximumRetryInterval`), or nil when that update is no
    /// longer the head (acknowledged meanwhile).
    mutating func retry(taskID: TaskID, uuid: Data) -> (update: AgentStatusUpdate, nextDelay: Duration)? {
        guard var stream = streams[taskID], let head = stream.pending.first, head.status.uuid == uuid else {
            return nil
        }
        stream.retryInterval = min(stream.retryInterval * 2, maximumRetryInterval)
        streams[taskID] = stream
        return (head, stream.retryInterval)
    }

    /// The update in flight for the task.
    func head(of taskID: TaskID) -> AgentStatusUpdate? {
        streams[taskID]?.pending.first
    }

    /// Updates waiting for acknowledgement, the head included.
    func pendingCount(of taskID: TaskID) -> Int {
        streams[taskID]?.pending.count ?? 0
    }

    /// Every task with unacknowledged updates.
    var taskIDs: [TaskID] { Array(streams.keys) }

    /// Forgets everything (the agent shuts down).
    mutating func removeAll() {
        streams = [:]
    }
}

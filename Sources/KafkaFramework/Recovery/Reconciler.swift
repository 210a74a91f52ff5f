import Foundation
import Mesos
import Plan

/// Task reconciliation after each subscription, as a state machine value.
///
/// `start` sends an explicit RECONCILE of every stored task that is not known to be over; the tasks the
/// master has not answered yet are asked again with a growing delay (4 s doubling up to 30 s). Once every one
/// has been answered, one implicit RECONCILE asks for every task the master knows (strays among them get
/// killed), and reconciliation is complete; from then on an implicit RECONCILE goes out periodically.
public struct Reconciler: Sendable, Equatable {
    public struct Timing: Sendable, Equatable {
        public var initialBackoff: Duration
        public var maximumBackoff: Duration
        public var periodicInterval: Duration

        public init(
            initialBackoff: Duration = .seconds(4), maximumBackoff: Duration = .seconds(30),
            periodicInterval: Duration = .seconds(600)
        ) {
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.periodicInterval = periodicInterval
        }
    }

    /// What to send.
    public enum Action: Sendable, Equatable {
        /// RECONCILE these tasks.
        case reconcile([Call.Reconcile.Task])
        /// RECONCILE with no tasks: the master reports every task it knows.
        case reconcileImplicitly
    }

    enum State: Sendable, Equatable {
        case idle
        /// Waiting for answers about `pending` (task id → agent id); asks again at `nextAttempt`.
        case explicit(pending: [String: String?], backoff: Duration, nextAttempt: Date)
        /// Every stored task answered; the next periodic implicit reconciliation is at `nextImplicit`.
        case complete(nextImplicit: Date)
    }

    public let timing: Timing
    private(set) var state: State = .idle

    public init(timing: Timing = Timing()) {
        self.timing = timing
    }

    /// Starts reconciling `tasks` (task id, agent id) after a subscription.
    public mutating func start(tasks: [(taskID: String, agentID: String?)], now: Date) -> [Action] {
        guard !tasks.isEmpty else {
            state = .complete(nextImplicit: now + timing.periodicInterval)
            return [.reconcileImplicitly]
        }
        var pending: [String: String?] = [:]
        for task in tasks { pending[task.taskID] = task.agentID }
        state = .explicit(pending: pending, backoff: timing.initialBackoff, nextAttempt: now + timing.initialBackoff)
        return [.reconcile(Self.calls(pending))]
    }

    /// A status update arrived for `taskID`: it counts as an answer.
    public mutating func received(taskID: String, now: Date) -> [Action] {
        guard case .explicit(var pending, let backoff, let next) = state, pending[taskID] != nil else { return [] }
        pending[taskID] = nil
        if pending.isEmpty {
            state = .complete(nextImplicit: now + timing.periodicInterval)
            return [.reconcileImplicitly]
        }
        state = .explicit(pending: pending, backoff: backoff, nextAttempt: next)
        return []
    }

    /// The time has come (`now` at or after `deadline`): ask again, or reconcile periodically.
    public mutating func timerFired(now: Date) -> [Action] {
        switch state {
        case .idle:
            return []
        case .explicit(let pending, let backoff, let next):
            guard now >= next else { return [] }
            let doubled = min(backoff * 2, timing.maximumBackoff)
            state = .explicit(pending: pending, backoff: doubled, nextAttempt: now + doubled)
            return [.reconcile(Self.calls(pending))]
        case .complete(let next):
            guard now >= next else { return [] }
            state = .complete(nextImplicit: now + timing.periodicInterval)
            return [.reconcileImplicitly]
        }
    }

    /// The subscription ended: reconciliation starts again with the next one.
    public mutating func stop() {
        state = .idle
    }

    /// When `timerFired` has something to do.
    public var deadline: Date? {
        switch state {
        case .idle: nil
        case .explicit(_, _, let next): next
        case .complete(let next): next
        }
    }

    /// Every stored task has been answered since the last subscription.
    public var isComplete: Bool {
        if case .complete = state { return true }
        return false
    }

    /// What the plan's Reconciliation block shows.
    public var progress: ReconciliationProgress {
        switch state {
        case .idle: .pending
        case .explicit(let pending, _, _): .inProgress(unansweredTasks: pending.count)
        case .complete: .complete
        }
    }

    private static func calls(_ pending: [String: String?]) -> [Call.Reconcile.Task] {
        pending.keys.sorted().map { taskID in
            Call.Reconcile.Task(taskID: TaskID(taskID), agentID: (pending[taskID] ?? nil).map { AgentID($0) })
        }
    }
}

extension Date {
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

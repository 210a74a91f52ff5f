import Foundation
import Mesos
import Plan
import Testing

@testable import KafkaFramework

@Suite struct ReconcilerTests {
    let start = Date(timeIntervalSince1970: 1_000)

    @Test func withoutStoredTasksItCompletesWithAnImplicitReconciliation() {
        var reconciler = Reconciler()
        #expect(reconciler.progress == .pending)
        #expect(reconciler.start(tasks: [], now: start) == [.reconcileImplicitly])
        #expect(reconciler.isComplete)
        #expect(reconciler.deadline == start + .seconds(600))
    }

    @Test func itAsksAgainWithBackoffUntilEveryTaskIsAnswered() {
        var reconciler = Reconciler()
        let actions = reconciler.start(tasks: [("b__2", "a2"), ("b__1", nil)], now: start)
        #expect(actions == [.reconcile([.init(taskID: "b__1"), .init(taskID: "b__2", agentID: "a2")])])
        #expect(reconciler.progress == .inProgress(unansweredTasks: 2))
        #expect(reconciler.deadline == start + .seconds(4))

        // Not yet due: nothing.
        #expect(reconciler.timerFired(now: start + .seconds(3)).isEmpty)
        var now = start + .seconds(4)
        var delays: [Double] = []
        for _ in 0..<5 {
            #expect(
                reconciler.timerFired(now: now) == [
                    .reconcile([.init(taskID: "b__1"), .init(taskID: "b__2", agentID: "a2")])
                ])
            let next = reconciler.deadline!
            delays.append(next.timeIntervalSince(now))
            now = next
        }
        #expect(delays == [8, 16, 30, 30, 30])

        #expect(reconciler.received(taskID: "unknown", now: now).isEmpty)
        #expect(reconciler.received(taskID: "b__1", now: now).isEmpty)
        #expect(reconciler.progress == .inProgress(unansweredTasks: 1))
        #expect(
            reconciler.timerFired(now: reconciler.deadline!) == [.reconcile([.init(taskID: "b__2", agentID: "a2")])])
        #expect(reconciler.received(taskID: "b__2", now: now) == [.reconcileImplicitly])
        #expect(reconciler.isComplete && reconciler.progress == .complete)
        // A late duplicate answer changes nothing.
        #expect(reconciler.received(taskID: "b__2", now: now).isEmpty)
    }

    @Test func onceCompleteItReconcilesImplicitlyAndPeriodically() {
        var reconciler = Reconciler(timing: .init(periodicInterval: .seconds(60)))
        _ = reconciler.start(tasks: [], now: start)
        #expect(reconciler.timerFired(now: start + .seconds(59)).isEmpty)
        #expect(reconciler.timerFired(now: start + .seconds(60)) == [.reconcileImplicitly])
        #expect(reconciler.deadline == start + .seconds(120))
        reconciler.stop()
        #expect(reconciler.progress == .pending && reconciler.deadline == nil)
        #expect(reconciler.timerFired(now: start + .seconds(500)).isEmpty)
    }

    @Test func relaunchBackoffStartsAtZeroAndDoublesToTwoMinutes() {
        let backoff = RelaunchBackoff()
        #expect(
            (1...8).map { backoff.delay(afterFailures: $0) } == [
                .zero, .seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(120),
                .seconds(120),
            ])
        #expect(backoff.failures(after: 3, ranFor: .seconds(10)) == 4)
        #expect(backoff.failures(after: 3, ranFor: nil) == 4)
        #expect(backoff.failures(after: 3, ranFor: .seconds(60)) == 1)
    }

    @Test func agentLossIsToldFromOtherEnds() {
        func status(_ state: TaskState, _ reason: TaskStatus.Reason? = nil) -> TaskStatus {
            TaskStatus(taskID: "t", state: state, reason: reason)
        }
        #expect(SchedulerCore.agentLost(status(.unreachable)))
        #expect(SchedulerCore.agentLost(status(.goneByOperator)))
        #expect(SchedulerCore.agentLost(status(.unknown)))
        #expect(SchedulerCore.agentLost(status(.gone, .agentRemoved)))
        #expect(!SchedulerCore.agentLost(status(.gone, .reconciliation)))
        #expect(SchedulerCore.agentLost(status(.lost, .agentRemoved)))
        #expect(!SchedulerCore.agentLost(status(.lost, .invalidOffers)))
        #expect(!SchedulerCore.agentLost(status(.failed)))
    }
}

import Foundation
import Mesos

extension SchedulerCore {
    /// A task status update: stored in the broker's record, then acknowledged. Updates of tasks no record
    /// holds (stray tasks) are killed when the task may still run.
    func handleStatus(_ status: TaskStatus) async {
        metrics.statusUpdate(status.state)
        let taskID = status.taskID.value
        guard let broker = broker(runningTask: taskID), var record = records[broker] else {
            await handleStray(status)
            await acknowledge(status)
            await reconciliationAnswered(taskID)
            return
        }
        let previous = record.taskState
        apply(status, to: &record, previous: previous)
        do {
            try await state.saveBrokerRecord(record)
        } catch {
            // Not acknowledged: the agent sends it again.
            logger.error(
                "A status update cannot be stored; it is not acknowledged",
                metadata: ["task": "\(taskID)", "state": "\(status.state.wireName)", "error": "\(error)"])
            return
        }
        records[broker] = record
        if previous != status.state {
            logger.info(
                "Broker task state changed",
                metadata: [
                    "broker": "\(broker)", "task": "\(taskID)", "state": "\(status.state.wireName)",
                    "reason": "\(status.reason?.wireName ?? "")", "message": "\(status.message ?? "")",
                ])
        }
        await acknowledge(status)
        await reconciliationAnswered(taskID)
    }

    /// The broker whose current task is `taskID`.
    func broker(runningTask taskID: String) -> Int? {
        if let id = BrokerTaskID.brokerID(of: taskID), records[id]?.taskID == taskID { return id }
        return records.first { $0.value.taskID == taskID }?.key
    }

    private func apply(_ status: TaskStatus, to record: inout BrokerRecord, previous: TaskState?) {
        let now = self.now
        let wasRunning = previous == .running
        record.lastStatus = BrokerTaskStatus(status)
        if let agent = status.agentID?.value { record.agentID = agent }
        switch status.state {
        case .running:
            if !wasRunning { record.runningSince = now }
            record.reservationConfirmed = true
            record.unreachableSince = nil
            record.relaunchNotBefore = nil
        case .starting:
            record.reservationConfirmed = true
            record.unreachableSince = nil
        case .staging, .killing:
            break
        default:
            if Self.agentLost(status) {
                if record.unreachableSince == nil {
                    record.unreachableSince =
                        status.unreachableTime.map {
                            Date(timeIntervalSince1970: $0.secondsSinceEpoch)
                        } ?? now
                }
            }
            guard status.state.isTerminal || status.state == .unknown else { break }
            if record.goal == .running {
                let ranFor = wasRunning ? record.runningSince.map { Duration.seconds(now.timeIntervalSince($0)) } : nil
                let backoff = timings.relaunchBackoff
                record.consecutiveFailures = backoff.failures(after: record.consecutiveFailures, ranFor: ranFor)
                let delay = backoff.delay(afterFailures: record.consecutiveFailures)
                record.relaunchNotBefore = delay > .zero ? now + delay : nil
            }
            record.runningSince = nil
        }
    }

    /// Whether an update says the task's agent is out of reach or gone (automatic replacement counts from it).
    static func agentLost(_ status: TaskStatus) -> Bool {
        switch status.state {
        case .unreachable, .unknown, .goneByOperator:
            return true
        case .gone:
            return status.reason != .reconciliation
        case .lost:
            switch status.reason {
            case .agentRemoved?, .agentRemovedByOperator?, .agentDisconnected?, .agentUnknown?: return true
            default: return false
            }
        default:
            return false
        }
    }

    private func handleStray(_ status: TaskStatus) async {
        if status.state.isTerminal {
            // Its resources are free now, and no record owns them (a replaced broker's old reservation and
            // volume): one round of offers gives them back, rather than the periodic sweep minutes later.
            cleanupSweepPending = true
            return
        }
        guard let frameworkID else { return }
        logger.warning(
            "Killing a task no broker record holds",
            metadata: ["task": "\(status.taskID.value)", "state": "\(status.state.wireName)"])
        metrics.tasksKilled.increment()
        await send(.kill(frameworkID: frameworkID, taskID: status.taskID, agentID: status.agentID))
    }

    private func acknowledge(_ status: TaskStatus) async {
        guard let frameworkID, let call = Call.acknowledge(frameworkID: frameworkID, status: status) else { return }
        await send(call)
    }

    private func reconciliationAnswered(_ taskID: String) async {
        let wasComplete = reconciler.isComplete
        let actions = reconciler.received(taskID: taskID, now: now)
        await sendReconcile(actions)
        if reconciler.isComplete != wasComplete || !actions.isEmpty {
            reconciliationChanged()
            logger.info("Reconciliation complete")
        } else {
            plan?.observeReconciliation(reconciler.progress)
        }
    }

    /// Kills the broker's current task.
    func sendKill(_ record: BrokerRecord) async {
        guard let frameworkID, let taskID = record.taskID else { return }
        metrics.tasksKilled.increment()
        await send(
            .kill(frameworkID: frameworkID, taskID: TaskID(taskID), agentID: record.agentID.map { AgentID($0) }))
    }
}

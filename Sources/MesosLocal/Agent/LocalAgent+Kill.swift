import Foundation
import Mesos

#if canImport(Glibc)
    import Glibc
#endif

extension LocalAgent {
    /// SIGTERM to the task's process group, SIGKILL after the kill policy's grace period (the task's own
    /// `kill_policy`, overridden by the KILL call's if given; default 3 s as Mesos's command executor) →
    /// TASK_KILLED. TASK_KILLING first when the framework has the TASK_KILLING_STATE capability (`sendKilling`).
    ///
    /// As in Mesos: a task still launching is not started and gets TASK_KILLED with
    /// REASON_TASK_KILLED_DURING_LAUNCH; a second kill may only shorten the grace period; a kill of a task that
    /// already ended, or that the agent does not know, does nothing (it is logged).
    public func kill(_ taskID: TaskID, gracePeriod: Duration?, sendKilling: Bool) async {
        guard var record = records[taskID] else {
            logger.info("Ignoring a kill of a task the agent does not know", metadata: ["task": "\(taskID.value)"])
            return
        }
        switch record.phase {
        case .exited:
            logger.info("Ignoring a kill of a task that already ended", metadata: ["task": "\(taskID.value)"])
        case .launching:
            guard record.termination == nil else { return }
            logger.info("Killing a task during its launch", metadata: ["task": "\(taskID.value)"])
            record.termination = .kill
            records[taskID] = record
            record.launchTask?.cancel()
        case .running(let process):
            let grace = max(
                .zero,
                gracePeriod
                    ?? record.task.killPolicy?.gracePeriod.map { .nanoseconds($0.nanoseconds) }
                    ?? Self.defaultKillGracePeriod)
            switch record.termination {
            case .kill?:
                guard let start = record.killStarted, let deadline = record.escalationDeadline,
                    start + grace < deadline
                else {
                    logger.info("Task is already being killed", metadata: ["task": "\(taskID.value)"])
                    return
                }
                logger.info(
                    "Shortening the grace period of a kill", metadata: ["task": "\(taskID.value)", "grace": "\(grace)"])
                scheduleEscalation(taskID, run: record.containerID, at: start + grace)
            case .restart?, .shutdown?:
                return
            case nil:
                logger.info(
                    "Killing task", metadata: ["task": "\(taskID.value)", "pid": "\(process.pid)", "grace": "\(grace)"])
                let now = ContinuousClock.now
                record.termination = .kill
                record.killStarted = now
                records[taskID] = record
                if sendKilling {
                    emit(taskID, .killing, source: .executor)
                }
                process.signalGroup(SIGTERM)
                // A stopped process would never see the SIGTERM.
                process.signalGroup(SIGCONT)
                scheduleEscalation(taskID, run: record.containerID, at: now + grace)
            }
        }
    }

    /// Crash a task's process (SIGKILL) without a kill request → TASK_FAILED ("Command terminated with signal
    /// Killed", Mesos's wording of signal 9). False when the task has no running process.
    public func crash(_ taskID: TaskID) async -> Bool {
        guard let record = records[taskID], case .running(let process) = record.phase else { return false }
        logger.info("Crashing a task's process", metadata: ["task": "\(taskID.value)", "pid": "\(process.pid)"])
        return process.signalGroup(SIGKILL)
    }

    private func scheduleEscalation(_ taskID: TaskID, run containerID: String, at deadline: ContinuousClock.Instant) {
        records[taskID]?.escalation?.cancel()
        records[taskID]?.escalationDeadline = deadline
        records[taskID]?.escalation = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            await self?.escalate(taskID, run: containerID)
        }
    }

    private func escalate(_ taskID: TaskID, run containerID: String) {
        guard let record = record(taskID, run: containerID), case .running(let process) = record.phase else { return }
        if process.signalGroup(SIGKILL) {
            logger.info(
                "Task did not end within its grace period: sent SIGKILL",
                metadata: ["task": "\(taskID.value)", "pid": "\(process.pid)"])
        }
    }
}

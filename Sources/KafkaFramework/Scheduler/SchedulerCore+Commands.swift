import Foundation
import Mesos
import Plan

extension SchedulerCore {
    func execute(_ command: SchedulerCommand) async -> Result<SchedulerCommandOutput, SchedulerControlError> {
        guard isLeader else { return .failure(.notLeader(leader: leaderHint)) }
        guard isReady else { return .failure(.notReady(reason: stateProblem ?? "the scheduler is reading its state")) }
        switch command {
        case .restart(let broker), .replace(let broker):
            if let error = brokerCommandProblem(broker) { return .failure(error) }
            if case .restart = command {
                return await restart(broker: broker).map { .taskIDs($0) }
            }
            return await replace(broker: broker).map { .taskIDs($0) }
        case .plan(let planCommand):
            return await applyPlanCommand(planCommand).map { .plan($0) }
        }
    }

    private func brokerCommandProblem(_ broker: Int) -> SchedulerControlError? {
        guard configurations.target != nil else {
            return .notReady(reason: "there is no target configuration: " + configurationErrors.joined(separator: "; "))
        }
        guard (0..<brokerCount).contains(broker) else {
            return .unknownBroker(id: broker, brokerCount: brokerCount)
        }
        guard isSubscribed else {
            return .notSubscribed(reason: subscriptionProblem ?? "waiting for the subscription")
        }
        guard reconciler.isComplete else {
            return .notReady(reason: "reconciliation of the broker tasks is in progress")
        }
        guard let record = records[broker], record.taskID != nil || record.goal == .replacing else {
            return .conflict(
                reason: "broker \(broker) has not been launched yet: the plan launches it when its block starts")
        }
        return nil
    }

    /// Restarts broker `broker` in place: kills its task (relaunched on the same reservation and volume once it
    /// is over) or, when it does not run, relaunches it as soon as an offer allows.
    func restart(broker: Int) async -> Result<[String], SchedulerControlError> {
        guard var record = records[broker] else {
            return .failure(.unknownBroker(id: broker, brokerCount: brokerCount))
        }
        if record.nextTaskID == nil { record.nextTaskID = BrokerTaskID.make(broker: broker) }
        if record.isTaskActive {
            if record.goal == .stoppedForUpdate || record.taskState == .killing {
                return .failure(
                    .conflict(
                        reason: "broker \(broker) is already being restarted: task \(record.taskID ?? "?") is stopping")
                )
            }
            record.goal = .stoppedForUpdate
        } else {
            record.relaunchNotBefore = nil
            record.consecutiveFailures = 0
        }
        do {
            try await state.saveBrokerRecord(record)
        } catch {
            return .failure(.notReady(reason: "the broker's record cannot be stored: \(error)"))
        }
        records[broker] = record
        logger.info("Restarting broker", metadata: ["broker": "\(broker)", "task": "\(record.taskID ?? "")"])
        if record.isTaskActive, let taskID = record.taskID {
            await sendKill(record)
            return .success([taskID])
        }
        return .success([record.nextTaskID ?? ""])
    }

    /// Replaces broker `broker`: forgets its reservation and volume (given back when offered again), kills its
    /// task, and launches it on fresh resources wherever placement allows.
    func replace(broker: Int) async -> Result<[String], SchedulerControlError> {
        guard let old = records[broker] else { return .failure(.unknownBroker(id: broker, brokerCount: brokerCount)) }
        var record = BrokerRecord(brokerID: broker)
        record.configID = old.configID
        record.goal = .replacing
        record.nextTaskID = old.nextTaskID ?? BrokerTaskID.make(broker: broker)
        do {
            try await state.saveBrokerRecord(record)
        } catch {
            return .failure(.notReady(reason: "the broker's record cannot be stored: \(error)"))
        }
        records[broker] = record
        replicaChecks[broker] = nil
        gateWaitingSince[broker] = nil
        metrics.brokersReplaced.increment()
        logger.warning(
            "Replacing broker: its reservation and volume are given up",
            metadata: [
                "broker": "\(broker)", "task": "\(old.taskID ?? "")", "agent": "\(old.agentID ?? "")",
                "volume": "\(old.persistenceID ?? "")",
            ])
        let mayRun = old.isTaskActive || old.taskState == .unreachable || old.taskState == .unknown
        if mayRun, let taskID = old.taskID {
            await sendKill(old)
            return .success([taskID])
        }
        return .success([record.nextTaskID ?? ""])
    }

    /// Applies a plan command and stores the progress before answering.
    private func applyPlanCommand(_ command: PlanCommand) async -> Result<PlanCommandResult, SchedulerControlError> {
        guard var updated = plan else {
            return .failure(
                .notReady(
                    reason: "there is no target configuration: " + configurationErrors.joined(separator: "; ")))
        }
        let result: PlanCommandResult
        do {
            result = try updated.apply(command)
        } catch {
            return .failure(.plan(error))
        }
        do {
            try await state.savePlanProgress(updated.progress)
        } catch {
            return .failure(.notReady(reason: "the plan's progress cannot be stored: \(error)"))
        }
        plan = updated
        savedProgress = updated.progress
        logger.info("Plan command applied", metadata: ["message": "\(result.message)"])
        if result.restartsReconciliation && isSubscribed {
            await startReconciliation()
        }
        return .success(result)
    }
}

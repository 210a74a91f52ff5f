import Foundation
import Mesos
import Plan

/// What a broker needs next, decided from its record, the plan and the time. Pure.
enum BrokerStep: Equatable {
    /// Not launched, and its plan block has not started.
    case waitForBlock
    /// Needs an offer: on fresh resources, or on its own reservation and volume.
    case launch(fresh: Bool)
    /// Runs a configuration it must leave (or the plan restarts it): kill it, then relaunch in place.
    case kill(reason: String)
    /// Killed for a relaunch; waiting for the task to end.
    case waitForStop
    /// Failed; relaunched at `until`.
    case waitForBackoff(until: Date)
    /// Its agent is unreachable: the task may come back.
    case waitForAgent
    /// Its agent is gone with the reservation and volume: only a replace brings it back.
    case agentGone
    /// Nothing to do.
    case running
}

/// Decides each broker's step and the configuration it runs.
struct BrokerPlanner {
    var targetID: String
    var target: ServiceConfiguration
    var configurations: [String: ServiceConfiguration]
    var plan: PlanEngine
    var now: Date

    /// The configuration a (re)launch of `broker` uses: the target once its block has started or completed,
    /// else the configuration it ran (a crash does not jump a broker ahead of the rollout).
    func configID(for broker: Int, record: BrokerRecord?) -> String {
        switch plan.blockStatus(broker) {
        case .complete?, .inProgress?, nil:
            return targetID
        case .pending?, .waiting?, .error?:
            if let id = record?.configID, configurations[id] != nil { return id }
            return targetID
        }
    }

    /// Whether a broker launched with `configID` must be relaunched to run the target.
    func needsUpdate(_ configID: String?) -> Bool {
        guard let configID, configID != targetID else { return false }
        guard let running = configurations[configID] else { return true }
        return target.requiresRelaunch(ofBrokerRunning: running)
    }

    /// Whether the broker's task runs (TASK_RUNNING) the target configuration (or one the target does not
    /// require relaunching).
    func runsTarget(_ record: BrokerRecord) -> Bool {
        record.isTaskRunning && !needsUpdate(record.configID)
    }

    func step(for broker: Int, record: BrokerRecord?) -> BrokerStep {
        let work = plan.work
        guard let record else {
            return work?.broker == broker ? .launch(fresh: true) : .waitForBlock
        }
        guard record.taskID != nil, let state = record.taskState else { return .launch(fresh: true) }
        if record.isTaskActive {
            if state == .killing || record.goal == .stoppedForUpdate { return .waitForStop }
            if let work, work.broker == broker {
                if work.relaunch { return .kill(reason: "the plan restarts its block") }
                if needsUpdate(record.configID) {
                    return .kill(reason: "it runs configuration \(record.configID ?? "?"), the target is \(targetID)")
                }
            }
            return .running
        }
        switch state {
        case .unreachable:
            return .waitForAgent
        case .goneByOperator:
            return .agentGone
        default:
            if record.goal != .stoppedForUpdate, let until = record.relaunchNotBefore, until > now {
                return .waitForBackoff(until: until)
            }
            return .launch(fresh: !record.reservationConfirmed || record.resourceID == nil)
        }
    }
}

import Foundation
import Mesos

/// How the master answers a call other than SUBSCRIBE.
enum CallOutcome: Sendable, Equatable {
    /// 202, empty body.
    case accepted
    /// 200, empty body (UPDATE_FRAMEWORK).
    case ok
    case badRequest(String)
    case forbidden(String)
    case notImplemented
}

extension Master {
    /// Everything after the stateless checks, in Mesos's order: framework, principal, subscription,
    /// stream id; then the call itself.
    func handle(_ call: Call, streamID: String?, authenticatedPrincipal: String?) -> CallOutcome {
        guard let frameworkID = call.frameworkID, let framework = frameworks[frameworkID] else {
            return .badRequest("Framework cannot be found")
        }
        if let authenticatedPrincipal, authenticatedPrincipal != framework.info.principal {
            return .badRequest(
                "Authenticated principal '\(authenticatedPrincipal)' does not match principal "
                    + "'\(framework.info.principal ?? "")' set in `FrameworkInfo`")
        }
        guard let connection = framework.connection else {
            return .forbidden("Framework is not subscribed")
        }
        guard let streamID else {
            return .badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header")
        }
        guard streamID == connection.streamID else {
            return .badRequest(
                "The stream ID '\(streamID)' included in this request didn't match the stream ID currently "
                    + "associated with framework ID \(frameworkID)")
        }

        switch call.type {
        case .teardown:
            logger.info("Framework \(frameworkID) tears down")
            removeFramework(frameworkID)
        case .accept:
            if let accept = call.accept { self.accept(accept, from: frameworkID) }
        case .decline:
            if let decline = call.decline { self.decline(decline, from: frameworkID) }
        case .revive:
            revive(roles: call.revive?.roles ?? [], frameworkID: frameworkID)
        case .suppress:
            suppress(roles: call.suppress?.roles ?? [], frameworkID: frameworkID)
        case .kill:
            if let kill = call.kill { self.kill(kill, frameworkID: frameworkID) }
        case .acknowledge:
            if let acknowledge = call.acknowledge { self.acknowledge(acknowledge, frameworkID: frameworkID) }
        case .reconcile:
            if let reconcile = call.reconcile { self.reconcile(reconcile, frameworkID: frameworkID) }
        case .updateFramework:
            guard let update = call.updateFramework else { return .accepted }
            return updateFramework(update, frameworkID: frameworkID)
        case .shutdown, .message, .request, .acceptInverseOffers, .declineInverseOffers, .acknowledgeOperationStatus,
            .reconcileOperations:
            // No custom executors, inverse offers or operation feedback here: nothing to do, as
            // Mesos does when there is nothing to act on.
            break
        case .subscribe:
            return .badRequest("Unexpected 'SUBSCRIBE' call")
        case .unknown, .unrecognized:
            return .notImplemented
        }
        return .accepted
    }

    /// REVIVE: filters go and suppression lifts, for the roles given or all of the framework's.
    func revive(roles: [String], frameworkID: FrameworkID) {
        guard var framework = frameworks[frameworkID] else { return }
        let targets = roles.isEmpty ? Set(framework.roles) : Set(roles)
        framework.filters = framework.filters.filter { !targets.contains($0.key.role) }
        framework.suppressedRoles.subtract(targets)
        frameworks[frameworkID] = framework
        allocationNeeded = true
        allocate()
    }

    /// SUPPRESS: no more offers for the roles (offers already sent stay).
    func suppress(roles: [String], frameworkID: FrameworkID) {
        guard var framework = frameworks[frameworkID] else { return }
        framework.suppressedRoles.formUnion(roles.isEmpty ? framework.roles : roles)
        frameworks[frameworkID] = framework
    }

    /// KILL: the agent kills a known task; an unknown task is reconciled instead.
    func kill(_ kill: Call.Kill, frameworkID: FrameworkID) {
        guard let task = tasks[frameworkID]?[kill.taskID], agents[task.agentID]?.state != .recovering else {
            reconcile(
                Call.Reconcile(tasks: [.init(taskID: kill.taskID, agentID: kill.agentID)]), frameworkID: frameworkID)
            return
        }
        guard let agent = agents[task.agentID], agent.isRegistered, !task.state.isTerminal else { return }
        let grace = kill.killPolicy?.gracePeriod.map { Duration.nanoseconds($0.nanoseconds) }
        let sendKilling = frameworks[frameworkID]?.taskKillingState ?? false
        logger.info("Killing task \(kill.taskID) of framework \(frameworkID)")
        agent.channel.send(.kill(kill.taskID, gracePeriod: grace, sendKilling: sendKilling))
    }

    /// ACKNOWLEDGE: passed to the agent; the acknowledged terminal update makes the master forget the task.
    func acknowledge(_ acknowledge: Call.Acknowledge, frameworkID: FrameworkID) {
        guard let agent = agents[acknowledge.agentID], agent.isRegistered else {
            logger.info(
                "Dropping acknowledgement for task \(acknowledge.taskID): agent \(acknowledge.agentID) is not registered"
            )
            return
        }
        agent.channel.send(.acknowledge(acknowledge.taskID, MesosUUID(acknowledge.uuid)))
        if let task = tasks[frameworkID]?[acknowledge.taskID], task.agentID == acknowledge.agentID,
            let terminal = task.terminalUUID, terminal == acknowledge.uuid
        {
            tasks[frameworkID]?[acknowledge.taskID] = nil
            appendCompleted(task)
        }
    }

    /// UPDATE_FRAMEWORK: a new FrameworkInfo for a subscribed framework.
    func updateFramework(_ update: Call.Subscribe, frameworkID: FrameworkID) -> CallOutcome {
        guard var framework = frameworks[frameworkID] else { return .badRequest("Framework cannot be found") }
        var info = update.frameworkInfo
        if let error = frameworkInfoError(info) {
            return .badRequest(error)
        }
        if info.principal != framework.info.principal {
            return .badRequest("Changing framework's principal is not allowed.")
        }
        info.id = frameworkID
        let removedRoles = Set(framework.roles).subtracting(info.effectiveRoles)
        framework.info = info
        framework.suppressedRoles = Set(update.suppressedRoles)
        frameworks[frameworkID] = framework
        for offerID in framework.offers where removedRoles.contains(offers[offerID]?.role ?? "") {
            removeOffer(offerID, rescind: true, filter: nil)
        }
        allocationNeeded = true
        return .ok
    }

    // MARK: Reconciliation

    /// RECONCILE: implicit (no tasks) answers for every task the master knows; explicit answers per task.
    func reconcile(_ reconcile: Call.Reconcile, frameworkID: FrameworkID) {
        guard let framework = frameworks[frameworkID] else { return }
        let partitionAware = framework.partitionAware
        if reconcile.tasks.isEmpty {
            for task in (tasks[frameworkID] ?? [:]).values.sorted(by: { $0.info.taskID < $1.info.taskID })
            where agents[task.agentID]?.state != .recovering {
                send(.update(reconciliationStatus(for: task)), to: frameworkID)
            }
            return
        }
        for item in reconcile.tasks {
            if let task = tasks[frameworkID]?[item.taskID], agents[task.agentID]?.state != .recovering {
                send(.update(reconciliationStatus(for: task)), to: frameworkID)
                continue
            }
            let status: TaskStatus?
            if let agentID = item.agentID, let agent = agents[agentID] {
                switch agent.state {
                case .recovering:
                    // The agent may still bring the task back: no answer yet.
                    status = nil
                case .registered:
                    status = masterStatus(
                        item.taskID, agentID: agentID, state: partitionAware ? .gone : .lost, reason: .reconciliation,
                        message: "Reconciliation: Task is unknown to the agent")
                case .unreachable(let since):
                    status = masterStatus(
                        item.taskID, agentID: agentID, state: partitionAware ? .unreachable : .lost,
                        reason: .reconciliation, message: "Reconciliation: Task is unreachable",
                        unreachableTime: since)
                case .gone:
                    status = masterStatus(
                        item.taskID, agentID: agentID, state: partitionAware ? .goneByOperator : .lost,
                        reason: .reconciliation, message: "Reconciliation: Task is gone")
                }
            } else {
                status = masterStatus(
                    item.taskID, agentID: item.agentID, state: partitionAware ? .unknown : .lost,
                    reason: .reconciliation, message: "Reconciliation: Task is unknown")
            }
            if let status {
                send(.update(status), to: frameworkID)
            }
        }
    }

    /// The latest state of a known task, as a reconciliation answer (no uuid, no data, no labels).
    func reconciliationStatus(for task: TaskRecord) -> TaskStatus {
        var status = masterStatus(
            task.info.taskID, agentID: task.agentID, state: task.state, reason: .reconciliation,
            message: "Reconciliation: Latest task state", unreachableTime: task.unreachableTime)
        if task.state != .staging {
            status.executorID = task.latestStatus?.executorID
        }
        status.healthy = task.latestStatus?.healthy
        return status
    }
}

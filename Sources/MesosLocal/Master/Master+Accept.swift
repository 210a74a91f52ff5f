import Foundation
import Mesos

extension Master {
    /// ACCEPT: checks the offers, then applies the operations in order against what is left of them.
    func accept(_ accept: Call.Accept, from frameworkID: FrameworkID) {
        guard let framework = frameworks[frameworkID] else { return }
        if let error = offerValidationError(accept.offerIDs, frameworkID: frameworkID) {
            logger.info("ACCEPT of framework \(frameworkID) with invalid offers: \(error)")
            for offerID in accept.offerIDs where offers[offerID]?.frameworkID == frameworkID {
                removeOffer(offerID, rescind: false, filter: nil)
            }
            let state: TaskState = framework.partitionAware ? .dropped : .lost
            for operation in accept.operations {
                for task in launchedTasks(of: operation) {
                    send(
                        .update(
                            masterStatus(
                                task.taskID, agentID: task.agentID, state: state, reason: .invalidOffers,
                                message: "Task launched with invalid offers: \(error)")),
                        to: frameworkID)
                }
            }
            return
        }

        // Take the offers; their resources become the pool the operations draw from.
        var pool = Resources()
        var agentID = AgentID("")
        var role = ""
        for offerID in accept.offerIDs {
            guard let offer = offers.removeValue(forKey: offerID) else { continue }
            agents[offer.agentID]?.offered.subtract(offer.resources.strippingAllocationInfo())
            frameworks[frameworkID]?.offers.remove(offerID)
            pool.add(offer.resources)
            agentID = offer.agentID
            role = offer.role
        }
        var launchedHere: Set<TaskID> = []

        for original in accept.operations {
            let operation = Self.normalized(original, role: role)
            switch operation.type {
            case .launch:
                for task in operation.launch?.taskInfos ?? [] {
                    if let error = taskValidationError(
                        task, frameworkID: frameworkID, agentID: agentID, available: pool, launchedHere: launchedHere)
                    {
                        logger.info("Task \(task.taskID) of framework \(frameworkID) is invalid: \(error)")
                        send(
                            .update(
                                masterStatus(
                                    task.taskID, agentID: task.agentID, state: .error, reason: .taskInvalid,
                                    message: error)),
                            to: frameworkID)
                        continue
                    }
                    // Validation checked that the pool holds the task's resources.
                    pool = (try? pool.consuming(task)) ?? pool
                    launchedHere.insert(task.taskID)
                    launch(task, frameworkID: frameworkID, agentID: agentID)
                }
            case .launchGroup:
                for task in launchedTasks(of: operation) {
                    send(
                        .update(
                            masterStatus(
                                task.taskID, agentID: task.agentID, state: .error, reason: .taskGroupInvalid,
                                message:
                                    "mesos-local does not support LAUNCH_GROUP (task groups need the default executor)")
                        ),
                        to: frameworkID)
                }
            case .reserve, .unreserve, .create, .destroy:
                if let error = resourceOperationError(operation, framework: framework, role: role, agentID: agentID) {
                    logger.info("Dropping \(operation.type.wireName) of framework \(frameworkID): \(error)")
                    continue
                }
                do {
                    let next = try pool.applying(operation)
                    guard let agent = agents[agentID] else { continue }
                    let total = try agent.total.applying(operation.strippingAllocationInfo())
                    pool = next
                    agents[agentID]!.total = total
                    if operation.type == .destroy {
                        for volume in operation.destroy?.volumes ?? [] {
                            if let id = volume.persistenceID, let volumeRole = volume.reservationRole {
                                agent.channel.send(.destroyVolume(role: volumeRole, persistenceID: id))
                            }
                        }
                    }
                    logger.info("Applied \(operation.type.wireName) for framework \(frameworkID) on agent \(agentID)")
                } catch {
                    logger.info("Dropping \(operation.type.wireName) of framework \(frameworkID): \(error)")
                }
            default:
                logger.info("Dropping unsupported operation \(operation.type.wireName) of framework \(frameworkID)")
            }
        }

        // What is left goes back to the agent, refused for the filter's time.
        let refuse = Self.refuseDuration(accept.filters)
        addFilter(
            frameworkID: frameworkID, role: role, agentID: agentID, resources: pool.strippingAllocationInfo(),
            for: refuse)
        allocationNeeded = true
    }

    /// DECLINE: the offers go back, refused for the filter's time (5 s by default).
    func decline(_ decline: Call.Decline, from frameworkID: FrameworkID) {
        let refuse = Self.refuseDuration(decline.filters)
        for offerID in decline.offerIDs where offers[offerID]?.frameworkID == frameworkID {
            removeOffer(offerID, rescind: false, filter: refuse)
        }
    }

    /// `refuse_seconds`: 5 s when unset or invalid, none for 0.
    static func refuseDuration(_ filters: Filters?) -> Duration {
        guard let seconds = filters?.refuseSeconds else { return .seconds(5) }
        return Duration.fromSeconds(seconds) ?? .seconds(5)
    }

    /// Mesos's offer checks of an ACCEPT, with its messages.
    func offerValidationError(_ offerIDs: [OfferID], frameworkID: FrameworkID) -> String? {
        if offerIDs.isEmpty { return "No offers specified" }
        var seen: Set<OfferID> = []
        for offerID in offerIDs where !seen.insert(offerID).inserted {
            return "Duplicate offer \(offerID) in offer list"
        }
        var first: OfferRecord?
        for offerID in offerIDs {
            guard let offer = offers[offerID] else { return "Offer \(offerID) is no longer valid" }
            if offer.frameworkID != frameworkID {
                return
                    "Offer \(offerID) has invalid framework \(offer.frameworkID) while framework \(frameworkID) is expected"
            }
            if let first {
                if first.agentID != offer.agentID {
                    return "Aggregated offers must belong to one single agent. Offer \(first.id) uses agent "
                        + "\(first.agentID) and offer \(offer.id) uses agent \(offer.agentID)"
                }
                if first.role != offer.role {
                    return "Aggregated offers must be allocated to the same role. Offer \(first.id) uses role "
                        + "\(first.role) and offer \(offer.id) uses role \(offer.role)"
                }
            } else {
                first = offer
            }
            if agents[offer.agentID]?.isRegistered != true {
                return "Agent \(offer.agentID) is not available"
            }
        }
        return nil
    }

    /// Mesos's task checks, in its order and with its messages.
    func taskValidationError(
        _ task: TaskInfo, frameworkID: FrameworkID, agentID: AgentID, available: Resources, launchedHere: Set<TaskID>
    ) -> String? {
        if let reason = Self.invalidIDReason(task.taskID.value) {
            return "Task ID '\(task.taskID)' is invalid: \(reason)"
        }
        if tasks[frameworkID]?[task.taskID] != nil || launchedHere.contains(task.taskID) {
            return "Task has duplicate ID: \(task.taskID)"
        }
        if task.agentID != agentID {
            return "Task uses invalid agent: \(task.agentID)"
        }
        if (task.command == nil) == (task.executor == nil) {
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present"
        }
        if task.executor != nil {
            return "mesos-local runs command tasks only; custom executors are not supported"
        }
        for resource in task.resources {
            if let failure = resource.validationFailure {
                return "Task uses invalid resources: \(failure)"
            }
        }
        let needed = Resources(task.resources)
        if !available.contains(needed) {
            return "Task uses more resources \(needed) than available \(available)"
        }
        return nil
    }

    /// Checks Mesos makes on RESERVE, UNRESERVE, CREATE and DESTROY beyond what `Resources.applying` checks.
    func resourceOperationError(
        _ operation: Offer.Operation, framework: FrameworkRecord, role: String, agentID: AgentID
    ) -> String? {
        let principal = framework.info.principal
        switch operation.type {
        case .reserve:
            for resource in operation.reserve?.resources ?? [] {
                guard let reservation = resource.reservations.last else {
                    return "Invalid RESERVE operation: resources must be dynamically reserved"
                }
                if !framework.reservationRefinement && resource.reservations.count > 1 {
                    return "Invalid RESERVE operation: refined reservations need RESERVATION_REFINEMENT"
                }
                if (reservation.role ?? "") != role {
                    return "A reserve operation was attempted for a resource allocated to role '\(role)', "
                        + "but the reservation is for role '\(reservation.role ?? "")'"
                }
                if let principal, reservation.principal != principal {
                    return "A reserve operation was attempted with principal '\(principal)', but there is a "
                        + "reserved resource in the request with principal '\(reservation.principal ?? "")' set in "
                        + "`ReservationInfo`"
                }
            }
        case .create:
            guard let agent = agents[agentID] else { return "Agent \(agentID) is not available" }
            for volume in operation.create?.volumes ?? [] {
                guard let id = volume.persistenceID else { continue }
                if agent.total.volume(persistenceID: id, role: volume.reservationRole) != nil {
                    return "Persistence ID '\(id)' is already in use"
                }
                if let principal, let volumePrincipal = volume.disk?.persistence?.principal,
                    volumePrincipal != principal
                {
                    return "Create operation with principal '\(principal)' cannot create a volume with "
                        + "principal '\(volumePrincipal)'"
                }
            }
        default:
            break
        }
        return nil
    }

    /// Records a validated task and hands it to its agent.
    private func launch(_ task: TaskInfo, frameworkID: FrameworkID, agentID: AgentID) {
        guard let agent = agents[agentID] else { return }
        let plain = Resources(task.resources).strippingAllocationInfo()
        agents[agentID]!.used.add(plain)
        tasks[frameworkID, default: [:]][task.taskID] = TaskRecord(
            info: task, frameworkID: frameworkID, agentID: agentID, resources: plain, state: .staging)
        logger.info("Launching task \(task.taskID) of framework \(frameworkID) on agent \(agentID)")
        agent.channel.send(.launch(task, frameworkID))
    }

    /// The operation in the refinement format with the offer's role as allocation info where it is
    /// missing (frameworks without MULTI_ROLE send none), as Mesos injects it.
    static func normalized(_ operation: Offer.Operation, role: String) -> Offer.Operation {
        operation.toPostRefinement().mappingResources { resource in
            resource.allocationInfo == nil ? resource.allocated(to: role) : resource
        }
    }

    func launchedTasks(of operation: Offer.Operation) -> [TaskInfo] {
        switch operation.type {
        case .launch: operation.launch?.taskInfos ?? []
        case .launchGroup: operation.launchGroup?.taskGroup.tasks ?? []
        default: []
        }
    }

    /// A status update the master makes itself: no uuid, never retried.
    func masterStatus(
        _ taskID: TaskID, agentID: AgentID?, state: TaskState, reason: TaskStatus.Reason, message: String,
        unreachableTime: TimeInfo? = nil
    ) -> TaskStatus {
        TaskStatus(
            taskID: taskID, state: state, message: message, source: .master, reason: reason, agentID: agentID,
            timestamp: currentTimestamp(), unreachableTime: unreachableTime)
    }

    /// Mesos's rules for ids.
    static func invalidIDReason(_ id: String) -> String? {
        if id.isEmpty { return "ID must not be empty" }
        if id == "." || id == ".." { return "'.' and '..' are reserved" }
        if id.contains(where: { $0 == "/" || $0 == "\\" }) { return "'/' and '\\' are not allowed" }
        if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "Whitespace and control characters are not allowed"
        }
        return nil
    }
}

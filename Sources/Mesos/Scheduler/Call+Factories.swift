#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Call {
    /// SUBSCRIBE. A framework that already has an id (re-subscription after a disconnect or a
    /// failover) sets it in `frameworkInfo.id`; it is copied to the top level, as the master requires.
    public static func subscribe(_ frameworkInfo: FrameworkInfo, suppressedRoles: [String] = []) -> Call {
        Call(
            type: .subscribe, frameworkID: frameworkInfo.id,
            subscribe: Subscribe(frameworkInfo: frameworkInfo, suppressedRoles: suppressedRoles)
        )
    }

    /// TEARDOWN: kill every task and remove the framework.
    public static func teardown(frameworkID: FrameworkID) -> Call {
        Call(type: .teardown, frameworkID: frameworkID)
    }

    /// ACCEPT offers (all from one agent) with operations applied in order.
    public static func accept(
        frameworkID: FrameworkID, offerIDs: [OfferID], operations: [Offer.Operation], filters: Filters? = nil
    ) -> Call {
        Call(
            type: .accept, frameworkID: frameworkID,
            accept: Accept(offerIDs: offerIDs, operations: operations, filters: filters)
        )
    }

    /// DECLINE offers; without filters the master refuses the resources for 5 seconds.
    public static func decline(frameworkID: FrameworkID, offerIDs: [OfferID], filters: Filters? = nil) -> Call {
        Call(type: .decline, frameworkID: frameworkID, decline: Decline(offerIDs: offerIDs, filters: filters))
    }

    /// REVIVE: clear filters and lift suppression, for the given roles or (none given) all roles.
    public static func revive(frameworkID: FrameworkID, roles: [String] = []) -> Call {
        Call(type: .revive, frameworkID: frameworkID, revive: roles.isEmpty ? nil : Roles(roles: roles))
    }

    /// SUPPRESS offers for the given roles or (none given) all roles.
    public static func suppress(frameworkID: FrameworkID, roles: [String] = []) -> Call {
        Call(type: .suppress, frameworkID: frameworkID, suppress: roles.isEmpty ? nil : Roles(roles: roles))
    }

    /// KILL a task; `killPolicy` overrides the task's grace period.
    public static func kill(
        frameworkID: FrameworkID, taskID: TaskID, agentID: AgentID? = nil, killPolicy: KillPolicy? = nil
    ) -> Call {
        Call(
            type: .kill, frameworkID: frameworkID, kill: Kill(taskID: taskID, agentID: agentID, killPolicy: killPolicy))
    }

    /// SHUTDOWN a custom executor.
    public static func shutdown(frameworkID: FrameworkID, executorID: ExecutorID, agentID: AgentID) -> Call {
        Call(type: .shutdown, frameworkID: frameworkID, shutdown: Shutdown(executorID: executorID, agentID: agentID))
    }

    /// ACKNOWLEDGE a status update by its 16-byte uuid.
    public static func acknowledge(frameworkID: FrameworkID, agentID: AgentID, taskID: TaskID, uuid: Data) -> Call {
        Call(
            type: .acknowledge, frameworkID: frameworkID,
            acknowledge: Acknowledge(agentID: agentID, taskID: taskID, uuid: uuid)
        )
    }

    /// ACKNOWLEDGE for a status update, or nil when the update needs none (no uuid) or cannot be
    /// acknowledged (no agent id).
    public static func acknowledge(frameworkID: FrameworkID, status: TaskStatus) -> Call? {
        guard let uuid = status.uuid, let agentID = status.agentID else { return nil }
        return acknowledge(frameworkID: frameworkID, agentID: agentID, taskID: status.taskID, uuid: uuid)
    }

    /// ACKNOWLEDGE_OPERATION_STATUS.
    public static func acknowledgeOperationStatus(
        frameworkID: FrameworkID, operationID: OperationID, uuid: Data, agentID: AgentID? = nil,
        resourceProviderID: ResourceProviderID? = nil
    ) -> Call {
        Call(
            type: .acknowledgeOperationStatus, frameworkID: frameworkID,
            acknowledgeOperationStatus: AcknowledgeOperationStatus(
                operationID: operationID, uuid: uuid, agentID: agentID, resourceProviderID: resourceProviderID
            )
        )
    }

    /// RECONCILE the listed tasks (explicit), or every task the master knows when `tasks` is
    /// empty (implicit, written as `"reconcile":{}`).
    public static func reconcile(frameworkID: FrameworkID, tasks: [Reconcile.Task] = []) -> Call {
        Call(type: .reconcile, frameworkID: frameworkID, reconcile: Reconcile(tasks: tasks))
    }

    /// RECONCILE_OPERATIONS.
    public static func reconcileOperations(
        frameworkID: FrameworkID, operations: [ReconcileOperations.Operation] = []
    ) -> Call {
        Call(
            type: .reconcileOperations, frameworkID: frameworkID,
            reconcileOperations: ReconcileOperations(operations: operations)
        )
    }

    /// MESSAGE to an executor.
    public static func message(frameworkID: FrameworkID, agentID: AgentID, executorID: ExecutorID, data: Data) -> Call {
        Call(
            type: .message, frameworkID: frameworkID,
            message: ExecutorMessage(agentID: agentID, executorID: executorID, data: data)
        )
    }

    /// REQUEST resources.
    public static func request(frameworkID: FrameworkID, requests: [ResourceRequest]) -> Call {
        Call(type: .request, frameworkID: frameworkID, request: Request(requests: requests))
    }

    /// UPDATE_FRAMEWORK: change the FrameworkInfo (`frameworkInfo.id` must be set).
    public static func updateFramework(_ frameworkInfo: FrameworkInfo, suppressedRoles: [String] = []) -> Call {
        Call(
            type: .updateFramework, frameworkID: frameworkInfo.id,
            updateFramework: Subscribe(frameworkInfo: frameworkInfo, suppressedRoles: suppressedRoles)
        )
    }
}

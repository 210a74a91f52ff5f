import CurlHTTP
import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension MesosSchedulerClient {
    /// Sends a call to the master of the current subscription.
    ///
    /// The call goes on its own connection with the subscription's `Mesos-Stream-Id`, `Content-Type:
    /// application/json` and, with a secret, basic authentication; a call without `frameworkID` gets the
    /// subscribed one. 2xx (202 Accepted) is success. 503 is retried with backoff within the request
    /// timeout. 307 means another master leads: the client drops the subscription and subscribes again,
    /// and the call fails with `.leaderMoved` (send it again after the next `.subscribed`).
    ///
    /// - Throws: `.notSubscribed` at once when no subscription is active (or it ended during 503 retries);
    ///   `.badRequest`, `.unauthorized`, `.forbidden`, `.unexpectedStatus` with Mesos's message;
    ///   `.serviceUnavailable` when 503 lasts past the request timeout; `.transport` when the master did
    ///   not answer; `.invalidCall` for SUBSCRIBE.
    public func send(_ call: Call) async throws(MesosClientError) {
        guard call.type != .subscribe else {
            throw .invalidCall(reason: "SUBSCRIBE is sent by the client's run loop, not through send")
        }
        guard let target = state.withLock({ $0.callTarget }) else { throw .notSubscribed }
        var call = call
        if call.frameworkID == nil {
            call.frameworkID = target.frameworkID
        }
        let body: [UInt8]
        do {
            body = try MesosJSON.encode(call)
        } catch {
            throw .invalidCall(reason: "the call cannot be encoded: \(error)")
        }
        let url = target.stream.endpoint
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        var attempt = 0
        // After a 503, running out of time means the master stayed unavailable: say so, not "timeout".
        var unavailable: MesosClientError?
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw unavailable ?? .transport(.timeout(url: url, timeout: configuration.requestTimeout))
            }
            let request = makeRequest(url: url, body: body, streamID: target.stream.streamID, timeout: remaining)
            let response: HTTPClient.Response
            do {
                response = try await http.execute(request)
            } catch {
                if case .timeout = error, let unavailable { throw unavailable }
                throw .transport(error)
            }
            let message = response.text.trimmingASCIIWhitespace()
            switch response.status {
            case 200..<300:
                return
            case 503:
                let error = MesosClientError.serviceUnavailable(url: url, message: message)
                unavailable = error
                let delay = configuration.backoff.delay(attempt: attempt)
                attempt += 1
                guard ContinuousClock.now.advanced(by: delay) < deadline else { throw error }
                logger.debug(
                    "Mesos call answered 503; retrying",
                    metadata: ["type": "\(call.type.wireName)", "delay": "\(delay)", "message": "\(message)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .transport(.cancelled(url: url))
                }
                guard state.withLock({ $0.callTarget?.stream === target.stream }) else { throw .notSubscribed }
            case 301, 302, 303, 307, 308:
                let location = response.headers["Location"]
                let resolved = location.flatMap { SchedulerEndpoint.resolve(location: $0, against: url) }
                logger.warning(
                    "A Mesos call was redirected: the leading master changed",
                    metadata: ["from": "\(url)", "location": "\(location ?? "")"])
                if let resolved {
                    await detector.remember(leader: resolved)
                } else {
                    await detector.forget(leader: url)
                }
                state.withLock { $0.dropped(target.stream) }
                target.stream.drop(.leaderChanged(location: resolved ?? location))
                throw .leaderMoved(url: url, location: resolved ?? location)
            default:
                throw statusError(status: response.status, url: url, message: message)
            }
        }
    }

    /// The subscribed framework id, or `.notSubscribed`.
    private func subscribedFrameworkID() throws(MesosClientError) -> FrameworkID {
        guard let target = state.withLock({ $0.callTarget }) else { throw .notSubscribed }
        return target.frameworkID
    }

    /// ACCEPT offers (all from one agent) with operations applied in order.
    public func accept(
        offerIDs: [OfferID], operations: [Offer.Operation], filters: Filters? = nil
    ) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.accept(frameworkID: id, offerIDs: offerIDs, operations: operations, filters: filters))
    }

    /// DECLINE offers; without filters the master refuses their resources for 5 seconds.
    public func decline(offerIDs: [OfferID], filters: Filters? = nil) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.decline(frameworkID: id, offerIDs: offerIDs, filters: filters))
    }

    /// ACKNOWLEDGE a status update. Returns false (and sends nothing) when the update needs no
    /// acknowledgement: it has no uuid (master-generated, reconciliation) or no agent id.
    @discardableResult
    public func acknowledge(_ status: TaskStatus) async throws(MesosClientError) -> Bool {
        let id = try subscribedFrameworkID()
        guard let call = Call.acknowledge(frameworkID: id, status: status) else { return false }
        try await send(call)
        return true
    }

    /// KILL a task; `killPolicy` overrides its grace period.
    public func kill(
        taskID: TaskID, agentID: AgentID? = nil, killPolicy: KillPolicy? = nil
    ) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.kill(frameworkID: id, taskID: taskID, agentID: agentID, killPolicy: killPolicy))
    }

    /// RECONCILE the listed tasks (explicit), or every task the master knows when `tasks` is empty
    /// (implicit). The answers arrive as `.update` events without uuid.
    public func reconcile(tasks: [Call.Reconcile.Task] = []) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.reconcile(frameworkID: id, tasks: tasks))
    }

    /// REVIVE offers for the roles (all roles when empty), clearing filters.
    public func revive(roles: [String] = []) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.revive(frameworkID: id, roles: roles))
    }

    /// SUPPRESS offers for the roles (all roles when empty).
    public func suppress(roles: [String] = []) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.suppress(frameworkID: id, roles: roles))
    }

    /// TEARDOWN: the master kills every task and removes the framework; a later SUBSCRIBE with this id
    /// gets ERROR `Framework has been removed`.
    public func teardown() async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.teardown(frameworkID: id))
    }

    /// SHUTDOWN a custom executor.
    public func shutdownExecutor(_ executorID: ExecutorID, agentID: AgentID) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.shutdown(frameworkID: id, executorID: executorID, agentID: agentID))
    }

    /// MESSAGE to an executor.
    public func message(agentID: AgentID, executorID: ExecutorID, data: Data) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(.message(frameworkID: id, agentID: agentID, executorID: executorID, data: data))
    }

    /// ACKNOWLEDGE_OPERATION_STATUS.
    public func acknowledgeOperationStatus(
        operationID: OperationID, uuid: Data, agentID: AgentID? = nil, resourceProviderID: ResourceProviderID? = nil
    ) async throws(MesosClientError) {
        let id = try subscribedFrameworkID()
        try await send(
            .acknowledgeOperationStatus(
                frameworkID: id, operationID: operationID, uuid: uuid, agentID: agentID,
                resourceProviderID: resourceProviderID))
    }

    /// UPDATE_FRAMEWORK: changes the FrameworkInfo (roles, capabilities, …) without re-subscribing; later
    /// SUBSCRIBEs use the new one. `frameworkInfo.id` is set to the subscribed id.
    public func updateFramework(_ frameworkInfo: FrameworkInfo, suppressedRoles: [String] = [])
        async throws(MesosClientError)
    {
        let id = try subscribedFrameworkID()
        var info = frameworkInfo
        info.id = id
        try await send(.updateFramework(info, suppressedRoles: suppressedRoles))
        info.id = nil
        state.withLock { $0.setFrameworkInfo(info) }
    }
}

import Foundation
import Mesos

// Frameworks coming and going: SUBSCRIBE (and failover), disconnection, failover_timeout, removal.
extension Master {
    // MARK: Subscription

    /// SUBSCRIBE: answers with the stream to write (SUBSCRIBED and a HEARTBEAT already queued, or an
    /// ERROR and the end).
    func subscribe(_ subscribe: Call.Subscribe, authenticatedPrincipal: String?) -> EventConnection {
        var info = subscribe.frameworkInfo
        if info.principal == nil, let authenticatedPrincipal {
            info.principal = authenticatedPrincipal
        }
        let requestedID = info.id ?? FrameworkID("")
        if let error = frameworkInfoError(info) {
            return failedConnection(frameworkID: requestedID, message: error)
        }
        if let id = info.id, removedFrameworks[id] != nil {
            return failedConnection(frameworkID: id, message: "Framework has been removed")
        }

        let frameworkID: FrameworkID
        if let id = info.id, var framework = frameworks[id] {
            if framework.info.principal != info.principal {
                return failedConnection(
                    frameworkID: id,
                    message: "Changing framework's principal is not allowed.")
            }
            // A second SUBSCRIBE is a failover: the old stream ends, its offers vanish silently.
            if let old = framework.connection {
                old.send(.error("Framework failed over"))
                closeConnection(old)
            }
            removeOffers(of: id, rescind: false)
            framework.info = info
            framework.info.id = id
            framework.connection = nil
            framework.filters = [:]
            framework.unregisteredTime = nil
            frameworks[id] = framework
            frameworkID = id
        } else {
            if let id = info.id {
                // Unknown to this master (e.g. after a master failover): the framework keeps its id.
                frameworkID = id
            } else {
                let number = String(nextFrameworkNumber)
                frameworkID = FrameworkID(
                    masterID + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number)
                nextFrameworkNumber += 1
            }
            info.id = frameworkID
            frameworks[frameworkID] = FrameworkRecord(id: frameworkID, info: info, registeredTime: currentTimestamp())
            if tasks[frameworkID] == nil { tasks[frameworkID] = [:] }
        }
        failoverTimers.removeValue(forKey: frameworkID)?.cancel()

        let connection = makeConnection(frameworkID: frameworkID)
        frameworks[frameworkID]!.connection = connection
        frameworks[frameworkID]!.generation += 1
        frameworks[frameworkID]!.suppressedRoles = Set(subscribe.suppressedRoles)
        connection.send(
            .subscribed(
                frameworkID: frameworkID, heartbeatIntervalSeconds: settings.heartbeatInterval.seconds,
                masterInfo: masterInfo))
        connection.send(.heartbeat)
        startHeartbeats(for: connection)
        logger.info("Framework \(frameworkID) (\(info.name)) subscribed with stream \(connection.streamID)")
        allocationNeeded = true
        allocate()
        return connection
    }

    func failedConnection(frameworkID: FrameworkID, message: String) -> EventConnection {
        logger.info("Refusing subscription of framework '\(frameworkID)': \(message)")
        let connection = makeConnection(frameworkID: frameworkID)
        connection.send(.error(message))
        connection.close()
        return connection
    }

    /// Mesos's FrameworkInfo checks that end in an ERROR event.
    func frameworkInfoError(_ info: FrameworkInfo) -> String? {
        if info.hasCapability(.multiRole) {
            if info.role != nil {
                return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"
            }
        } else if !info.roles.isEmpty {
            return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"
        }
        if Set(info.roles).count != info.roles.count {
            return "'FrameworkInfo.roles' contains duplicate items"
        }
        for role in info.effectiveRoles {
            if let reason = Self.invalidRoleReason(role) {
                return "Role '\(role)' is invalid: \(reason)"
            }
        }
        if let timeout = info.failoverTimeout, !timeout.isFinite || timeout < 0 || timeout > 9.2e9 {
            return "Invalid failover_timeout: \(timeout)"
        }
        return nil
    }

    /// Mesos's role name rules.
    static func invalidRoleReason(_ role: String) -> String? {
        if role.isEmpty { return "Empty role name is invalid" }
        if role == "*" { return nil }
        if role.hasPrefix("/") || role.hasSuffix("/") { return "Role names cannot start or end with '/'" }
        for component in role.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "Role names cannot contain empty components" }
            if component == "." || component == ".." { return "Role name components cannot be '.' or '..'" }
            if component.hasPrefix("-") { return "Role name components cannot start with '-'" }
            if component == "*" { return "Role name components cannot be '*'" }
            if component.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || $0 == "\\"
            }) {
                return "Role names cannot contain whitespace, control characters or '\\'"
            }
        }
        return nil
    }

    // MARK: Disconnection

    /// The HTTP side saw the stream's client go away (or could not write to it).
    func connectionClosed(_ connection: EventConnection) {
        guard let framework = frameworks[connection.frameworkID], framework.connection?.id == connection.id else {
            stopHeartbeats(for: connection)
            return
        }
        disconnect(framework.id)
    }

    /// The framework lost its stream: it is deactivated, its offers go, and its failover timeout starts.
    func disconnect(_ frameworkID: FrameworkID) {
        guard var framework = frameworks[frameworkID], let connection = framework.connection else { return }
        closeConnection(connection)
        framework.connection = nil
        framework.generation += 1
        framework.filters = [:]
        framework.unregisteredTime = currentTimestamp()
        frameworks[frameworkID] = framework
        removeOffers(of: frameworkID, rescind: false)
        let timeout = framework.info.failoverTimeout ?? 0
        logger.info("Framework \(frameworkID) disconnected; failover timeout \(timeout) s")
        let generation = framework.generation
        failoverTimers[frameworkID]?.cancel()
        failoverTimers[frameworkID] = Task { [weak self] in
            if timeout > 0 {
                guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
            }
            await self?.failoverTimeoutExpired(frameworkID, generation: generation)
        }
    }

    func failoverTimeoutExpired(_ frameworkID: FrameworkID, generation: Int) {
        guard let framework = frameworks[frameworkID], framework.generation == generation, !framework.isConnected
        else { return }
        logger.info("Framework \(frameworkID) did not re-subscribe within its failover timeout; removing it")
        removeFramework(frameworkID)
    }

    func closeConnection(_ connection: EventConnection) {
        connection.close()
        stopHeartbeats(for: connection)
    }

    /// TEARDOWN or an expired failover timeout: every task is killed and the framework is gone for good.
    func removeFramework(_ frameworkID: FrameworkID) {
        guard var framework = frameworks.removeValue(forKey: frameworkID) else { return }
        failoverTimers.removeValue(forKey: frameworkID)?.cancel()
        if let connection = framework.connection {
            closeConnection(connection)
            framework.connection = nil
        }
        for offerID in framework.offers {
            removeOffer(offerID, rescind: false, filter: nil)
        }
        framework.offers = []
        for (taskID, task) in tasks[frameworkID] ?? [:] {
            if let agent = agents[task.agentID], agent.state != .gone {
                agent.channel.send(.kill(taskID, gracePeriod: nil, sendKilling: false))
            }
            releaseResources(of: task)
            var finished = task
            finished.released = true
            appendCompleted(finished)
        }
        tasks[frameworkID] = nil
        framework.unregisteredTime = framework.unregisteredTime ?? currentTimestamp()
        removedFrameworks[frameworkID] = framework
        allocationNeeded = true
    }
}

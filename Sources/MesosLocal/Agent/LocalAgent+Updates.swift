import Foundation
import Mesos

#if canImport(Glibc)
    import Glibc
#endif

extension LocalAgent {
    /// The framework acknowledged an update (the master checked it is for this agent). An acknowledgement of
    /// anything but the task's update in flight (an unknown uuid, a duplicate) is ignored. Acknowledging the
    /// terminal update forgets the task.
    public func acknowledge(taskID: TaskID, uuid: MesosUUID) async {
        switch statusUpdates.acknowledge(taskID: taskID, uuid: uuid.value) {
        case .ignored:
            logger.debug(
                "Ignoring an acknowledgement of no pending status update",
                metadata: ["task": "\(taskID.value)", "uuid": "\(uuid.value.base64EncodedString())"])
        case .accepted(let next, let terminal):
            retryTimers.removeValue(forKey: taskID)?.cancel()
            if terminal {
                records[taskID] = nil
                logger.debug("Forgot the task after its terminal update", metadata: ["task": "\(taskID.value)"])
            }
            if let next {
                transmit(next, retryAfter: statusUpdates.initialRetryInterval)
            }
        }
    }

    /// Generates a status update for the task and queues it; it is sent at once when no earlier update of the
    /// task awaits acknowledgement.
    func emit(
        _ taskID: TaskID,
        _ state: TaskState,
        reason: TaskStatus.Reason? = nil,
        source: TaskStatus.Source,
        message: String? = nil
    ) {
        guard var record = records[taskID] else { return }
        record.state = state
        records[taskID] = record
        var containerStatus = ContainerStatus(
            containerID: ContainerID(record.containerID), networkInfos: Self.networkInfos(configuration.hostname))
        if let pid = record.processID { containerStatus.executorPID = UInt32(pid) }
        let status = TaskStatus(
            taskID: taskID,
            state: state,
            message: message,
            source: source,
            reason: reason,
            agentID: configuration.agentID,
            executorID: ExecutorID(taskID.value),
            timestamp: Date().timeIntervalSince1970,
            uuid: MesosUUID.randomBytes(),
            containerStatus: containerStatus
        )
        let update = AgentStatusUpdate(frameworkID: record.frameworkID, status: status)
        logger.debug(
            "Status update",
            metadata: ["task": "\(taskID.value)", "state": "\(state.wireName)", "message": "\(message ?? "")"])
        if let head = statusUpdates.enqueue(update) {
            transmit(head, retryAfter: statusUpdates.initialRetryInterval)
        }
    }

    /// Sends an update and arms its retry timer.
    func transmit(_ update: AgentStatusUpdate, retryAfter delay: Duration) {
        updateContinuation.yield(update)
        let taskID = update.status.taskID
        let uuid = update.uuid.value
        retryTimers[taskID]?.cancel()
        retryTimers[taskID] = Task { [weak self] in
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            await self?.retryUpdate(taskID, uuid: uuid)
        }
    }

    private func retryUpdate(_ taskID: TaskID, uuid: Data) {
        guard let (update, nextDelay) = statusUpdates.retry(taskID: taskID, uuid: uuid) else { return }
        logger.debug(
            "Re-sending an unacknowledged status update",
            metadata: ["task": "\(taskID.value)", "state": "\(update.status.state.wireName)"])
        transmit(update, retryAfter: nextDelay)
    }

    /// The agent's address as Mesos reports a host-network container's (`network_infos[].ip_addresses`), when the
    /// hostname is an IP address.
    static func networkInfos(_ hostname: String) -> [JSONValue] {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        let protocolName: String
        if inet_pton(AF_INET, hostname, &ipv4) == 1 {
            protocolName = "IPv4"
        } else if inet_pton(AF_INET6, hostname, &ipv6) == 1 {
            protocolName = "IPv6"
        } else {
            return []
        }
        let address: JSONValue = .object(["protocol": .string(protocolName), "ip_address": .string(hostname)])
        return [.object(["ip_addresses": .array([address])])]
    }
}

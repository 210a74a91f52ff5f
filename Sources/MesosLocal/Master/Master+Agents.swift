import Foundation
import Mesos

/// Why a control request could not be carried out.
enum ControlError: Error, Equatable, CustomStringConvertible {
    case unknownAgent(String)
    case unknownTask(String)
    case unknownFramework(String)
    case agentState(String)

    var description: String {
        switch self {
        case .unknownAgent(let id): "No agent '\(id)'"
        case .unknownTask(let id): "No running task '\(id)'"
        case .unknownFramework(let id): "No subscribed framework '\(id)'"
        case .agentState(let message): message
        }
    }
}

extension Master {
    // MARK: Status updates

    /// An update from an agent: recorded, then forwarded to the framework if it is subscribed. Updates
    /// from an agent the master does not consider registered are dropped: the agent sends them again.
    func agentUpdate(from agentID: AgentID, _ update: AgentUpdate) {
        guard let agent = agents[agentID], agent.isRegistered else { return }
        let frameworkID = update.frameworkID
        let status = update.status
        if frameworks[frameworkID] == nil {
            if removedFrameworks[frameworkID] != nil, let uuid = status.uuid {
                // Nobody will acknowledge for a removed framework: stop the agent's retries.
                agent.channel.send(.acknowledge(status.taskID, MesosUUID(uuid)))
            }
            return
        }
        var executorExited = false
        if var task = tasks[frameworkID]?[status.taskID] {
            executorExited = status.state.isTerminal && !task.state.isTerminal
            task.state = status.state
            task.latestStatus = status
            task.unreachableTime = nil
            if status.state.isTerminal {
                releaseResources(of: task)
                task.released = true
                task.terminalUUID = status.uuid
            }
            if status.state.isTerminal && status.uuid == nil {
                tasks[frameworkID]?[status.taskID] = nil
                appendCompleted(task)
            } else {
                tasks[frameworkID]?[status.taskID] = task
            }
        }
        send(.update(status), to: frameworkID)
        if executorExited {
            // The task's command executor exits with it, which Mesos reports as FAILURE.
            send(
                .failure(
                    agentID: agentID, executorID: status.executorID ?? ExecutorID(status.taskID.value),
                    status: Self.exitStatus(from: status)),
                to: frameworkID)
        }
    }

    /// The exit status of a finished command (`Command exited with status N`), if the update tells it.
    static func exitStatus(from status: TaskStatus) -> Int32? {
        if status.state == .finished { return 0 }
        guard let message = status.message, let range = message.range(of: "exited with status ") else { return nil }
        return Int32(message[range.upperBound...].prefix { $0.isNumber })
    }

    // MARK: Agent faults

    /// Marks an agent unreachable (or gone for good): its tasks are reported LOST, UNREACHABLE or
    /// GONE_BY_OPERATOR, its offers rescinded, and every framework gets FAILURE.
    func removeAgent(_ agentID: AgentID, gone: Bool) throws(ControlError) {
        guard let agent = agents[agentID] else { throw .unknownAgent(agentID.value) }
        guard agent.isRegistered || (gone && agent.state != .gone) else {
            throw .agentState("Agent \(agentID) is not registered")
        }
        let now = TimeInfo(secondsSinceEpoch: currentTimestamp())
        agents[agentID]!.state = gone ? .gone : .unreachable(since: now)
        for (offerID, offer) in offers where offer.agentID == agentID {
            removeOffer(offerID, rescind: true, filter: nil)
        }
        for (frameworkID, frameworkTasks) in tasks {
            let partitionAware = frameworks[frameworkID]?.partitionAware ?? false
            for (taskID, var task) in frameworkTasks where task.agentID == agentID && !task.state.isTerminal {
                let state: TaskState = partitionAware ? (gone ? .goneByOperator : .unreachable) : .lost
                let status = masterStatus(
                    taskID, agentID: agentID, state: state, reason: gone ? .agentRemovedByOperator : .agentRemoved,
                    message: gone ? "Agent \(agent.hostname) marked gone" : "Agent \(agent.hostname) is unreachable",
                    unreachableTime: gone ? nil : now)
                releaseResources(of: task)
                task.released = true
                task.state = state
                task.latestStatus = status
                task.unreachableTime = gone ? nil : now
                if state.isTerminal {
                    tasks[frameworkID]?[taskID] = nil
                    appendCompleted(task)
                } else {
                    tasks[frameworkID]?[taskID] = task
                }
                send(.update(status), to: frameworkID)
            }
        }
        for frameworkID in frameworks.keys {
            send(.failure(agentID: agentID), to: frameworkID)
        }
        if gone {
            let channel = agent.channel
            Task { await channel.driver.shutdown() }
        }
        logger.info("Agent \(agentID) \(gone ? "marked gone" : "removed (unreachable)")")
    }

    /// An unreachable agent comes back: tasks of partition-aware frameworks that still run on it are
    /// known again; tasks of other frameworks (already reported LOST) are killed.
    func restoreAgent(_ agentID: AgentID) async throws(ControlError) {
        guard let agent = agents[agentID] else { throw .unknownAgent(agentID.value) }
        guard case .unreachable = agent.state else { throw .agentState("Agent \(agentID) is not unreachable") }
        let running = await agent.channel.driver.runningTasks()
        guard case .unreachable = agents[agentID]?.state else { return }
        reregister(agentID, running: running, killUnknown: true)
        logger.info("Agent \(agentID) restored")
    }

    /// The agent (re-)registers with what it runs: known tasks take its states and hold their resources
    /// again; tasks the master does not know are killed when `killUnknown`.
    func reregister(_ agentID: AgentID, running: [TaskID: TaskState], killUnknown: Bool) {
        guard let agent = agents[agentID] else { return }
        var known: Set<TaskID> = []
        for (frameworkID, frameworkTasks) in tasks {
            for (taskID, var task) in frameworkTasks where task.agentID == agentID {
                guard let state = running[taskID] else { continue }
                known.insert(taskID)
                if task.released && !state.isTerminal {
                    agents[agentID]!.used.add(task.resources)
                    task.released = false
                }
                task.state = state
                task.unreachableTime = nil
                tasks[frameworkID]?[taskID] = task
            }
        }
        if killUnknown {
            for taskID in running.keys where !known.contains(taskID) {
                agent.channel.send(.kill(taskID, gracePeriod: nil, sendKilling: false))
            }
        }
        agents[agentID]!.state = .registered
        agents[agentID]!.registeredTime = currentTimestamp()
        allocationNeeded = true
    }

    /// Restarts an agent: its task processes die (TASK_FAILED from the agent), its volumes stay.
    func restartAgent(_ agentID: AgentID) throws(ControlError) {
        guard let agent = agents[agentID] else { throw .unknownAgent(agentID.value) }
        guard agent.state != .gone else { throw .agentState("Agent \(agentID) is gone") }
        agent.channel.send(.restart)
        logger.info("Agent \(agentID) restarts")
    }

    /// The agent that runs a task (by task id, optionally of one framework).
    func agentRunning(_ taskID: TaskID, frameworkID: FrameworkID?) throws(ControlError) -> any AgentDriver {
        for (owner, frameworkTasks) in tasks where frameworkID == nil || owner == frameworkID {
            if let task = frameworkTasks[taskID], !task.state.isTerminal, let agent = agents[task.agentID] {
                return agent.channel.driver
            }
        }
        throw .unknownTask(taskID.value)
    }

    /// Drops a framework's stream, as a network failure would.
    func dropStream(of frameworkID: FrameworkID) throws(ControlError) {
        guard frameworks[frameworkID]?.isConnected == true else { throw .unknownFramework(frameworkID.value) }
        logger.info("Dropping the stream of framework \(frameworkID)")
        disconnect(frameworkID)
    }

    // MARK: Master failover

    /// A new master takes over: new master id, every stream closed, offers and filters gone, frameworks
    /// must re-subscribe, and no agent is offered or reconciled until it re-registers.
    func failover(recoveryTime: Duration) -> String {
        let oldID = masterID
        masterID = UUID().uuidString.lowercased()
        nextFrameworkNumber = 0
        nextOfferNumber = 0
        recovering = recoveryTime > .zero
        for (offerID, _) in offers {
            removeOffer(offerID, rescind: false, filter: nil)
        }
        for (frameworkID, var framework) in frameworks {
            if let connection = framework.connection {
                closeConnection(connection)
            }
            framework.connection = nil
            framework.filters = [:]
            framework.suppressedRoles = []
            framework.generation += 1
            framework.unregisteredTime = currentTimestamp()
            frameworks[frameworkID] = framework
        }
        for agentID in agentOrder where agents[agentID]?.isRegistered == true {
            agents[agentID]!.state = .recovering
        }
        cancelFailoverTimers()
        heartbeatsPaused = false
        heartbeatsDelayedUntil = nil
        logger.info("Master failover: \(oldID) → \(masterID)")
        if let announcer {
            let info = masterInfo
            let logger = self.logger
            Task {
                do { try await announcer.announce(info) } catch {
                    logger.error("Cannot announce the new master in ZooKeeper: \(error)")
                }
            }
        }
        let delay = settings.agentReregistrationDelay
        Task { [weak self] in
            if recoveryTime > .zero { try? await Task.sleep(for: recoveryTime) }
            await self?.finishRecovery()
            try? await Task.sleep(for: delay)
            await self?.reregisterRecoveringAgents()
        }
        return masterID
    }

    private func finishRecovery() {
        recovering = false
    }

    private func reregisterRecoveringAgents() async {
        for agentID in agentOrder where agents[agentID]?.state == .recovering {
            guard let driver = agents[agentID]?.channel.driver else { continue }
            let running = await driver.runningTasks()
            guard agents[agentID]?.state == .recovering else { continue }
            reregister(agentID, running: running, killUnknown: false)
            logger.info("Agent \(agentID) re-registered with the new master")
        }
        allocate()
    }

    // MARK: Heartbeats

    func setHeartbeatsPaused(_ paused: Bool) {
        heartbeatsPaused = paused
        if !paused { heartbeatsDelayedUntil = nil }
    }

    func delayHeartbeats(by duration: Duration) {
        heartbeatsDelayedUntil = ContinuousClock.now + duration
    }
}

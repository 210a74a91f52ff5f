import Foundation
import Mesos

#if canImport(Glibc)
    import Glibc
#endif

extension LocalAgent {
    /// Launches a task that the master has validated and returns at once; the outcome arrives as status updates.
    ///
    /// Makes the sandbox `<work>/frameworks/<fw>/executors/<task>/runs/<uuid>` with empty `stdout` and `stderr`,
    /// links each persistent volume of the task's resources into it at its `container_path`, fetches
    /// `command.uris` (see `AgentFetcher`), and runs `command.value` with `/bin/sh -c` when `shell` (default true)
    /// else `value` with `arguments` as argv, in its own process group, environment as `AgentLaunchPlan` says.
    /// Emits TASK_STARTING then TASK_RUNNING once the process has started; on exit TASK_FINISHED (status 0) or
    /// TASK_FAILED with "Command exited with status N" / "Command terminated with signal S" in the message. A
    /// launch that fails (fetch, sandbox, no such executable) is TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED
    /// and a message as Mesos words it ("Failed to launch container: Failed to fetch all URIs for container …").
    public func launch(_ task: TaskInfo, frameworkID: FrameworkID) async {
        guard shutdownTask == nil else {
            logger.warning("Ignoring a launch after shutdown", metadata: ["task": "\(task.taskID.value)"])
            return
        }
        let taskID = task.taskID
        guard records[taskID] == nil else {
            logger.error("Ignoring the launch of a task the agent already runs", metadata: ["task": "\(taskID.value)"])
            return
        }
        let containerID = UUID().uuidString.lowercased()
        let sandbox = AgentPaths.sandbox(
            workDirectory: configuration.workDirectory, frameworkID: frameworkID, executorID: taskID.value,
            containerID: containerID)
        records[taskID] = AgentTaskRecord(
            task: task, frameworkID: frameworkID, containerID: containerID, sandbox: sandbox)
        logger.info(
            "Launching task",
            metadata: ["task": "\(taskID.value)", "framework": "\(frameworkID.value)", "sandbox": "\(sandbox)"])
        records[taskID]?.launchTask = Task {
            await self.runLaunch(taskID, run: containerID)
        }
    }

    private func runLaunch(_ taskID: TaskID, run containerID: String) async {
        guard let record = record(taskID, run: containerID) else { return }
        guard record.termination == nil else {
            launchEnded(taskID, run: containerID, failure: nil)
            return
        }
        let request: AgentSpawnRequest
        do throws(AgentLaunchError) {
            let plan = try AgentLaunchPlan(
                task: record.task, frameworkID: record.frameworkID, agentID: configuration.agentID,
                workDirectory: configuration.workDirectory, containerID: containerID,
                inheritedEnvironment: ProcessInfo.processInfo.environment)
            request = try await preparation.prepare(plan)
        } catch {
            launchEnded(taskID, run: containerID, failure: error)
            return
        }
        guard self.record(taskID, run: containerID)?.termination == nil else {
            launchEnded(taskID, run: containerID, failure: nil)
            return
        }
        let process: AgentChildProcess
        do {
            process = try await AgentChildProcess.spawn(request)
        } catch {
            launchEnded(taskID, run: containerID, failure: .spawn(error))
            return
        }
        guard var current = self.record(taskID, run: containerID) else {
            process.signalGroup(SIGKILL)
            return
        }
        current.phase = .running(process)
        records[taskID] = current
        Task {
            let status = await process.waitForExit()
            self.processExited(taskID, run: containerID, status: status)
        }
        if current.termination != nil {
            // A kill, restart or shutdown arrived while the process started.
            process.signalGroup(SIGKILL)
            return
        }
        logger.info("Task started", metadata: ["task": "\(taskID.value)", "pid": "\(process.pid)"])
        records[taskID]?.launched = true
        emit(taskID, .starting, source: .executor)
        emit(taskID, .running, source: .executor)
    }

    /// The launch ended without a running process: a failure, or a kill, restart or shutdown during it.
    private func launchEnded(_ taskID: TaskID, run containerID: String, failure: AgentLaunchError?) {
        guard var record = record(taskID, run: containerID), case .launching = record.phase else { return }
        record.phase = .exited
        records[taskID] = record
        if let failure, record.termination == nil {
            logger.warning(
                "Task launch failed", metadata: ["task": "\(taskID.value)", "error": "\(failure)"])
        }
        guard
            let update = AgentTerminalUpdate.withoutProcess(
                termination: record.termination, failure: failure, containerID: containerID)
        else { return }
        emit(taskID, update.state, reason: update.reason, source: update.source, message: update.message)
    }

    /// The task's process exited and was reaped. Runs once per run: later calls are ignored.
    func processExited(_ taskID: TaskID, run containerID: String, status: AgentExitStatus) {
        guard var record = record(taskID, run: containerID), case .running = record.phase else { return }
        record.phase = .exited
        record.escalation?.cancel()
        record.escalation = nil
        records[taskID] = record
        logger.info("Task process ended", metadata: ["task": "\(taskID.value)", "status": "\(status)"])
        guard
            let update = AgentTerminalUpdate.afterExit(
                status, termination: record.termination, launched: record.launched)
        else { return }
        emit(taskID, update.state, reason: update.reason, source: update.source, message: update.message)
    }
}

import Foundation
import Mesos

#if canImport(Glibc)
    import Glibc
#endif

extension LocalAgent {
    /// Agent restart: every task process dies (SIGKILL); each gets TASK_FAILED with reason REASON_AGENT_RESTARTED
    /// (message "Agent restarted"); sandboxes and volumes stay on disk, and unacknowledged updates keep being
    /// retried (Mesos checkpoints them). Returns once every process is gone; the agent accepts launches again.
    public func restart() async {
        guard shutdownTask == nil else { return }
        logger.info("Restarting the agent: every task process dies")
        await stopAll(.restart)
    }

    /// Stop everything (mesos-local shutdown or a test's cleanup): kill every process (SIGKILL), await its exit,
    /// stop retrying updates and end `updates`. Later launches are ignored. Idempotent.
    public func shutdown() async {
        if let shutdownTask {
            await shutdownTask.value
            return
        }
        logger.info("Shutting down the agent")
        let task = Task { await self.stopEverything() }
        shutdownTask = task
        await task.value
    }

    private func stopEverything() async {
        await stopAll(.shutdown)
        for timer in retryTimers.values { timer.cancel() }
        retryTimers = [:]
        statusUpdates.removeAll()
        records = [:]
        updateContinuation.finish()
    }

    /// Ends every task that has not ended yet for `termination` and waits until all their processes are reaped.
    private func stopAll(_ termination: AgentTaskRecord.Termination) async {
        var launches: [Task<Void, Never>] = []
        for (taskID, var record) in records {
            switch record.phase {
            case .exited:
                continue
            case .launching:
                record.termination = termination
                if let launch = record.launchTask {
                    launch.cancel()
                    launches.append(launch)
                }
            case .running(let process):
                record.termination = termination
                process.signalGroup(SIGKILL)
            }
            records[taskID] = record
        }
        // A launch ends by itself once cancelled; one that started its process meanwhile killed it.
        for launch in launches {
            await launch.value
        }
        let stopping = records.compactMap { taskID, record -> (TaskID, String, AgentChildProcess)? in
            guard record.termination == termination, case .running(let process) = record.phase else { return nil }
            return (taskID, record.containerID, process)
        }
        for (taskID, containerID, process) in stopping {
            process.signalGroup(SIGKILL)
            let status = await process.waitForExit()
            processExited(taskID, run: containerID, status: status)
        }
    }

    /// DESTROY of a persistent volume on the agent's own disk: removes its directory (the master checked it is
    /// unused).
    public func destroyVolume(role: String, persistenceID: String) async {
        guard AgentPaths.isSafeComponent(persistenceID),
            role.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(AgentPaths.isSafeComponent)
        else {
            logger.error(
                "Refusing to destroy a volume with an unsafe path",
                metadata: ["role": "\(role)", "persistence_id": "\(persistenceID)"])
            return
        }
        await removeVolumeData(volumeDirectory(role: role, persistenceID: persistenceID), keepDirectory: false)
    }

    /// DESTROY of any persistent volume, given as offered: a MOUNT disk's root is emptied but kept (the disk
    /// stays); a volume on a PATH disk or the agent's own disk is removed.
    public func destroyVolume(_ volume: Resource) async {
        guard let path = AgentPaths.volume(of: volume, workDirectory: configuration.workDirectory) else {
            logger.error(
                "Refusing to destroy a resource that is no persistent volume", metadata: ["resource": "\(volume)"])
            return
        }
        await removeVolumeData(path, keepDirectory: volume.disk?.source?.type == .mount)
    }

    private func removeVolumeData(_ path: String, keepDirectory: Bool) async {
        logger.info("Destroying persistent volume", metadata: ["path": "\(path)"])
        let failure = await AgentBlockingWork.run("volume") { () -> String? in
            let manager = FileManager.default
            guard manager.fileExists(atPath: path) else { return nil }
            do {
                if keepDirectory {
                    for entry in try manager.contentsOfDirectory(atPath: path) {
                        try manager.removeItem(atPath: "\(path)/\(entry)")
                    }
                } else {
                    try manager.removeItem(atPath: path)
                }
                return nil
            } catch {
                return error.localizedDescription
            }
        }
        if let failure {
            logger.error("Cannot destroy persistent volume", metadata: ["path": "\(path)", "error": "\(failure)"])
        }
    }
}

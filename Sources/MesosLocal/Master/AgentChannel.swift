import Logging
import Mesos

/// Sends commands to one agent in the order the master issued them (a launch before its kill), without
/// making the master wait for the agent.
final class AgentChannel: Sendable {
    enum Command: Sendable {
        case launch(TaskInfo, FrameworkID)
        case kill(TaskID, gracePeriod: Duration?, sendKilling: Bool)
        case acknowledge(TaskID, MesosUUID)
        case destroyVolume(role: String, persistenceID: String)
        case restart
    }

    let driver: any AgentDriver
    private let continuation: AsyncStream<Command>.Continuation
    private let worker: Task<Void, Never>

    init(driver: any AgentDriver) {
        self.driver = driver
        let (commands, continuation) = AsyncStream.makeStream(of: Command.self)
        self.continuation = continuation
        worker = Task {
            for await command in commands {
                switch command {
                case .launch(let task, let frameworkID):
                    await driver.launch(task, frameworkID: frameworkID)
                case .kill(let taskID, let gracePeriod, let sendKilling):
                    await driver.kill(taskID, gracePeriod: gracePeriod, sendKilling: sendKilling)
                case .acknowledge(let taskID, let uuid):
                    await driver.acknowledge(taskID: taskID, uuid: uuid)
                case .destroyVolume(let role, let persistenceID):
                    await driver.destroyVolume(role: role, persistenceID: persistenceID)
                case .restart:
                    await driver.restart()
                }
            }
        }
    }

    func send(_ command: Command) {
        continuation.yield(command)
    }

    /// Lets the queued commands run, then shuts the agent down.
    func shutdown() async {
        continuation.finish()
        await worker.value
        await driver.shutdown()
    }
}

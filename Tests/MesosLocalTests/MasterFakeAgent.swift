import Foundation
import Mesos

@testable import MesosLocal

/// An in-memory agent for the master's tests: tasks change state on command instead of running
/// processes; updates are reliable (uuid, resent until acknowledged, one outstanding per task).
actor FakeAgent: AgentDriver {
    struct Pending {
        var frameworkID: FrameworkID
        var status: TaskStatus
    }

    let spec: AgentSpec
    private var states: [TaskID: TaskState] = [:]
    private var frameworkOf: [TaskID: FrameworkID] = [:]
    /// Per task: updates not yet sent because an earlier one awaits its acknowledgement.
    private var queues: [TaskID: [Pending]] = [:]
    private var outstanding: [TaskID: Pending] = [:]
    private(set) var launched: [TaskInfo] = []
    private(set) var destroyedVolumes: [String] = []
    private(set) var acknowledged: [TaskID: Int] = [:]
    private var continuation: AsyncStream<AgentUpdate>.Continuation?
    private let stream: AsyncStream<AgentUpdate>
    private var retries: Task<Void, Never>?

    init(spec: AgentSpec) {
        self.spec = spec
        let (stream, continuation) = AsyncStream.makeStream(of: AgentUpdate.self)
        self.stream = stream
        self.continuation = continuation
    }

    nonisolated func forEachUpdate(_ body: @escaping @Sendable (AgentUpdate) async -> Void) async {
        for await update in stream {
            await body(update)
        }
    }

    func launch(_ task: TaskInfo, frameworkID: FrameworkID) async {
        launched.append(task)
        frameworkOf[task.taskID] = frameworkID
        // Tasks whose command is "fail" fail at once; others run until killed.
        if task.command?.value == "fail" {
            emit(task.taskID, .failed, message: "Command exited with status 1")
        } else {
            emit(task.taskID, .starting)
            emit(task.taskID, .running)
        }
        startRetries()
    }

    func kill(_ taskID: TaskID, gracePeriod: Duration?, sendKilling: Bool) async {
        guard let state = states[taskID], !state.isTerminal else { return }
        if sendKilling { emit(taskID, .killing) }
        emit(taskID, .killed, message: "Command terminated with signal 15")
    }

    func acknowledge(taskID: TaskID, uuid: MesosUUID) async {
        guard let pending = outstanding[taskID], pending.status.uuid == uuid.value else { return }
        acknowledged[taskID, default: 0] += 1
        outstanding[taskID] = nil
        if var queue = queues[taskID], !queue.isEmpty {
            let next = queue.removeFirst()
            queues[taskID] = queue
            outstanding[taskID] = next
            continuation?.yield(AgentUpdate(frameworkID: next.frameworkID, status: next.status))
        }
    }

    func restart() async {
        for (taskID, state) in states where !state.isTerminal {
            emit(taskID, .failed, message: "Agent restarted", reason: .agentRestarted)
        }
    }

    func crash(_ taskID: TaskID) async -> Bool {
        guard let state = states[taskID], !state.isTerminal else { return false }
        emit(taskID, .failed, message: "Command terminated with signal 9")
        return true
    }

    func destroyVolume(role: String, persistenceID: String) async {
        destroyedVolumes.append("\(role)/\(persistenceID)")
    }

    func shutdown() async {
        retries?.cancel()
        continuation?.finish()
        continuation = nil
    }

    func runningTasks() async -> [TaskID: TaskState] {
        states.filter { !$0.value.isTerminal }
    }

    /// Finishes a running task (exit status 0).
    func finish(_ taskID: TaskID) {
        emit(taskID, .finished, message: "Command exited with status 0")
    }

    private func emit(
        _ taskID: TaskID, _ state: TaskState, message: String? = nil, reason: TaskStatus.Reason? = nil
    ) {
        guard let frameworkID = frameworkOf[taskID] else { return }
        states[taskID] = state
        let status = TaskStatus(
            taskID: taskID, state: state, message: message, source: .executor, reason: reason,
            agentID: spec.agentID, executorID: ExecutorID(taskID.value), timestamp: Date().timeIntervalSince1970,
            uuid: MesosUUID.randomBytes())
        let pending = Pending(frameworkID: frameworkID, status: status)
        if outstanding[taskID] == nil {
            outstanding[taskID] = pending
            continuation?.yield(AgentUpdate(frameworkID: frameworkID, status: status))
        } else {
            queues[taskID, default: []].append(pending)
        }
    }

    private func startRetries() {
        guard retries == nil else { return }
        let interval = spec.updateRetryInterval
        retries = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.resendOutstanding()
            }
        }
    }

    private func resendOutstanding() {
        for pending in outstanding.values {
            continuation?.yield(AgentUpdate(frameworkID: pending.frameworkID, status: pending.status))
        }
    }
}

/// Keeps the fake agents a cluster made, by agent id.
final class FakeAgents: @unchecked Sendable {
    // Guarded by `lock`; written while the cluster starts, read by tests.
    private let lock = NSLock()
    private var agents: [AgentID: FakeAgent] = [:]

    var factory: AgentFactory {
        { [self] spec in
            let agent = FakeAgent(spec: spec)
            lock.withLock { agents[spec.agentID] = agent }
            return agent
        }
    }

    subscript(_ id: AgentID) -> FakeAgent {
        lock.withLock { agents[id]! }
    }
}

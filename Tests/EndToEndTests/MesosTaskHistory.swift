import Mesos
import MesosLocal

/// The tasks a framework ran, as mesos-local's state keeps them (live and completed), grouped by broker.
struct MesosTaskHistory {
    let tasks: [MasterState.Task]

    init(_ tasks: [MasterState.Task]) {
        self.tasks = tasks
    }

    /// Broker `id`'s tasks (`broker-<id>__…`) in launch order.
    func tasks(ofBroker id: Int) -> [MasterState.Task] {
        tasks.filter { $0.id.hasPrefix("broker-\(id)__") }
            .sorted { (Self.firstTimestamp($0) ?? 0) < (Self.firstTimestamp($1) ?? 0) }
    }

    func task(_ id: String) -> MasterState.Task? { tasks.first { $0.id == id } }

    /// When the task first reported TASK_RUNNING.
    static func runningTime(_ task: MasterState.Task) -> Double? {
        task.statuses.first { $0.state == .running }?.timestamp
    }

    /// When the task ended (its first terminal status).
    static func endTime(_ task: MasterState.Task) -> Double? {
        task.statuses.first { $0.state.isTerminal }?.timestamp
    }

    static func firstTimestamp(_ task: MasterState.Task) -> Double? {
        task.statuses.compactMap(\.timestamp).min()
    }

    /// Task ids of brokers with more than one task the master does not consider ended.
    var brokersWithSeveralLiveTasks: [String] {
        let live = tasks.filter { !(MasterState.isTerminalState($0.state)) }
        let byBroker = Dictionary(grouping: live) { $0.id.split(separator: "_").first.map(String.init) ?? $0.id }
        return byBroker.filter { $0.value.count > 1 }.map { "\($0.key): \($0.value.map(\.id))" }.sorted()
    }

    /// The persistence ids of the volumes a task used.
    static func volumes(_ task: MasterState.Task) -> Set<String> {
        Set(task.fullResources.compactMap(\.persistenceID))
    }

    /// Memory the task was launched with.
    static func memory(_ task: MasterState.Task) -> Double { task.resources.mem }
}

extension MasterState {
    /// Terminal task states as mesos-local writes them in its state (`TASK_KILLED`, …).
    static func isTerminalState(_ state: String) -> Bool {
        TaskState(wireName: state).isTerminal
    }
}

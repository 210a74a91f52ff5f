import Mesos
import Metrics

/// The scheduler's counters (swift-metrics); the daemon's metrics backend exports them.
struct SchedulerMetrics: Sendable {
    let offersReceived = Counter(label: "kafka_scheduler_offers_received_total")
    let offersDeclined = Counter(label: "kafka_scheduler_offers_declined_total")
    let offersAccepted = Counter(label: "kafka_scheduler_offers_accepted_total")
    let tasksLaunched = Counter(label: "kafka_scheduler_tasks_launched_total")
    let tasksKilled = Counter(label: "kafka_scheduler_tasks_killed_total")
    let brokersReplaced = Counter(label: "kafka_scheduler_brokers_replaced_total")
    let reservationsCleaned = Counter(label: "kafka_scheduler_reserved_resources_cleaned_total")
    let explicitReconciliations = Counter(
        label: "kafka_scheduler_reconciliations_total", dimensions: [("kind", "explicit")])
    let implicitReconciliations = Counter(
        label: "kafka_scheduler_reconciliations_total", dimensions: [("kind", "implicit")])

    /// Status updates by task state.
    func statusUpdate(_ state: TaskState) {
        Counter(label: "kafka_scheduler_status_updates_total", dimensions: [("state", state.wireName)]).increment()
    }
}

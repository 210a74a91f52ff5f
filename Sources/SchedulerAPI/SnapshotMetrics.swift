import KafkaFramework
import Plan
import Prometheus

/// Gauges derived from the scheduler's snapshot, set when `/metrics` is scraped: brokers by task state,
/// plan blocks by status, whether the plan is complete, and this instance's leader lock, Mesos subscription
/// and ZooKeeper session.
struct SnapshotMetrics: Sendable {
    let brokersByState: [BrokerTaskState: Gauge]
    let blocksByStatus: [PlanStatus: Gauge]
    let planComplete: Gauge
    let leader: Gauge
    let subscribed: Gauge
    let zooKeeperConnected: Gauge

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "kafka_scheduler", metricName: name, unitName: "", helpText: help),
                labels: labels)
        }
        var brokers: [BrokerTaskState: Gauge] = [:]
        for state in BrokerTaskState.allCases {
            brokers[state] = gauge("brokers", "Managed brokers by task state", labels: [("state", state.rawValue)])
        }
        brokersByState = brokers
        var blocks: [PlanStatus: Gauge] = [:]
        for status in PlanStatus.allCases {
            blocks[status] = gauge("plan_blocks", "Plan blocks by status", labels: [("status", status.rawValue)])
        }
        blocksByStatus = blocks
        planComplete = gauge("plan_complete", "1 when every phase of the plan is complete")
        leader = gauge("leader", "1 when this instance holds the leader lock")
        subscribed = gauge("mesos_subscribed", "1 when this instance is subscribed to the Mesos master")
        zooKeeperConnected = gauge("zookeeper_connected", "1 when the ZooKeeper session is connected")
    }

    func update(from snapshot: SchedulerSnapshot) {
        var brokerCounts: [BrokerTaskState: Int] = [:]
        for broker in snapshot.brokers { brokerCounts[broker.taskState, default: 0] += 1 }
        for (state, gauge) in brokersByState { gauge.set(Double(brokerCounts[state] ?? 0)) }

        var blockCounts: [PlanStatus: Int] = [:]
        for phase in snapshot.plan.phases {
            for block in phase.blocks { blockCounts[block.status, default: 0] += 1 }
        }
        for (status, gauge) in blocksByStatus { gauge.set(Double(blockCounts[status] ?? 0)) }

        planComplete.set(snapshot.planComplete ? 1.0 : 0.0)
        leader.set(snapshot.health.isLeader ? 1.0 : 0.0)
        subscribed.set(snapshot.health.isSubscribed ? 1.0 : 0.0)
        zooKeeperConnected.set(snapshot.health.isZooKeeperConnected ? 1.0 : 0.0)
    }
}

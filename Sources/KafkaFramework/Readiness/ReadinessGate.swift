import Foundation
import KafkaAdmin

/// Whether a broker that runs the target configuration passes `BROKER_READY_CHECK`, and if not, what it waits
/// for in words a user can act on. Pure.
struct ReadinessGate {
    var check: ReadinessCheck
    /// `/dcos-service-<name>/brokers/ids`, for messages.
    var registrationPath: String
    /// Kafka's `zookeeper.connect`, for messages.
    var kafkaZooKeeper: String
    /// After this long the message adds how long the broker has waited and what to check.
    var warnAfter: Duration

    enum Result: Equatable {
        case passed
        /// Completes "waiting for …".
        case waiting(String)
    }

    /// A replica check's outcome.
    enum ReplicaCheck: Equatable {
        case status(ReplicaSyncStatus)
        case failed(String)
    }

    func evaluate(
        broker: Int, record: BrokerRecord, registration: BrokerRegistration?, replicas: ReplicaCheck?,
        waitingSince: Date?, now: Date
    ) -> Result {
        if check == .taskRunning { return .passed }
        let registered = registration.map { $0.creationID != record.staleRegistration } ?? false
        if !registered {
            var text = "broker \(broker) to register with Kafka (\(registrationPath)/\(broker))"
            if let waited = overdue(waitingSince, now) {
                text +=
                    " for \(waited): check the broker's log (stdout and stderr in the sandbox of task "
                    + "\(record.taskID ?? "?") on \(record.hostname ?? "its agent")) and that it reaches ZooKeeper at "
                    + "\(kafkaZooKeeper)"
            }
            return .waiting(text)
        }
        guard check == .replicasInSync else { return .passed }
        switch replicas {
        case .status(let status)? where status.isInSync:
            return .passed
        case .status(let status)?:
            var summary = status.summary
            if summary.hasPrefix("waiting for ") { summary.removeFirst("waiting for ".count) }
            if !status.isRegistered { summary = "broker \(broker) to appear in Kafka's cluster metadata" }
            if let waited = overdue(waitingSince, now) {
                summary += " (for \(waited): check the broker's log and the partitions' other replicas)"
            }
            return .waiting(summary)
        case .failed(let reason)?:
            var text = "broker \(broker)'s replicas to be in sync (the last check failed: \(reason))"
            if let waited = overdue(waitingSince, now) { text += " for \(waited)" }
            return .waiting(text)
        case nil:
            return .waiting("broker \(broker)'s replicas to be checked")
        }
    }

    /// "6 minutes" once the broker has waited past `warnAfter`, whole minutes so that the message changes at
    /// most once a minute.
    private func overdue(_ since: Date?, _ now: Date) -> String? {
        guard let since else { return nil }
        let waited = now.timeIntervalSince(since)
        guard waited >= warnAfter.timeInterval else { return nil }
        let minutes = Int(waited / 60)
        if minutes == 0 { return "\(Int(waited)) seconds" }
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}

import Foundation
import ZooKeeper

extension KafkaAdminError {
    /// A znode of Kafka's that is not in the format Kafka writes (`failed`, HTTP 500): names the path and
    /// shows the start of the data, so that an operator can look at it.
    static func malformedZNode(path: String, data: Data, reason: String) -> KafkaAdminError {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
        let shown = data.count > 200 ? text + "…" : text
        return KafkaAdminError(
            category: .failed, name: "MALFORMED_ZNODE",
            message: "Kafka's znode \(path) is not in Kafka's format (\(reason)): \(shown)")
    }

    /// Kafka's ZooKeeper did not answer within `timeout` (`unavailable`, HTTP 503).
    static func zooKeeperTimedOut(_ what: String, hosts: String, after timeout: Duration) -> KafkaAdminError {
        KafkaAdminError(
            category: .unavailable, name: "ZOOKEEPER_UNAVAILABLE",
            message: "Reading \(what) from Kafka's ZooKeeper (\(hosts)) did not complete within "
                + "\(timeout.formattedForHumans).")
    }

    /// A failed ZooKeeper request: connection problems are `unavailable` (HTTP 503), a refused
    /// authorization and anything else `failed`.
    static func zooKeeper(_ error: any Error, hosts: String) -> KafkaAdminError {
        guard let error = error as? ZooKeeperError else {
            return KafkaAdminError(
                category: .failed, name: "ZOOKEEPER_FAILED", message: "Reading Kafka's znodes failed: \(error)")
        }
        switch error.code {
        case _ where error.code.isConnectionProblem, .closing, .invalidState:
            return KafkaAdminError(
                category: .unavailable, name: "ZOOKEEPER_UNAVAILABLE",
                message: "Kafka's ZooKeeper (\(hosts)) cannot be reached: \(error.message).")
        case .noAuth:
            return KafkaAdminError(
                category: .failed, name: "ZOOKEEPER_NO_AUTH",
                message: "Kafka's znodes cannot be read with the scheduler's ZooKeeper credentials: \(error.message).")
        default:
            return KafkaAdminError(category: .failed, name: "ZOOKEEPER_FAILED", message: error.message)
        }
    }
}

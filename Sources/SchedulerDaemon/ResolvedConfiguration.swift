import Foundation
import KafkaFramework
import Plan

/// What `kafka-scheduler --check-config` prints: the configuration the environment resolves to, as it would
/// be stored (the brokers' configuration, Kafka's and the service's), and the daemon's own settings. Secrets
/// show only whether they are set.
public enum ResolvedConfiguration {
    public static func render(_ environment: SchedulerEnvironment) throws -> String {
        let settings = environment.settings
        let configuration = try JSONSerialization.jsonObject(with: environment.configuration.canonicalJSON())
        var daemon: [String: Any] = [
            "MESOS_MASTER": settings.mesosMaster.description,
            "FAILOVER_TIMEOUT_SECONDS": settings.failoverTimeoutSeconds,
            "ZOOKEEPER": settings.zookeeper,
            "API_HOST": settings.apiHost,
            "API_PORT": settings.apiPort,
            "ENABLE_AUTO_REPLACE": settings.enableAutoReplace,
            "REPLACE_DELAY_SECONDS": settings.replaceDelaySeconds,
            "KAFKA_DEFAULT_PARTITION_COUNT": settings.defaultPartitionCount,
            "KAFKA_DEFAULT_REPLICATION_FACTOR": settings.defaultReplicationFactor,
            "LOG_LEVEL": settings.logLevel.rawValue,
        ]
        daemon["MESOS_SECRET"] = settings.mesosSecret == nil ? "unset" : "set (not shown)"
        daemon["API_AUTH_TOKEN"] = settings.apiAuthToken == nil ? "unset (the REST API is open)" : "set (not shown)"
        daemon["ZOOKEEPER_AUTH"] = settings.zookeeperAuth.map { "\($0.user):(password not shown)" } ?? "unset"
        let document: [String: Any] = ["configuration": configuration, "settings": daemon]
        let data = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// The `$ curl` lines of the seed API reference (the DC/OS Kafka service's API reference), verbatim and in
/// the reference's order. Tests run them with `/bin/sh` and `DCOS_URI`/`AUTH_TOKEN` set, against an in-process
/// server and against a running `kafka-scheduler`.
public enum SeedCurlCommands {
    /// Every `$ curl` line, in order; the named constants below index into it.
    public static let all: [String] = [
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/connection""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/brokers""#,
        #"curl -X PUT -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/brokers/0""#,
        #"curl -X PUT -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/brokers/0?replace=true""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics""#,
        #"curl -X POST -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/topic1""#,
        #"curl -X POST -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics?name=topic1&partitions=3&replication=3""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/topic1/offsets?time=last""#,
        #"curl -X PUT -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/topic1?operation=partitions&partitions=2""#,
        #"curl -X PUT -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/topic1?operation=producer-test&messages=10""#,
        #"curl -X DELETE -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/topic1""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/under_replicated_partitions""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/topics/unavailable_partitions""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/configurations""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/configurations/319ebe89-42e2-40e2-9169-8568e2421023""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/configurations/target""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/status""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/status""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/continue""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/interrupt""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/forceComplete""#,
        #"curl -H "Authorization: token=$AUTH_TOKEN" "$DCOS_URI/service/kafka/v1/plan/restart""#,
    ]

    public static var connection: String { all[0] }
    public static var brokers: String { all[1] }
    public static var restartBroker: String { all[2] }
    public static var replaceBroker: String { all[3] }
    public static var listTopics: String { all[4] }
    public static var describeTopic: String { all[5] }
    public static var createTopic: String { all[6] }
    public static var topicOffsets: String { all[7] }
    public static var topicPartitions: String { all[8] }
    public static var producerTest: String { all[9] }
    public static var deleteTopic: String { all[10] }
    public static var underReplicatedPartitions: String { all[11] }
    public static var unavailablePartitions: String { all[12] }
    public static var configurations: String { all[13] }
    /// Describes the configuration with the reference's id, `319ebe89-…`.
    public static var configuration: String { all[14] }
    public static var targetConfiguration: String { all[15] }
    public static var plan: String { all[16] }
    /// The reference shows it twice: during a rollout and when none is in progress.
    public static var planStatus: String { all[17] }
    public static var planContinue: String { all[19] }
    public static var planInterrupt: String { all[20] }
    public static var planForceComplete: String { all[21] }
    public static var planRestart: String { all[22] }
}

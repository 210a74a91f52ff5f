import ArgumentParser

/// `kafkactl topic …`: the operations of `kafka-topics.sh` and friends.
struct TopicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic", abstract: "List, create, inspect, alter and delete topics.",
        subcommands: [
            List.self, Describe.self, Create.self, Offsets.self, Partitions.self, ProducerTest.self, Delete.self,
            UnderReplicatedPartitions.self, UnavailablePartitions.self,
        ])

    @OptionGroup var global: GlobalOptions

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the topics.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/topics")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a topic's partitions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/topics/\(SchedulerClient.percentEncoded(topic))")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a topic.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String
        @Option(help: "Partitions (default: the service's KAFKA_DEFAULT_PARTITION_COUNT).") var partitions: Int?
        @Option(help: "Replication factor (default: KAFKA_DEFAULT_REPLICATION_FACTOR).") var replication: Int?

        func run() async throws {
            try await SchedulerClient(global).run(
                .post, "/v1/topics",
                query: [
                    ("name", topic), ("partitions", partitions.map(String.init)),
                    ("replication", replication.map(String.init)),
                ])
        }
    }

    struct Offsets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each partition's offset at a time.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String
        @Option(help: "first, last or a timestamp in milliseconds.") var time: String = "last"

        func run() async throws {
            try await SchedulerClient(global).run(
                .get, "/v1/topics/\(SchedulerClient.percentEncoded(topic))/offsets", query: [("time", time)])
        }
    }

    struct Partitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise a topic's partition count.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String
        @Argument(help: "The new partition count.") var count: Int

        func run() async throws {
            try await SchedulerClient(global).run(
                .put, "/v1/topics/\(SchedulerClient.percentEncoded(topic))",
                query: [("operation", "partitions"), ("partitions", String(count))])
        }
    }

    struct ProducerTest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "producer_test", abstract: "Produce records of 1 KiB and report the throughput.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String
        @Argument(help: "How many records.") var messages: Int

        func run() async throws {
            try await SchedulerClient(global).run(
                .put, "/v1/topics/\(SchedulerClient.percentEncoded(topic))",
                query: [("operation", "producer-test"), ("messages", String(messages))])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a topic.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic.") var topic: String

        func run() async throws {
            try await SchedulerClient(global).run(.delete, "/v1/topics/\(SchedulerClient.percentEncoded(topic))")
        }
    }

    struct UnderReplicatedPartitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "under_replicated_partitions", abstract: "List the under-replicated partitions.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/topics/under_replicated_partitions")
        }
    }

    struct UnavailablePartitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unavailable_partitions", abstract: "List the partitions without a leader.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/topics/unavailable_partitions")
        }
    }
}

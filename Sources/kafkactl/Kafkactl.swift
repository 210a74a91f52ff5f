import ArgumentParser

/// `kafkactl`: the command-line client of kafka-scheduler's REST API, with the commands of the DC/OS
/// `dcos kafka` CLI.
@main
struct Kafkactl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafkactl",
        abstract: "Control a Kafka service run by kafka-scheduler.",
        discussion: """
            The scheduler's URL is --url, else KAFKA_SCHEDULER_URL, else $DCOS_URI/service/<name>. The API \
            token is --token, else AUTH_TOKEN. Answers are printed as JSON; any error (unreachable scheduler, \
            HTTP 4xx or 5xx) prints the scheduler's message and exits with a non-zero status.
            """,
        subcommands: [
            ConnectionCommand.self, BrokerCommand.self, TopicCommand.self, ConfigCommand.self, PlanCommand.self,
        ])

    // Declared here too so that the options may come before the command, as in `kafkactl --name=kafka
    // broker list`; every command in the chain reads the same parsed values.
    @OptionGroup var global: GlobalOptions
}

/// The options every command takes: which service, where, and with what token.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The service name (FRAMEWORK_NAME), used with DCOS_URI.")
    var name: String = "kafka"

    @Option(help: "The scheduler's base URL, e.g. http://10.0.0.5:8080 (default: KAFKA_SCHEDULER_URL).")
    var url: String?

    @Option(help: "The API token (default: AUTH_TOKEN).")
    var token: String?
}

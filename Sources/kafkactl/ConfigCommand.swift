import ArgumentParser

/// `kafkactl config list|describe ID|target`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the stored configurations.",
        subcommands: [List.self, Describe.self, Target.self])

    @OptionGroup var global: GlobalOptions

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the configuration ids.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/configurations")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a configuration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The configuration id.") var id: String

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/configurations/\(SchedulerClient.percentEncoded(id))")
        }
    }

    struct Target: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the target configuration.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/configurations/target")
        }
    }
}

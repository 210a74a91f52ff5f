import ArgumentParser

/// `kafkactl broker list|describe ID|restart ID|replace ID`.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker", abstract: "List, show, restart or replace brokers.",
        subcommands: [List.self, Describe.self, Restart.self, Replace.self])

    @OptionGroup var global: GlobalOptions

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every broker, running or not.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/brokers")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a broker's task, state, agent, address and configuration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The broker id.") var id: Int

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/brokers/\(id)")
        }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restart a broker in place.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The broker id.") var id: Int

        func run() async throws {
            try await SchedulerClient(global).run(.put, "/v1/brokers/\(id)")
        }
    }

    struct Replace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a broker on fresh resources; its data is lost.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The broker id.") var id: Int

        func run() async throws {
            try await SchedulerClient(global).run(.put, "/v1/brokers/\(id)", query: [("replace", "true")])
        }
    }
}

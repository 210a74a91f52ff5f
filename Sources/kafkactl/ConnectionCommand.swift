import ArgumentParser

/// `kafkactl connection [--address|--dns]`.
struct ConnectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection", abstract: "Show the broker addresses, DNS names, VIP and ZooKeeper path.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only the brokers' host:port addresses.")
    var address = false

    @Flag(help: "Only the brokers' DNS names.")
    var dns = false

    func validate() throws {
        if address && dns { throw ValidationError("use either --address or --dns") }
    }

    func run() async throws {
        let path = address ? "/v1/connection/address" : dns ? "/v1/connection/dns" : "/v1/connection"
        try await SchedulerClient(global).run(.get, path)
    }
}

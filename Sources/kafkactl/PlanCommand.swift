import ArgumentParser
import Foundation

/// `kafkactl plan show|active|continue|interrupt|force|restart`.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show and steer the rollout plan.",
        subcommands: [Show.self, Active.self, Continue.self, Interrupt.self, Force.self, Restart.self])

    @OptionGroup var global: GlobalOptions

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every phase and block (also during a rollout, when the scheduler answers 503).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/plan") { status, body in
                status == 503 && Self.isPlan(body)
            }
        }

        /// The 503 of a plan in progress carries the plan; any other 503 is an error.
        static func isPlan(_ body: [UInt8]) -> Bool {
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            return object?["phases"] != nil
        }
    }

    struct Active: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active block, phase and stage.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await SchedulerClient(global).run(.get, "/v1/plan/status")
        }
    }

    /// The ids a plan command may name; without them it acts on the active block.
    struct Target: ParsableArguments {
        @Option(help: "A phase id from `plan show`.") var phase: String?
        @Option(help: "A block id from `plan show`.") var block: String?

        var query: [(String, String?)] { [("phase", phase), ("block", block)] }
    }

    struct Continue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift an interrupt, or release the next decision point.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await SchedulerClient(global).run(.post, "/v1/plan/continue", query: target.query)
        }
    }

    struct Interrupt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start no new block until continue.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await SchedulerClient(global).run(.post, "/v1/plan/interrupt", query: target.query)
        }
    }

    struct Force: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the active (or named) block complete without its work.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await SchedulerClient(global).run(.post, "/v1/plan/forceComplete", query: target.query)
        }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Redo the active (or named) block: its broker is relaunched.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await SchedulerClient(global).run(.post, "/v1/plan/restart", query: target.query)
        }
    }
}

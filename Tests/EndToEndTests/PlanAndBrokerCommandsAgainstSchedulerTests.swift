import Foundation
import Testing
import TestSupport

/// The seed's plan examples during a rollout and its plan commands (continue, interrupt, forceComplete,
/// restart — sent as the seed writes them, GET without `-X`), then its broker restart and replace examples,
/// with curl and with kafkactl, against a running scheduler named `kafka` on mesos-local.
///
/// Brokers 1 and 2 run a command that never registers with Kafka, so that under the default readiness check
/// (`broker-registered`) each of their blocks stays InProgress until it is forced complete: a deterministic
/// active block for every command.
@Suite struct PlanAndBrokerCommandsAgainstSchedulerTests {
    @Test func planCommandsDuringARolloutThenBrokerRestartAndReplace() async throws {
        try await EndToEndCluster.with("seed-commands", agents: 4, frameworkName: "kafka") { cluster in
            let placeholder = try BuiltProducts.placeholderBroker()
            let token = "uSeR_t0k3n-\(UUID().uuidString.prefix(8))"
            let scheduler = try await cluster.startScheduler([
                "API_AUTH_TOKEN": token,
                "BROKER_COMMAND":
                    "if [ \"$BROKER_ID\" != 0 ]; then exec sleep 3600; fi; "
                    + "PLACEHOLDER_ZOOKEEPER_SESSION_TIMEOUT_MS=4000 exec '\(placeholder)'",
            ])
            let api = scheduler.api
            let curl = SeedCurl(scheduler)
            let kafkactl = Kafkactl(scheduler, name: "kafka")
            let diagnostics = { cluster.diagnostics }

            try await api.awaitBlock("broker-0", "Complete", timeout: .seconds(60), diagnostics: diagnostics)
            var plan = try await api.awaitBlock("broker-1", "InProgress", diagnostics: diagnostics)
            let phase = try #require(plan.updatePhase)
            let blockIDs = phase.blocks.map(\.id)

            // GET /v1/plan during a rollout: 503, the same shape.
            let planAnswer = try await curl.run(SeedCurlCommands.plan)
            #expect(planAnswer.status == 503, "\(planAnswer)")
            let planObject = try planAnswer.object()
            #expect(Set(planObject.keys) == ["errors", "phases", "status"], "\(planAnswer)")
            #expect(planObject["status"] as? String == "InProgress", "\(planAnswer)")
            let blocks = ((planObject["phases"] as? [[String: Any]])?.last?["blocks"] as? [[String: Any]]) ?? []
            #expect(blocks.map { $0["status"] as? String } == ["Complete", "InProgress", "Pending"], "\(planAnswer)")
            #expect(blocks.map { $0["id"] as? String } == blockIDs, "\(planAnswer)")

            // GET /v1/plan/status: the active block, its phase and the stage, in the seed's snake_case shape.
            let status = try await curl.run(SeedCurlCommands.planStatus)
            #expect(status.status == 200, "\(status)")
            let statusObject = try status.object()
            #expect(Set(statusObject.keys) == ["block", "phase", "stage"], "\(status)")
            let block = statusObject["block"] as? [String: Any] ?? [:]
            #expect(Set(block.keys) == ["has_decision_point", "id", "message", "name", "status"], "\(status)")
            #expect(block["id"] as? String == blockIDs[1] && block["name"] as? String == "broker-1", "\(status)")
            #expect(block["status"] as? String == "InProgress" && Shape.isBool(block["has_decision_point"]))
            let statusPhase = statusObject["phase"] as? [String: Any] ?? [:]
            #expect(Set(statusPhase.keys) == ["block_count", "id", "name", "status"], "\(status)")
            #expect(statusPhase["id"] as? String == phase.id && statusPhase["block_count"] as? Int == 3, "\(status)")
            #expect(statusPhase["name"] as? String == phase.name, "\(status)")
            let stage = statusObject["stage"] as? [String: Any] ?? [:]
            #expect(Set(stage.keys) == ["errors", "phase_count", "status"], "\(status)")
            #expect(stage["phase_count"] as? Int == 2 && stage["status"] as? String == "InProgress", "\(status)")

            // kafkactl shows the plan in progress and exits 0.
            let shown = try await kafkactl.run(["--name=kafka", "plan", "show"])
            let shownStatus = (try shown.json() as? [String: Any])?["status"] as? String
            #expect(shown.status == 0 && shownStatus == "InProgress", "\(shown)")
            let active = try await kafkactl.run(["plan", "active"])
            #expect(active.status == 0, "\(active)")
            let activeBlock = (try active.json() as? [String: Any])?["block"] as? [String: Any]
            #expect(activeBlock?["name"] as? String == "broker-1", "\(active)")

            // interrupt and continue, with curl and with kafkactl.
            try Self.expectCommand(
                try await curl.run(SeedCurlCommands.planInterrupt), "interrupt", "interrupted", phase)
            try Self.expectCommand(try await curl.run(SeedCurlCommands.planContinue), "continue", "resumed", phase)
            try Self.expectCommand(try await kafkactl.run(["plan", "interrupt"]), "interrupt", "interrupted", phase)
            try Self.expectCommand(try await kafkactl.run(["plan", "continue"]), "continue", "resumed", phase)

            // restart: broker-1's block goes back to Pending and its broker is relaunched as a new task.
            var task = try #require(try await api.broker(1).taskId)
            try Self.expectCommand(
                try await curl.run(SeedCurlCommands.planRestart), "restart", "restarted", phase, block: blockIDs[1])
            task = try await Self.awaitRelaunch(of: 1, replacing: task, in: cluster)
            try await api.awaitBlock("broker-1", "InProgress", diagnostics: diagnostics)
            try Self.expectCommand(
                try await kafkactl.run(["plan", "restart"]), "restart", "restarted", phase, block: blockIDs[1])
            task = try await Self.awaitRelaunch(of: 1, replacing: task, in: cluster)
            try await api.awaitBlock("broker-1", "InProgress", diagnostics: diagnostics)

            // forceComplete: broker-1 is marked Complete, broker-2 starts; kafkactl's `plan force` does broker-2.
            try Self.expectCommand(
                try await curl.run(SeedCurlCommands.planForceComplete), "forceComplete", "forcedComplete", phase,
                block: blockIDs[1])
            try await api.awaitBlock("broker-2", "InProgress", diagnostics: diagnostics)
            try Self.expectCommand(
                try await kafkactl.run(["plan", "force"]), "forceComplete", "forcedComplete", phase,
                block: blockIDs[2])
            plan = try await api.awaitPlanComplete(diagnostics: diagnostics)
            #expect(plan.phases.count == 2, "\(plan.summary)")
            let complete = try await curl.run(SeedCurlCommands.plan)
            let completeValue = try complete.object()["status"] as? String
            #expect(complete.status == 200 && completeValue == "Complete", "\(complete)")
            let completeStatus = try await curl.run(SeedCurlCommands.planStatus)
            let completeKeys = Set(try completeStatus.object().keys)
            #expect(completeStatus.status == 200 && completeKeys == ["stage"], "\(completeStatus)")
            // Nothing to continue now: 409 in the error shape, through curl and kafkactl.
            let nothing = try await curl.run(SeedCurlCommands.planContinue)
            #expect(nothing.status == 409 && Shape.isError(409, body: nothing.body), "\(nothing)")
            let nothingCtl = try await kafkactl.run(["plan", "continue"])
            #expect(nothingCtl.status != 0 && nothingCtl.stderr.contains("(HTTP 409)"), "\(nothingCtl)")

            // Broker restart and replace: each answers the affected task's id, and a new task appears.
            let commands: [(String, () async throws -> (Int, String))] = [
                ("curl restart", { try Self.taskIDs(try await curl.run(SeedCurlCommands.restartBroker)) }),
                (
                    "kafkactl restart",
                    { try Self.taskIDs(try await kafkactl.run(["--name=kafka", "broker", "restart", "0"])) }
                ),
                ("curl replace", { try Self.taskIDs(try await curl.run(SeedCurlCommands.replaceBroker)) }),
                ("kafkactl replace", { try Self.taskIDs(try await kafkactl.run(["broker", "replace", "0"])) }),
            ]
            var brokerTask = try #require(try await api.broker(0).taskId)
            for (name, command) in commands {
                let (code, answered) = try await command()
                #expect(code == 0, "\(name)")
                #expect(answered == brokerTask, "\(name) answers the task it acted on")
                let relaunched = try await BrokerCommandTests.awaitNewTask(
                    of: 0, replacing: brokerTask, api: api, diagnostics: diagnostics)
                let newTask = try #require(relaunched.taskId)
                #expect(await cluster.liveTasks().contains { $0.id == newTask }, "\(name): \(newTask) in mesos-local")
                brokerTask = newTask
            }
        }
    }

    /// A plan command's answer: 200 (or exit 0), `message` "Received cmd: <command>", the outcome, the update
    /// phase and, for a block command, the block.
    static func expectCommand(
        _ answer: SeedCurl.Answer, _ command: String, _ outcome: String, _ phase: PlanDocument.Phase,
        block: String? = nil
    ) throws {
        #expect(answer.status == 200, "\(answer)")
        try expectCommandBody(try answer.object(), command, outcome, phase, block: block, context: "\(answer)")
    }

    static func expectCommand(
        _ result: CommandRun, _ command: String, _ outcome: String, _ phase: PlanDocument.Phase,
        block: String? = nil
    ) throws {
        #expect(result.status == 0, "kafkactl plan: \(result)")
        let object = try #require(try result.json() as? [String: Any], "\(result)")
        try expectCommandBody(object, command, outcome, phase, block: block, context: "\(result)")
    }

    static func expectCommandBody(
        _ object: [String: Any], _ command: String, _ outcome: String, _ phase: PlanDocument.Phase, block: String?,
        context: String
    ) throws {
        #expect(object["message"] as? String == "Received cmd: \(command)", "\(context)")
        #expect(object["outcome"] as? String == outcome, "\(context)")
        #expect(object["detail"] is String, "\(context)")
        #expect(
            object["phase"] as? [String: String] == ["id": phase.id, "name": phase.name], "\(context)")
        #expect((object["block"] as? [String: String])?["id"] == block, "\(context)")
    }

    /// The single task id of a broker command's answer (curl's or kafkactl's) and its status (0 for HTTP 200).
    static func taskIDs(_ answer: SeedCurl.Answer) throws -> (Int, String) {
        let ids = try #require(try answer.json() as? [String], "\(answer)")
        #expect(ids.count == 1 && ids.allSatisfy { $0.hasPrefix("broker-0__") }, "\(answer)")
        return (answer.status == 200 ? 0 : answer.status, ids.first ?? "")
    }

    static func taskIDs(_ result: CommandRun) throws -> (Int, String) {
        let ids = try #require(try result.json() as? [String], "\(result)")
        #expect(ids.count == 1 && ids.allSatisfy { $0.hasPrefix("broker-0__") }, "\(result)")
        return (Int(result.status), ids.first ?? "")
    }

    /// Waits until broker `id` runs a task other than `old` in mesos-local and returns its id.
    static func awaitRelaunch(of id: Int, replacing old: String, in cluster: EndToEndCluster) async throws -> String {
        try await eventually("broker-\(id) to run a task other than \(old)", diagnostics: { cluster.diagnostics }) {
            let live = await cluster.liveTasks()
            let task = live.first {
                $0.id.hasPrefix("broker-\(id)__") && $0.id != old && $0.state == "TASK_RUNNING"
            }
            guard let task else { throw Poll.Observation("\(live.map { ($0.id, $0.state) })") }
            return task.id
        }
    }
}

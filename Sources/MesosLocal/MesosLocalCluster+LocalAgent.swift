import CurlHTTP
import Logging
import Mesos

extension LocalAgent: AgentDriver {
    nonisolated func forEachUpdate(_ body: @escaping @Sendable (AgentUpdate) async -> Void) async {
        for await update in updates {
            await body(AgentUpdate(frameworkID: update.frameworkID, status: update.status))
        }
    }
}

extension MesosLocalCluster {
    /// Starts a master with `options.agents` agents that run tasks as local processes under
    /// `options.workDirectory`; returns once the master serves requests. Call `stop()` when done.
    public static func start(
        _ options: MesosLocalOptions, logger: Logger = Logger(label: "kafka-scheduler.mesos-local")
    ) async throws -> MesosLocalCluster {
        // One client fetches the tasks' URIs for every agent.
        let fetcher = HTTPClient(logger: logger)
        return try await start(
            options,
            agentFactory: { spec in
                LocalAgent(
                    configuration: LocalAgent.Configuration(
                        agentID: spec.agentID, hostname: spec.hostname, workDirectory: spec.workDirectory,
                        updateRetryInterval: spec.updateRetryInterval),
                    httpClient: fetcher, logger: logger)
            }, logger: logger)
    }
}

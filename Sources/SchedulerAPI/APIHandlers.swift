import Hummingbird
import KafkaFramework
import Logging
import Plan
import Prometheus

/// The handlers of every route. Reads answer from the latest snapshot (cached encodings); commands go to
/// the scheduler and the topic operations.
struct APIHandlers: Sendable {
    let configuration: APIConfiguration
    let control: any SchedulerControl
    let topics: any TopicOperations
    let registry: PrometheusCollectorRegistry
    let snapshotMetrics: SnapshotMetrics
    let cache = ResponseCache()
    let logger: Logger

    init(
        configuration: APIConfiguration, control: any SchedulerControl, topics: any TopicOperations,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) {
        self.configuration = configuration
        self.control = control
        self.topics = topics
        self.registry = registry
        self.snapshotMetrics = SnapshotMetrics(registry: registry)
        self.logger = logger
    }

    /// The cached body for `key` under the current snapshot, encoding `make`'s value the first time.
    func cached(
        _ key: ResponseCache.Key, _ snapshot: SchedulerSnapshot, status: HTTPResponse.Status = .ok,
        _ make: (SchedulerSnapshot) -> some Encodable
    ) -> Response {
        let body = cache.body(key, for: snapshot) { JSONBody.encode(make(snapshot)) }
        return JSONBody.response(body, status: status)
    }

    // MARK: Service

    func root(_ request: Request, _ context: BasicRequestContext) -> Response {
        JSONBody.response(RootBody(commit: configuration.commit, version: configuration.version))
    }

    func health(_ request: Request, _ context: BasicRequestContext) -> Response {
        let health = control.snapshot.health
        if health.isHealthy {
            return JSONBody.response(HealthBody(status: "healthy", message: nil, reasons: nil))
        }
        let problems = health.problems
        return JSONBody.response(
            HealthBody(status: "unhealthy", message: problems.joined(separator: "; "), reasons: problems),
            status: .serviceUnavailable)
    }

    func metrics(_ request: Request, _ context: BasicRequestContext) -> Response {
        snapshotMetrics.update(from: control.snapshot)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Connection

    func connection(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.connection, control.snapshot) { ConnectionBody($0.connection) }
    }

    func connectionAddress(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.address, control.snapshot) { AddressBody(address: $0.connection.address) }
    }

    func connectionDNS(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.dns, control.snapshot) { DNSBody(dns: $0.connection.dns) }
    }

    // MARK: Brokers

    func brokers(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.brokers, control.snapshot) { BrokerListBody($0) }
    }

    func broker(_ request: Request, _ context: BasicRequestContext) throws(APIError) -> Response {
        let id = try context.brokerID()
        let snapshot = control.snapshot
        guard let broker = snapshot.broker(id) else {
            throw APIError(SchedulerControlError.unknownBroker(id: id, brokerCount: snapshot.brokers.count))
        }
        return cached(.broker(id), snapshot) { _ in BrokerDetailsBody(broker: broker) }
    }

    func restartOrReplaceBroker(_ request: Request, _ context: BasicRequestContext) async throws(APIError)
        -> Response
    {
        let id = try context.brokerID()
        let replace = try request.boolean("replace", default: false)
        let taskIDs: [String]
        do {
            taskIDs = replace ? try await control.replaceBroker(id) : try await control.restartBroker(id)
        } catch {
            throw APIError(error)
        }
        logger.info(
            "broker \(replace ? "replace" : "restart") requested",
            metadata: ["broker": "\(id)", "tasks": "\(taskIDs.joined(separator: ","))"])
        return JSONBody.response(taskIDs)
    }

    // MARK: Configurations

    func configurationIDs(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.configurationIDs, control.snapshot) { $0.configurations.ids }
    }

    func configuration(_ request: Request, _ context: BasicRequestContext) throws(APIError) -> Response {
        let id = try context.pathParameter("id")
        let snapshot = control.snapshot
        guard let configuration = snapshot.configurations.byID[id] else {
            throw .notFound("no configuration with id '\(id)' (see GET /v1/configurations)")
        }
        return cached(.configuration(id), snapshot) { _ in configuration.masked }
    }

    func targetConfiguration(_ request: Request, _ context: BasicRequestContext) throws(APIError) -> Response {
        let snapshot = control.snapshot
        guard let id = snapshot.configurations.targetID, let configuration = snapshot.configurations.byID[id] else {
            throw APIError(.serviceUnavailable, "the scheduler has not stored a target configuration yet")
        }
        return cached(.configuration(id), snapshot) { _ in configuration.masked }
    }

    func targetConfigurationID(_ request: Request, _ context: BasicRequestContext) throws(APIError) -> Response {
        let snapshot = control.snapshot
        guard let id = snapshot.configurations.targetID else {
            throw APIError(.serviceUnavailable, "the scheduler has not stored a target configuration yet")
        }
        return cached(.targetID, snapshot) { _ in id }
    }

    // MARK: Plan

    func plan(_ request: Request, _ context: BasicRequestContext) -> Response {
        let snapshot = control.snapshot
        return cached(.plan, snapshot, status: snapshot.planComplete ? .ok : .serviceUnavailable) { $0.plan }
    }

    func planStatus(_ request: Request, _ context: BasicRequestContext) -> Response {
        cached(.planStatus, control.snapshot) { $0.planStatus }
    }

    func planCommand(_ kind: PlanCommandKind, _ request: Request) async throws(APIError) -> Response {
        let command = PlanCommand(kind, phaseID: request.query("phase"), blockID: request.query("block"))
        let result: PlanCommandResult
        do {
            result = try await control.applyPlanCommand(command)
        } catch {
            throw APIError(error)
        }
        logger.info(
            "plan command applied",
            metadata: ["command": "\(kind.rawValue)", "outcome": "\(result.outcome.rawValue)"])
        return JSONBody.response(PlanCommandBody(result))
    }
}

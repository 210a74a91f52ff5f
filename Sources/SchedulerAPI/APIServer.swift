import Hummingbird
import KafkaFramework
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The embedded REST server: the seed's API at `/v1/…` and `/service/<name>/v1/…`, plus `/`, `/health` and
/// `/metrics`.
///
/// The daemon builds it with the scheduler (`SchedulerControl`), the topic operations and the Prometheus
/// registry that its `MetricsSystem` factory writes into (so the scheduler's own counters appear on
/// `/metrics` too), and runs `makeService()` in its `ServiceGroup`; a graceful shutdown of the group stops
/// accepting connections and lets requests in flight finish.
public struct APIServer: Sendable {
    public let configuration: APIConfiguration
    let handlers: APIHandlers
    let logger: Logger

    public init(
        configuration: APIConfiguration, control: any SchedulerControl, topics: any TopicOperations,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) {
        self.configuration = configuration
        self.logger = logger
        self.handlers = APIHandlers(
            configuration: configuration, control: control, topics: topics, registry: registry, logger: logger)
    }

    /// The HTTP server as a service for a `ServiceGroup`. `onListening` is called with the bound port once
    /// the server accepts connections (useful with port 0).
    public func makeService(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let logger = self.logger
        let configuration = self.configuration
        if configuration.authToken == nil {
            logger.warning(
                "API_AUTH_TOKEN is not set: the REST API accepts every request without authentication")
        }
        return Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "kafka-scheduler"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info(
                    "REST API listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
                await onListening(port)
            },
            logger: logger)
    }

    /// The router with every route and the middlewares (metrics, errors, authentication).
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        let servicePrefix = "/service/\(configuration.frameworkName)"
        router.add(middleware: RequestMetricsMiddleware(registry: handlers.registry, servicePrefix: servicePrefix))
        router.add(middleware: ErrorMiddleware(logger: logger))
        if let token = configuration.authToken {
            router.add(middleware: AuthMiddleware(token: token, openPaths: ["/health"]))
        }
        for route in APIRoutes.serviceRoutes(handlers) {
            APIRoutes.register(route, at: route.path, on: router)
        }
        for route in APIRoutes.v1Routes(handlers) {
            APIRoutes.register(route, at: "/v1/\(route.path)", on: router)
            APIRoutes.register(route, at: "\(servicePrefix)/v1/\(route.path)", on: router)
        }
        return router
    }
}

import Hummingbird
import Prometheus

/// Counts requests and records their latency by route, method and status in the Prometheus registry:
/// `kafka_scheduler_http_requests_total` and `kafka_scheduler_http_request_duration_seconds`.
///
/// The route is the matched route template without the `/service/<name>` prefix (`/v1/brokers/{id}`), or
/// `unmatched` for unknown paths, so that the label set stays small.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    /// `/service/<name>`, stripped from route templates.
    let servicePrefix: String

    static var requestsName: String { "kafka_scheduler_http_requests_total" }
    static var durationName: String { "kafka_scheduler_http_request_duration_seconds" }

    static var buckets: [Duration] {
        [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware inside this one answers every error; count what escapes it as a 500.
            record(request, context: context, status: 500, duration: ContinuousClock.now - start)
            throw error
        }
        record(request, context: context, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }

    private func record(_ request: Request, context: Context, status: Int, duration: Duration) {
        let route = routeLabel(context.endpointPath)
        let method = request.method.rawValue
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kafka_scheduler", subsystem: "http", metricName: "requests", unitName: "total",
                helpText: "HTTP requests answered, by route, method and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kafka_scheduler", subsystem: "http", metricName: "request_duration",
                unitName: "seconds", helpText: "HTTP request latency, by route and method"),
            labels: [("route", route), ("method", method)],
            buckets: Self.buckets
        ).record(duration)
    }

    private func routeLabel(_ endpoint: String?) -> String {
        guard let endpoint, endpoint != "NotFound" else { return "unmatched" }
        if endpoint.hasPrefix(servicePrefix + "/") {
            return String(endpoint.dropFirst(servicePrefix.count))
        }
        return endpoint
    }
}

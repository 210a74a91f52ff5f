import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// Counts requests and records their latency by route, method and status in the Prometheus registry:
/// `kafka_scheduler_http_requests_total` and `kafka_scheduler_http_request_duration_seconds`.
///
/// The route is the matched route template without the `/service/<name>` prefix (`/v1/brokers/{id}`), or
/// `unmatched` for unknown paths, so that the label set stays small.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let instruments: RequestInstruments
    /// `/service/<name>`, stripped from route templates.
    let servicePrefix: String

    init(registry: PrometheusCollectorRegistry, servicePrefix: String) {
        self.instruments = RequestInstruments(registry: registry)
        self.servicePrefix = servicePrefix
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
        instruments.counter(route: route, method: request.method.rawValue, status: status).increment()
        instruments.histogram(route: route, method: request.method.rawValue).record(duration)
    }

    private func routeLabel(_ endpoint: String?) -> String {
        guard let endpoint, endpoint != "NotFound" else { return "unmatched" }
        if endpoint.hasPrefix(servicePrefix + "/") {
            return String(endpoint.dropFirst(servicePrefix.count))
        }
        return endpoint
    }
}

/// The request counters and histograms, looked up once per label set: the registry validates names and
/// labels on every lookup, which is more work than a request to a cached route.
final class RequestInstruments: Sendable {
    private struct Instruments {
        var counters: [CounterKey: Counter] = [:]
        var histograms: [HistogramKey: DurationHistogram] = [:]
    }

    private let instruments = Mutex(Instruments())
    private let registry: PrometheusCollectorRegistry

    private struct CounterKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct HistogramKey: Hashable {
        let route: String
        let method: String
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "kafka_scheduler", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by route, method and status")
    }

    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "kafka_scheduler", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency, by route and method")
    }
    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func counter(route: String, method: String, status: Int) -> Counter {
        let key = CounterKey(route: route, method: method, status: status)
        return instruments.withLock { instruments in
            if let counter = instruments.counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
            instruments.counters[key] = counter
            return counter
        }
    }

    func histogram(route: String, method: String) -> DurationHistogram {
        let key = HistogramKey(route: route, method: method)
        return instruments.withLock { instruments in
            if let histogram = instruments.histograms[key] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: Self.duration, labels: [("route", route), ("method", method)], buckets: Self.buckets)
            instruments.histograms[key] = histogram
            return histogram
        }
    }
}

import CoreMetrics
import Foundation
import KafkaFramework
import Prometheus
import Testing

@Suite struct HealthAndMetricsTests {
    @Test func healthIs503WithReasonsWhenNotLeaderSubscribedAndConnected() async throws {
        let scheduler = Seed.scheduler()
        try await withTestServer(scheduler: scheduler) { server in
            await scheduler.setHealth(HealthSnapshot(isLeader: false, isSubscribed: false, isZooKeeperConnected: true))
            let answer = try await server.request("GET", "/health", authorized: false)
            #expect(answer.status == 503)
            let body = try answer.object()
            #expect(body["status"] as? String == "unhealthy")
            #expect(
                body["reasons"] as? [String]
                    == ["this instance does not hold the leader lock", "not subscribed to the Mesos master"])
            await scheduler.setHealth(
                HealthSnapshot(
                    isLeader: true, isSubscribed: true, isZooKeeperConnected: false,
                    reasons: ["ZooKeeper session expired; reconnecting to 10.0.0.2:2181"]))
            let expired = try await server.request("GET", "/health", authorized: false)
            #expect(expired.status == 503)
            #expect(
                try expired.object()["message"] as? String == "ZooKeeper session expired; reconnecting to 10.0.0.2:2181"
            )
            await scheduler.setHealth(HealthSnapshot(isLeader: true, isSubscribed: true, isZooKeeperConnected: true))
            #expect(try await server.request("GET", "/health", authorized: false).status == 200)
        }
    }

    @Test func metricsAreValidPrometheusTextAndCountRequests() async throws {
        let scheduler = Seed.scheduler(planComplete: false)
        await scheduler.updateBroker(2) { $0.taskState = .lost }
        try await withTestServer(scheduler: scheduler) { server in
            for _ in 0..<3 { _ = try await server.get("/v1/brokers") }
            _ = try await server.get("/service/kafka/v1/brokers/1")
            _ = try await server.get("/v1/brokers/9")
            _ = try await server.request("DELETE", "/v1/brokers")
            _ = try await server.get("/v1/unknown")
            let answer = try await server.get("/metrics")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try PrometheusText.parse(answer.text)
            func value(_ name: String, _ labels: [String: String]) -> Double? {
                samples.first { $0.name == name && $0.labels == labels }?.value
            }
            let requests = "kafka_scheduler_http_requests_total"
            #expect(value(requests, ["route": "/v1/brokers", "method": "GET", "status": "200"]) == 3)
            #expect(value(requests, ["route": "/v1/brokers/{id}", "method": "GET", "status": "200"]) == 1)
            #expect(value(requests, ["route": "/v1/brokers/{id}", "method": "GET", "status": "404"]) == 1)
            #expect(value(requests, ["route": "/v1/brokers", "method": "DELETE", "status": "405"]) == 1)
            #expect(value(requests, ["route": "unmatched", "method": "GET", "status": "404"]) == 1)
            #expect(
                value(
                    "kafka_scheduler_http_request_duration_seconds_count", ["route": "/v1/brokers", "method": "GET"])
                    == 3)
            #expect(value("kafka_scheduler_brokers", ["state": "TASK_RUNNING"]) == 2)
            #expect(value("kafka_scheduler_brokers", ["state": "TASK_LOST"]) == 1)
            #expect(value("kafka_scheduler_brokers", ["state": "NOT_LAUNCHED"]) == 0)
            #expect(value("kafka_scheduler_plan_blocks", ["status": "Complete"]) == 1)
            #expect(value("kafka_scheduler_plan_blocks", ["status": "InProgress"]) == 1)
            #expect(value("kafka_scheduler_plan_blocks", ["status": "Pending"]) == 2)
            #expect(value("kafka_scheduler_plan_complete", [:]) == 0)
            #expect(value("kafka_scheduler_leader", [:]) == 1)
            #expect(value("kafka_scheduler_mesos_subscribed", [:]) == 1)
            #expect(value("kafka_scheduler_zookeeper_connected", [:]) == 1)
        }
    }

    /// The scheduler's swift-metrics counters, made through a factory over the same registry, show up on
    /// `/metrics` beside the API's own.
    @Test func sharedRegistryShowsTheSchedulersCounters() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let offers = factory.makeCounter(label: "kafka_scheduler_offers_received_total", dimensions: [])
        offers.increment(by: 7)
        try await withTestServer(registry: registry) { server in
            let samples = try PrometheusText.parse(try await server.get("/metrics").text)
            #expect(samples.contains { $0.name == "kafka_scheduler_offers_received_total" && $0.value == 7 })
        }
    }
}

/// A strict reader of the Prometheus text exposition format (version 0.0.4).
enum PrometheusText {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: String
        var description: String { "not Prometheus text: \(line)" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        var typed: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3])
                else { throw ParseError(line: String(line)) }
                typed[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try sample(String(line)))
        }
        for sample in samples {
            let family = ["_bucket", "_count", "_sum"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && typed[String(name.dropLast(suffix.count))] == "histogram"
                    ? String(name.dropLast(suffix.count)) : name
            }
            guard typed[family] != nil else { throw ParseError(line: "no TYPE for \(sample.name)") }
        }
        return samples
    }

    static func sample(_ line: String) throws -> Sample {
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
        let name = String(line[..<nameEnd])
        guard name.range(of: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", options: .regularExpression) != nil else {
            throw ParseError(line: line)
        }
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.hasPrefix("{") {
            guard let close = rest.lastIndex(of: "}") else { throw ParseError(line: line) }
            let body = rest[rest.index(after: rest.startIndex)..<close]
            let pattern = #"([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""#
            let regex = try NSRegularExpression(pattern: pattern)
            let string = String(body)
            var consumed = 0
            for match in regex.matches(in: string, range: NSRange(string.startIndex..., in: string)) {
                let key = String(string[Range(match.range(at: 1), in: string)!])
                let value = String(string[Range(match.range(at: 2), in: string)!])
                labels[key] = value
                consumed += match.range.length
            }
            let separators = string.filter { $0 == "," }.count
            guard consumed + separators >= string.count - string.filter({ $0 == " " }).count else {
                throw ParseError(line: line)
            }
            rest = rest[rest.index(after: close)...]
        }
        let fields = rest.split(separator: " ")
        guard fields.count == 1 || fields.count == 2, let value = Double(fields[0]) ?? special(fields[0]) else {
            throw ParseError(line: line)
        }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func special(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return nil
        }
    }
}

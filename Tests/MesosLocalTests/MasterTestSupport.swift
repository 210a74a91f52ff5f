import CurlHTTP
import Foundation
import Logging
import Mesos
import Testing

@testable import MesosLocal

struct TestTimeout: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` against an in-process cluster of fake agents and stops it afterwards, also on failure.
func withCluster<T: Sendable>(
    agents: Int = 2,
    configure: (inout MesosLocalOptions) -> Void = { _ in },
    _ body: (MesosLocalCluster, FakeAgents) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "mesos-local-test-\(UUID().uuidString.prefix(8))"
    ).path
    var options = MesosLocalOptions(
        port: 0, agents: agents, agentCPUs: 4, agentMemory: 8192, agentDisk: 20000, agentPorts: 31000...31999,
        workDirectory: directory, heartbeatInterval: .seconds(15), allocationInterval: .milliseconds(50),
        updateRetryInterval: .seconds(1), agentReregistrationDelay: .milliseconds(200))
    configure(&options)
    let fakes = FakeAgents()
    var logger = Logger(label: "mesos-local-test")
    logger.logLevel = .warning
    let cluster = try await MesosLocalCluster.start(options, agentFactory: fakes.factory, logger: logger)
    do {
        let result = try await body(cluster, fakes)
        await cluster.stop()
        try? FileManager.default.removeItem(atPath: directory)
        return result
    } catch {
        await cluster.stop()
        try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
}

/// Events received on one subscription stream, kept in order; tests take them by type.
actor EventLog {
    private(set) var events: [Event] = []
    private(set) var records: [[UInt8]] = []
    private var taken: Set<Int> = []
    private(set) var ended = false
    private(set) var failure: String?

    func append(_ record: [UInt8]) {
        records.append(record)
        if let event = try? MesosJSON.decode(Event.self, from: record) {
            events.append(event)
        } else {
            failure = "undecodable record: \(String(decoding: record, as: UTF8.self))"
        }
    }

    func end(_ error: String?) {
        ended = true
        if let error { failure = failure ?? error }
    }

    /// The first event matching `predicate` not taken yet.
    func take(where predicate: (Event) -> Bool) -> Event? {
        for (index, event) in events.enumerated() where !taken.contains(index) && predicate(event) {
            taken.insert(index)
            return event
        }
        return nil
    }
}

/// A scheduler speaking raw HTTP to the master: one subscription stream plus calls.
final class TestScheduler: Sendable {
    static let http = HTTPClient()

    let baseURL: String
    let head: HTTPClient.ResponseHead
    let streamID: String
    let frameworkID: FrameworkID
    let log: EventLog
    let subscribed: Event
    private let reader: Task<Void, Never>
    private let response: HTTPClient.StreamingResponse
    let basicAuth: HTTPClient.BasicAuth?

    private init(
        baseURL: String, response: HTTPClient.StreamingResponse, log: EventLog, reader: Task<Void, Never>,
        subscribed: Event, basicAuth: HTTPClient.BasicAuth?
    ) {
        self.baseURL = baseURL
        self.response = response
        self.head = response.head
        self.streamID = response.headers["Mesos-Stream-Id"] ?? ""
        self.log = log
        self.reader = reader
        self.subscribed = subscribed
        self.frameworkID = subscribed.subscribed?.frameworkID ?? FrameworkID("")
        self.basicAuth = basicAuth
    }

    static func frameworkInfo(
        name: String = "test-framework", id: FrameworkID? = nil, roles: [String] = ["kafka"],
        capabilities: [FrameworkInfo.Capability.CapabilityType] = [
            .multiRole, .reservationRefinement, .partitionAware, .taskKillingState,
        ],
        failoverTimeout: Double? = 3600, principal: String? = "kafka-fw"
    ) -> FrameworkInfo {
        FrameworkInfo(
            user: "kafka", name: name, id: id, failoverTimeout: failoverTimeout, checkpoint: true,
            role: capabilities.contains(.multiRole) ? nil : roles.first,
            roles: capabilities.contains(.multiRole) ? roles : [],
            principal: principal, capabilities: capabilities.map { .init($0) })
    }

    /// SUBSCRIBE and wait for SUBSCRIBED.
    static func subscribe(
        _ url: String, _ info: FrameworkInfo = frameworkInfo(), suppressedRoles: [String] = [],
        basicAuth: HTTPClient.BasicAuth? = nil, autoAcknowledge: Bool = true
    ) async throws -> TestScheduler {
        let call = Call.subscribe(info, suppressedRoles: suppressedRoles)
        let response = try await http.stream(
            HTTPClient.Request(
                method: .post, url: url + "/api/v1/scheduler",
                headers: ["Content-Type": "application/json", "Accept": "application/json"],
                body: try MesosJSON.encode(call), basicAuth: basicAuth))
        guard response.status == 200 else {
            let body = try await response.body.collect()
            throw TestTimeout(
                description: "SUBSCRIBE answered \(response.status): \(String(decoding: body, as: UTF8.self))")
        }
        let log = EventLog()
        let streamID = response.headers["Mesos-Stream-Id"] ?? ""
        let reader = Task {
            var decoder = RecordIODecoder()
            var frameworkID: FrameworkID?
            do {
                for try await chunk in response.body {
                    for record in try decoder.decode(chunk) {
                        await log.append(record)
                        guard let event = try? MesosJSON.decode(Event.self, from: record) else { continue }
                        if let subscribed = event.subscribed { frameworkID = subscribed.frameworkID }
                        // Like a well-behaved scheduler: acknowledge every reliable update.
                        if autoAcknowledge, let frameworkID, let status = event.update?.status,
                            let ack = Call.acknowledge(frameworkID: frameworkID, status: status)
                        {
                            var headers: HTTPClient.Headers = ["Content-Type": "application/json"]
                            headers.add(name: "Mesos-Stream-Id", value: streamID)
                            _ = try? await http.execute(
                                HTTPClient.Request(
                                    method: .post, url: url + "/api/v1/scheduler", headers: headers,
                                    body: try MesosJSON.encode(ack), timeout: .seconds(10), basicAuth: basicAuth))
                        }
                    }
                }
                await log.end(nil)
            } catch {
                await log.end("\(error)")
            }
        }
        let first = try await Self.wait("SUBSCRIBED or ERROR") {
            await log.events.first
        }
        let scheduler = TestScheduler(
            baseURL: url, response: response, log: log, reader: reader, subscribed: first, basicAuth: basicAuth)
        guard first.type == .subscribed else {
            throw TestTimeout(description: "expected SUBSCRIBED, got \(try MesosJSON.encodeString(first))")
        }
        _ = await log.take { $0.type == .subscribed }
        return scheduler
    }

    /// Sends a call on a separate connection with this stream's id.
    @discardableResult
    func call(_ call: Call, streamID: String? = nil) async throws -> HTTPClient.Response {
        var headers: HTTPClient.Headers = ["Content-Type": "application/json"]
        headers.add(name: "Mesos-Stream-Id", value: streamID ?? self.streamID)
        return try await Self.http.execute(
            HTTPClient.Request(
                method: .post, url: baseURL + "/api/v1/scheduler", headers: headers, body: try MesosJSON.encode(call),
                timeout: .seconds(10), basicAuth: basicAuth))
    }

    /// Sends a call and expects 202.
    func send(_ call: Call) async throws {
        let response = try await self.call(call)
        #expect(response.status == 202, "\(call.type.wireName) answered \(response.status): \(response.text)")
    }

    /// The next event of `type` (waiting up to `timeout`).
    func next(
        _ type: Event.EventType, timeout: Duration = .seconds(5),
        where predicate: @escaping @Sendable (Event) -> Bool = { _ in true }
    ) async throws -> Event {
        let log = self.log
        return try await Self.wait("a \(type.wireName) event", timeout: timeout) {
            await log.take { $0.type == type && predicate($0) }
        }
    }

    /// The next UPDATE for `taskID` in `state`, acknowledged when it carries a uuid and `acknowledge`.
    func update(
        _ taskID: TaskID, _ state: TaskState, acknowledge: Bool = false, timeout: Duration = .seconds(5)
    ) async throws -> TaskStatus {
        let event = try await next(.update, timeout: timeout) {
            $0.update?.status.taskID == taskID && $0.update?.status.state == state
        }
        let status = event.update!.status
        if acknowledge, let ack = Call.acknowledge(frameworkID: frameworkID, status: status) {
            try await send(ack)
        }
        return status
    }

    /// The next reconciliation answer (SOURCE_MASTER, REASON_RECONCILIATION) for `taskID` in `state`.
    func reconciled(_ taskID: TaskID, _ state: TaskState, timeout: Duration = .seconds(5)) async throws -> TaskStatus {
        try await next(.update, timeout: timeout) {
            $0.update?.status.taskID == taskID && $0.update?.status.state == state
                && $0.update?.status.reason == .reconciliation
        }.update!.status
    }

    /// Checks that no event of `type` matching `predicate` arrives within `duration`.
    func expectNone(
        _ type: Event.EventType, within duration: Duration,
        where predicate: @escaping @Sendable (Event) -> Bool = { _ in true }
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if let event = await log.take(where: { $0.type == type && predicate($0) }) {
                Issue.record("unexpected \(type.wireName): \((try? MesosJSON.encodeString(event)) ?? "")")
                return false
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Waits until the stream has ended.
    func waitForEnd(timeout: Duration = .seconds(5)) async throws {
        let log = self.log
        _ = try await Self.wait("the end of the stream", timeout: timeout) { await log.ended ? true : nil }
    }

    func close() {
        response.cancel()
        reader.cancel()
    }

    deinit {
        response.cancel()
        reader.cancel()
    }

    /// Polls `probe` every 10 ms until it gives a value or `timeout` passes.
    @discardableResult
    static func wait<T>(
        _ what: String, timeout: Duration = .seconds(5), _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await probe() { return value }
            if ContinuousClock.now >= deadline { throw TestTimeout(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A command task using `resources` from an offer.
func commandTask(_ id: String, agentID: AgentID, resources: [Resource], command: String = "sleep 1000") -> TaskInfo {
    TaskInfo(
        name: id, taskID: TaskID(id), agentID: agentID, resources: resources,
        command: CommandInfo(value: command, shell: true))
}

/// Small resources allocated to `role`, unreserved.
func smallResources(role: String = "kafka", cpus: Double = 0.5, mem: Double = 256) -> [Resource] {
    [Resource.cpus(cpus).allocated(to: role), Resource.mem(mem).allocated(to: role)]
}

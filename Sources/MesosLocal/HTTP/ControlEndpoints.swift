import Foundation
import Hummingbird
import Mesos
import NIOCore

/// Fault injection under `/local/`: agents removed, restored and restarted, task processes crashed,
/// streams dropped, master failovers, and heartbeats paused or delayed. All POST; JSON answers.
struct ControlEndpoints: Sendable {
    let master: Master

    func respond(to request: Request) async -> Response {
        guard request.method == .post else { return MasterResponder.methodNotAllowed(request, allowed: "POST") }
        let parts = request.uri.path.split(separator: "/").map(String.init)
        let query = request.uri.queryParameters
        do throws(ControlError) {
            switch (parts.count, parts.count > 1 ? parts[1] : "") {
            case (4, "agents"):
                let agentID = AgentID(parts[2])
                switch parts[3] {
                case "remove":
                    try await master.removeAgent(agentID, gone: query.get("gone") == "true")
                case "restore":
                    try await master.restoreAgent(agentID)
                case "restart":
                    try await master.restartAgent(agentID)
                default:
                    return notFound(request)
                }
                return Self.ok(["agent_id": .string(agentID.value)])
            case (4, "tasks") where parts[3] == "crash":
                let taskID = TaskID(parts[2])
                let frameworkID = query.get("framework_id").map { FrameworkID($0) }
                let driver = try await master.agentRunning(taskID, frameworkID: frameworkID)
                guard await driver.crash(taskID) else { throw .unknownTask(taskID.value) }
                return Self.ok(["task_id": .string(taskID.value)])
            case (4, "frameworks") where parts[3] == "disconnect":
                try await master.dropStream(of: FrameworkID(parts[2]))
                return Self.ok(["framework_id": .string(parts[2])])
            case (3, "master") where parts[2] == "failover":
                let recovery = query.get("recovery_seconds").flatMap(Double.init).flatMap(Duration.fromSeconds) ?? .zero
                let id = await master.failover(recoveryTime: recovery)
                return Self.ok(["master_id": .string(id)])
            case (3, "heartbeats"):
                switch parts[2] {
                case "pause": await master.setHeartbeatsPaused(true)
                case "resume": await master.setHeartbeatsPaused(false)
                case "delay":
                    guard let seconds = query.get("seconds").flatMap(Double.init).flatMap(Duration.fromSeconds) else {
                        return Self.error(400, "Expecting a 'seconds' query parameter (a non-negative number)")
                    }
                    await master.delayHeartbeats(by: seconds)
                default:
                    return notFound(request)
                }
                return Self.ok([:])
            default:
                return notFound(request)
            }
        } catch {
            switch error {
            case .unknownAgent, .unknownTask, .unknownFramework: return Self.error(404, error.description)
            case .agentState: return Self.error(409, error.description)
            }
        }
    }

    private func notFound(_ request: Request) -> Response {
        Self.error(404, "No control endpoint \(request.uri.path); see docs/mesos-local.md")
    }

    static func ok(_ fields: [String: JSONValue]) -> Response {
        var object = fields
        object["ok"] = .bool(true)
        let body = (try? MesosJSON.encode(JSONValue.object(object))) ?? Array("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ status: Int, _ message: String) -> Response {
        let object: JSONValue = .object(["error_code": .integer(Int64(status)), "message": .string(message)])
        let body = (try? MesosJSON.encode(object)) ?? Array("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

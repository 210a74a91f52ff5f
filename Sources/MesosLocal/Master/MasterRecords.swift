import Foundation
import Mesos

/// A framework the master knows.
struct FrameworkRecord: Sendable {
    let id: FrameworkID
    var info: FrameworkInfo
    /// The subscription stream; nil while the framework is disconnected.
    var connection: EventConnection?
    var suppressedRoles: Set<String> = []
    /// Refuse filters by (role, agent).
    var filters: [FilterKey: RefuseFilter] = [:]
    var offers: Set<OfferID> = []
    var registeredTime: Double
    /// Bumped on every (re)subscription and disconnection, so that a stale failover timer does nothing.
    var generation = 0
    var unregisteredTime: Double?

    var roles: [String] { info.effectiveRoles }
    var isConnected: Bool { connection != nil }
    var partitionAware: Bool { info.hasCapability(.partitionAware) }
    var multiRole: Bool { info.hasCapability(.multiRole) }
    var reservationRefinement: Bool { info.hasCapability(.reservationRefinement) }
    var taskKillingState: Bool { info.hasCapability(.taskKillingState) }
}

struct FilterKey: Hashable, Sendable {
    var role: String
    var agentID: AgentID
}

/// Resources a framework declined (or left unused) on an agent, refused until `expires`.
struct RefuseFilter: Sendable {
    /// Without allocation info.
    var resources: Resources
    var expires: ContinuousClock.Instant
}

/// An outstanding offer.
struct OfferRecord: Sendable {
    let id: OfferID
    let frameworkID: FrameworkID
    let agentID: AgentID
    let role: String
    /// With allocation info (the role), in the refinement format.
    var resources: Resources
}

/// A task the master knows, from its launch until its terminal update is acknowledged.
struct TaskRecord: Sendable {
    /// As launched: refinement format, allocation info set.
    var info: TaskInfo
    let frameworkID: FrameworkID
    let agentID: AgentID
    /// Without allocation info: what the task holds of its agent until its terminal update.
    let resources: Resources
    var state: TaskState
    var latestStatus: TaskStatus?
    /// Whether `resources` went back to the agent (terminal or unreachable).
    var released = false
    /// The uuid of the terminal update forwarded to the framework; its acknowledgement forgets the task.
    var terminalUUID: Data?
    var unreachableTime: TimeInfo?
}

/// Where an agent stands with the master.
enum AgentState: Sendable, Equatable {
    case registered
    /// Marked unreachable (the control endpoint's "remove"); may come back.
    case unreachable(since: TimeInfo)
    /// Marked gone by an operator; never comes back.
    case gone
    /// After a master failover, until the agent re-registers.
    case recovering
}

/// A simulated agent as the master sees it.
struct AgentRecord: Sendable {
    let id: AgentID
    let hostname: String
    let workDirectory: String
    let channel: AgentChannel
    /// Everything the agent has, without allocation info: reservations and volumes change it.
    var total: Resources
    /// Held by tasks (not yet terminal), without allocation info.
    var used = Resources()
    /// Held by outstanding offers, without allocation info.
    var offered = Resources()
    var state: AgentState = .registered
    var registeredTime: Double

    var isRegistered: Bool { state == .registered }

    var free: Resources {
        var result = total
        result.subtract(used)
        result.subtract(offered)
        return result
    }
}

/// Seconds since the epoch, as Mesos's `timestamp` fields hold them.
func currentTimestamp() -> Double {
    Date().timeIntervalSince1970
}

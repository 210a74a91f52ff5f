import Mesos

/// The master's state in the shape of Mesos's `GET /master/state` (the fields tests and tools read).
public struct MasterState: Codable, Sendable {
    /// Resource amounts the way Mesos's state endpoint writes them: scalars by name, `ports` as `[a-b, c-d]`.
    public struct ResourceSummary: Codable, Sendable, Equatable {
        public var cpus: Double
        public var mem: Double
        public var disk: Double
        public var gpus: Double
        public var ports: String?

        public init(cpus: Double = 0, mem: Double = 0, disk: Double = 0, gpus: Double = 0, ports: String? = nil) {
            self.cpus = cpus
            self.mem = mem
            self.disk = disk
            self.gpus = gpus
            self.ports = ports
        }

        init(_ resources: Resources) {
            cpus = resources.cpus
            mem = resources.mem
            disk = resources.disk
            gpus = resources.gpus
            let ranges = resources.ports.range
            ports = ranges.isEmpty ? nil : "[" + ranges.map { "\($0.begin)-\($0.end)" }.joined(separator: ", ") + "]"
        }
    }

    public struct Task: Codable, Sendable {
        public var id: String
        public var name: String
        public var frameworkID: String
        public var slaveID: String
        public var state: String
        public var resources: ResourceSummary
        /// The task's resources as launched (refinement format).
        public var fullResources: [Resource]
        public var statuses: [TaskStatus]

        enum CodingKeys: String, CodingKey {
            case id, name
            case frameworkID = "framework_id"
            case slaveID = "slave_id"
            case state, resources
            case fullResources = "full_resources"
            case statuses
        }
    }

    public struct Framework: Codable, Sendable {
        public var id: String
        public var name: String
        public var active: Bool
        public var connected: Bool
        public var roles: [String]
        public var principal: String?
        public var capabilities: [String]
        public var failoverTimeout: Double
        public var registeredTime: Double
        public var unregisteredTime: Double?
        public var suppressedRoles: [String]
        public var tasks: [Task]
        public var completedTasks: [Task]
        public var offers: [String]

        enum CodingKeys: String, CodingKey {
            case id, name, active, connected, roles, principal, capabilities
            case failoverTimeout = "failover_timeout"
            case registeredTime = "registered_time"
            case unregisteredTime = "unregistered_time"
            case suppressedRoles = "suppressed_roles"
            case tasks
            case completedTasks = "completed_tasks"
            case offers
        }
    }

    public struct Slave: Codable, Sendable {
        public var id: String
        public var hostname: String
        public var active: Bool
        /// `registered`, `unreachable`, `gone` or `recovering` (after a master failover).
        public var state: String
        public var resources: ResourceSummary
        public var usedResources: ResourceSummary
        public var offeredResources: ResourceSummary
        public var unreservedResources: ResourceSummary
        public var reservedResources: [String: ResourceSummary]
        /// Everything the agent has, reservations and volumes included (refinement format).
        public var reservedResourcesFull: [String: [Resource]]
        public var workDirectory: String

        enum CodingKeys: String, CodingKey {
            case id, hostname, active, state, resources
            case usedResources = "used_resources"
            case offeredResources = "offered_resources"
            case unreservedResources = "unreserved_resources"
            case reservedResources = "reserved_resources"
            case reservedResourcesFull = "reserved_resources_full"
            case workDirectory = "work_directory"
        }
    }

    public var version: String
    public var id: String
    public var pid: String
    public var hostname: String
    public var leader: String
    public var activatedSlaves: Int
    public var frameworks: [Framework]
    public var completedFrameworks: [Framework]
    public var slaves: [Slave]
    public var outstandingOffers: Int

    enum CodingKeys: String, CodingKey {
        case version, id, pid, hostname, leader
        case activatedSlaves = "activated_slaves"
        case frameworks
        case completedFrameworks = "completed_frameworks"
        case slaves
        case outstandingOffers = "outstanding_offers"
    }
}

extension Master {
    func snapshot() -> MasterState {
        let info = masterInfo
        func taskEntry(_ task: TaskRecord) -> MasterState.Task {
            MasterState.Task(
                id: task.info.taskID.value, name: task.info.name, frameworkID: task.frameworkID.value,
                slaveID: task.agentID.value, state: task.state.wireName, resources: .init(task.resources),
                fullResources: task.info.resources, statuses: task.latestStatus.map { [$0] } ?? [])
        }
        func frameworkEntry(_ framework: FrameworkRecord, completed: Bool) -> MasterState.Framework {
            let visible = (tasks[framework.id] ?? [:]).values
                .filter { agents[$0.agentID]?.state != .recovering }
                .sorted { $0.info.taskID < $1.info.taskID }
            return MasterState.Framework(
                id: framework.id.value, name: framework.info.name, active: framework.isConnected,
                connected: framework.isConnected, roles: framework.roles, principal: framework.info.principal,
                capabilities: framework.info.capabilities.compactMap { $0.type?.wireName },
                failoverTimeout: framework.info.failoverTimeout ?? 0, registeredTime: framework.registeredTime,
                unregisteredTime: framework.unregisteredTime, suppressedRoles: framework.suppressedRoles.sorted(),
                tasks: completed ? [] : visible.map(taskEntry),
                completedTasks: (completedTasks[framework.id] ?? []).map(taskEntry),
                offers: framework.offers.map(\.value).sorted())
        }
        let slaves = agentOrder.compactMap { agents[$0] }.map { agent -> MasterState.Slave in
            var reserved: [String: Resources] = [:]
            for resource in agent.total.reserved {
                reserved[resource.reservationRole ?? "", default: Resources()].add(resource)
            }
            let state: String
            switch agent.state {
            case .registered: state = "registered"
            case .unreachable: state = "unreachable"
            case .gone: state = "gone"
            case .recovering: state = "recovering"
            }
            return MasterState.Slave(
                id: agent.id.value, hostname: agent.hostname, active: agent.isRegistered, state: state,
                resources: .init(agent.total), usedResources: .init(agent.used),
                offeredResources: .init(agent.offered), unreservedResources: .init(agent.total.unreserved),
                reservedResources: reserved.mapValues { .init($0) },
                reservedResourcesFull: reserved.mapValues { $0.resources }, workDirectory: agent.workDirectory)
        }
        return MasterState(
            version: Self.version, id: masterID, pid: info.pid ?? "", hostname: settings.host,
            leader: info.pid ?? "", activatedSlaves: agents.values.filter(\.isRegistered).count,
            frameworks: frameworks.values.sorted { $0.registeredTime < $1.registeredTime }.map {
                frameworkEntry($0, completed: false)
            },
            completedFrameworks: removedFrameworks.values.sorted { $0.registeredTime < $1.registeredTime }.map {
                frameworkEntry($0, completed: true)
            },
            slaves: slaves, outstandingOffers: offers.count)
    }
}

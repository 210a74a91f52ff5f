#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Call {
    /// SUBSCRIBE and UPDATE_FRAMEWORK bodies.
    public struct Subscribe: Codable, Hashable, Sendable {
        public var frameworkInfo: FrameworkInfo
        public var suppressedRoles: [String]
        /// Carried without interpretation.
        public var offerConstraints: JSONValue?

        public init(frameworkInfo: FrameworkInfo, suppressedRoles: [String] = [], offerConstraints: JSONValue? = nil) {
            self.frameworkInfo = frameworkInfo
            self.suppressedRoles = suppressedRoles
            self.offerConstraints = offerConstraints
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
            case suppressedRoles = "suppressed_roles"
            case offerConstraints = "offer_constraints"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            frameworkInfo = try container.required(.frameworkInfo)
            suppressedRoles = try container.repeated(.suppressedRoles)
            offerConstraints = try container.optional(.offerConstraints)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(frameworkInfo, forKey: .frameworkInfo)
            try container.encodeRepeated(suppressedRoles, forKey: .suppressedRoles)
            try container.encodeIfPresent(offerConstraints, forKey: .offerConstraints)
        }
    }

    /// ACCEPT: operations applied in order to the (same-agent) offers.
    public struct Accept: Codable, Hashable, Sendable {
        public var offerIDs: [OfferID]
        public var operations: [Offer.Operation]
        public var filters: Filters?

        public init(offerIDs: [OfferID], operations: [Offer.Operation], filters: Filters? = nil) {
            self.offerIDs = offerIDs
            self.operations = operations
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case offerIDs = "offer_ids"
            case operations, filters
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            offerIDs = try container.repeated(.offerIDs)
            operations = try container.repeated(.operations)
            filters = try container.optional(.filters)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(offerIDs, forKey: .offerIDs)
            try container.encodeRepeated(operations, forKey: .operations)
            try container.encodeIfPresent(filters, forKey: .filters)
        }
    }

    /// DECLINE.
    public struct Decline: Codable, Hashable, Sendable {
        public var offerIDs: [OfferID]
        public var filters: Filters?

        public init(offerIDs: [OfferID], filters: Filters? = nil) {
            self.offerIDs = offerIDs
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case offerIDs = "offer_ids"
            case filters
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            offerIDs = try container.repeated(.offerIDs)
            filters = try container.optional(.filters)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(offerIDs, forKey: .offerIDs)
            try container.encodeIfPresent(filters, forKey: .filters)
        }
    }

    /// ACCEPT_INVERSE_OFFERS and DECLINE_INVERSE_OFFERS bodies.
    public struct InverseOffers: Codable, Hashable, Sendable {
        public var inverseOfferIDs: [OfferID]
        public var filters: Filters?

        public init(inverseOfferIDs: [OfferID], filters: Filters? = nil) {
            self.inverseOfferIDs = inverseOfferIDs
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case inverseOfferIDs = "inverse_offer_ids"
            case filters
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            inverseOfferIDs = try container.repeated(.inverseOfferIDs)
            filters = try container.optional(.filters)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(inverseOfferIDs, forKey: .inverseOfferIDs)
            try container.encodeIfPresent(filters, forKey: .filters)
        }
    }

    /// REVIVE and SUPPRESS bodies; no roles means all of the framework's roles.
    public struct Roles: Codable, Hashable, Sendable {
        public var roles: [String]

        public init(roles: [String] = []) {
            self.roles = roles
        }

        enum CodingKeys: String, CodingKey {
            case roles
        }

        public init(from decoder: any Decoder) throws {
            roles = try decoder.container(keyedBy: CodingKeys.self).repeated(.roles)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(roles, forKey: .roles)
        }
    }

    /// KILL; `kill_policy` overrides the task's own.
    public struct Kill: Codable, Hashable, Sendable {
        public var taskID: TaskID
        public var agentID: AgentID?
        public var killPolicy: KillPolicy?

        public init(taskID: TaskID, agentID: AgentID? = nil, killPolicy: KillPolicy? = nil) {
            self.taskID = taskID
            self.agentID = agentID
            self.killPolicy = killPolicy
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case agentID = "agent_id"
            case killPolicy = "kill_policy"
        }
    }

    /// SHUTDOWN of a custom executor.
    public struct Shutdown: Codable, Hashable, Sendable {
        public var executorID: ExecutorID
        public var agentID: AgentID

        public init(executorID: ExecutorID, agentID: AgentID) {
            self.executorID = executorID
            self.agentID = agentID
        }

        enum CodingKeys: String, CodingKey {
            case executorID = "executor_id"
            case agentID = "agent_id"
        }
    }

    /// ACKNOWLEDGE of a status update; `uuid` is the update's 16 bytes.
    public struct Acknowledge: Codable, Hashable, Sendable {
        public var agentID: AgentID
        public var taskID: TaskID
        public var uuid: Data

        public init(agentID: AgentID, taskID: TaskID, uuid: Data) {
            self.agentID = agentID
            self.taskID = taskID
            self.uuid = uuid
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case taskID = "task_id"
            case uuid
        }
    }

    /// ACKNOWLEDGE_OPERATION_STATUS.
    public struct AcknowledgeOperationStatus: Codable, Hashable, Sendable {
        public var agentID: AgentID?
        public var resourceProviderID: ResourceProviderID?
        public var uuid: Data
        public var operationID: OperationID

        public init(
            operationID: OperationID, uuid: Data, agentID: AgentID? = nil, resourceProviderID: ResourceProviderID? = nil
        ) {
            self.agentID = agentID
            self.resourceProviderID = resourceProviderID
            self.uuid = uuid
            self.operationID = operationID
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case resourceProviderID = "resource_provider_id"
            case uuid
            case operationID = "operation_id"
        }
    }

    /// RECONCILE; no tasks asks for every task the master knows (implicit reconciliation).
    public struct Reconcile: Codable, Hashable, Sendable {
        public struct Task: Codable, Hashable, Sendable {
            public var taskID: TaskID
            public var agentID: AgentID?

            public init(taskID: TaskID, agentID: AgentID? = nil) {
                self.taskID = taskID
                self.agentID = agentID
            }

            enum CodingKeys: String, CodingKey {
                case taskID = "task_id"
                case agentID = "agent_id"
            }
        }

        public var tasks: [Task]

        public init(tasks: [Task] = []) {
            self.tasks = tasks
        }

        enum CodingKeys: String, CodingKey {
            case tasks
        }

        public init(from decoder: any Decoder) throws {
            tasks = try decoder.container(keyedBy: CodingKeys.self).repeated(.tasks)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(tasks, forKey: .tasks)
        }
    }

    /// RECONCILE_OPERATIONS.
    public struct ReconcileOperations: Codable, Hashable, Sendable {
        public struct Operation: Codable, Hashable, Sendable {
            public var operationID: OperationID
            public var agentID: AgentID?
            public var resourceProviderID: ResourceProviderID?

            public init(
                operationID: OperationID, agentID: AgentID? = nil, resourceProviderID: ResourceProviderID? = nil
            ) {
                self.operationID = operationID
                self.agentID = agentID
                self.resourceProviderID = resourceProviderID
            }

            enum CodingKeys: String, CodingKey {
                case operationID = "operation_id"
                case agentID = "agent_id"
                case resourceProviderID = "resource_provider_id"
            }
        }

        public var operations: [Operation]

        public init(operations: [Operation] = []) {
            self.operations = operations
        }

        enum CodingKeys: String, CodingKey {
            case operations
        }

        public init(from decoder: any Decoder) throws {
            operations = try decoder.container(keyedBy: CodingKeys.self).repeated(.operations)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(operations, forKey: .operations)
        }
    }

    /// REQUEST (ignored by Mesos's built-in allocator).
    public struct Request: Codable, Hashable, Sendable {
        public var requests: [ResourceRequest]

        public init(requests: [ResourceRequest] = []) {
            self.requests = requests
        }

        enum CodingKeys: String, CodingKey {
            case requests
        }

        public init(from decoder: any Decoder) throws {
            requests = try decoder.container(keyedBy: CodingKeys.self).repeated(.requests)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(requests, forKey: .requests)
        }
    }
}

/// Opaque data between a scheduler and an executor: the MESSAGE call and the MESSAGE event.
public struct ExecutorMessage: Codable, Hashable, Sendable {
    public var agentID: AgentID
    public var executorID: ExecutorID
    public var data: Data

    public init(agentID: AgentID, executorID: ExecutorID, data: Data) {
        self.agentID = agentID
        self.executorID = executorID
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case executorID = "executor_id"
        case data
    }
}

/// A call from a scheduler to the master (`mesos.v1.scheduler.Call`).
///
/// Mirrors the proto: `type` says which body is meant, and that body is set. The static factories
/// in `Call+Factories.swift` build well-formed calls; a master decoding calls checks the body
/// itself (a call whose body is missing decodes fine, as in Mesos, and fails validation there).
public struct Call: Codable, Hashable, Sendable {
    /// The kind of a call; absent on the wire reads as `.unknown`.
    public enum CallType: MesosEnum {
        case unknown
        case subscribe
        case teardown
        case accept
        case decline
        case acceptInverseOffers
        case declineInverseOffers
        case revive
        case kill
        case shutdown
        case acknowledge
        case acknowledgeOperationStatus
        case reconcile
        case reconcileOperations
        case message
        case request
        case suppress
        case updateFramework
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [CallType] = [
            .unknown, .subscribe, .teardown, .accept, .decline, .acceptInverseOffers, .declineInverseOffers,
            .revive, .kill, .shutdown, .acknowledge, .acknowledgeOperationStatus, .reconcile,
            .reconcileOperations, .message, .request, .suppress, .updateFramework,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .unknown: "UNKNOWN"
            case .subscribe: "SUBSCRIBE"
            case .teardown: "TEARDOWN"
            case .accept: "ACCEPT"
            case .decline: "DECLINE"
            case .acceptInverseOffers: "ACCEPT_INVERSE_OFFERS"
            case .declineInverseOffers: "DECLINE_INVERSE_OFFERS"
            case .revive: "REVIVE"
            case .kill: "KILL"
            case .shutdown: "SHUTDOWN"
            case .acknowledge: "ACKNOWLEDGE"
            case .acknowledgeOperationStatus: "ACKNOWLEDGE_OPERATION_STATUS"
            case .reconcile: "RECONCILE"
            case .reconcileOperations: "RECONCILE_OPERATIONS"
            case .message: "MESSAGE"
            case .request: "REQUEST"
            case .suppress: "SUPPRESS"
            case .updateFramework: "UPDATE_FRAMEWORK"
            case .unrecognized(let name): name
            }
        }
    }

    /// Required on every call but a first SUBSCRIBE; on re-SUBSCRIBE it equals `subscribe.framework_info.id`.
    public var frameworkID: FrameworkID?
    public var type: CallType
    public var subscribe: Subscribe?
    public var accept: Accept?
    public var decline: Decline?
    public var acceptInverseOffers: InverseOffers?
    public var declineInverseOffers: InverseOffers?
    public var revive: Roles?
    public var kill: Kill?
    public var shutdown: Shutdown?
    public var acknowledge: Acknowledge?
    public var acknowledgeOperationStatus: AcknowledgeOperationStatus?
    public var reconcile: Reconcile?
    public var reconcileOperations: ReconcileOperations?
    public var message: ExecutorMessage?
    public var request: Request?
    public var suppress: Roles?
    public var updateFramework: Subscribe?

    public init(
        type: CallType,
        frameworkID: FrameworkID? = nil,
        subscribe: Subscribe? = nil,
        accept: Accept? = nil,
        decline: Decline? = nil,
        acceptInverseOffers: InverseOffers? = nil,
        declineInverseOffers: InverseOffers? = nil,
        revive: Roles? = nil,
        kill: Kill? = nil,
        shutdown: Shutdown? = nil,
        acknowledge: Acknowledge? = nil,
        acknowledgeOperationStatus: AcknowledgeOperationStatus? = nil,
        reconcile: Reconcile? = nil,
        reconcileOperations: ReconcileOperations? = nil,
        message: ExecutorMessage? = nil,
        request: Request? = nil,
        suppress: Roles? = nil,
        updateFramework: Subscribe? = nil
    ) {
        self.frameworkID = frameworkID
        self.type = type
        self.subscribe = subscribe
        self.accept = accept
        self.decline = decline
        self.acceptInverseOffers = acceptInverseOffers
        self.declineInverseOffers = declineInverseOffers
        self.revive = revive
        self.kill = kill
        self.shutdown = shutdown
        self.acknowledge = acknowledge
        self.acknowledgeOperationStatus = acknowledgeOperationStatus
        self.reconcile = reconcile
        self.reconcileOperations = reconcileOperations
        self.message = message
        self.request = request
        self.suppress = suppress
        self.updateFramework = updateFramework
    }

    enum CodingKeys: String, CodingKey {
        case frameworkID = "framework_id"
        case type, subscribe, accept, decline
        case acceptInverseOffers = "accept_inverse_offers"
        case declineInverseOffers = "decline_inverse_offers"
        case revive, kill, shutdown, acknowledge
        case acknowledgeOperationStatus = "acknowledge_operation_status"
        case reconcile
        case reconcileOperations = "reconcile_operations"
        case message, request, suppress
        case updateFramework = "update_framework"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        frameworkID = try container.optional(.frameworkID)
        type = try container.optional(.type) ?? .unknown
        subscribe = try container.optional(.subscribe)
        accept = try container.optional(.accept)
        decline = try container.optional(.decline)
        acceptInverseOffers = try container.optional(.acceptInverseOffers)
        declineInverseOffers = try container.optional(.declineInverseOffers)
        revive = try container.optional(.revive)
        kill = try container.optional(.kill)
        shutdown = try container.optional(.shutdown)
        acknowledge = try container.optional(.acknowledge)
        acknowledgeOperationStatus = try container.optional(.acknowledgeOperationStatus)
        reconcile = try container.optional(.reconcile)
        reconcileOperations = try container.optional(.reconcileOperations)
        message = try container.optional(.message)
        request = try container.optional(.request)
        suppress = try container.optional(.suppress)
        updateFramework = try container.optional(.updateFramework)
    }
}

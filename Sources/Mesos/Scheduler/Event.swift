/// An event from the master on the subscription stream (`mesos.v1.scheduler.Event`).
///
/// Mirrors the proto: `type` says which body is meant, and that body is set. The static
/// factories build well-formed events (as a master sends them).
public struct Event: Codable, Hashable, Sendable {
    /// The kind of an event; absent on the wire reads as `.unknown`.
    public enum EventType: MesosEnum {
        case unknown
        case subscribed
        case offers
        case inverseOffers
        case rescind
        case rescindInverseOffer
        case update
        case updateOperationStatus
        case message
        case failure
        case error
        case heartbeat
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [EventType] = [
            .unknown, .subscribed, .offers, .inverseOffers, .rescind, .rescindInverseOffer, .update,
            .updateOperationStatus, .message, .failure, .error, .heartbeat,
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .unknown: "UNKNOWN"
            case .subscribed: "SUBSCRIBED"
            case .offers: "OFFERS"
            case .inverseOffers: "INVERSE_OFFERS"
            case .rescind: "RESCIND"
            case .rescindInverseOffer: "RESCIND_INVERSE_OFFER"
            case .update: "UPDATE"
            case .updateOperationStatus: "UPDATE_OPERATION_STATUS"
            case .message: "MESSAGE"
            case .failure: "FAILURE"
            case .error: "ERROR"
            case .heartbeat: "HEARTBEAT"
            case .unrecognized(let name): name
            }
        }
    }

    public var type: EventType
    public var subscribed: Subscribed?
    public var offers: Offers?
    public var inverseOffers: InverseOffers?
    public var rescind: Rescind?
    public var rescindInverseOffer: RescindInverseOffer?
    public var update: Update?
    public var updateOperationStatus: UpdateOperationStatus?
    public var message: ExecutorMessage?
    public var failure: Failure?
    public var error: ErrorInfo?

    public init(
        type: EventType,
        subscribed: Subscribed? = nil,
        offers: Offers? = nil,
        inverseOffers: InverseOffers? = nil,
        rescind: Rescind? = nil,
        rescindInverseOffer: RescindInverseOffer? = nil,
        update: Update? = nil,
        updateOperationStatus: UpdateOperationStatus? = nil,
        message: ExecutorMessage? = nil,
        failure: Failure? = nil,
        error: ErrorInfo? = nil
    ) {
        self.type = type
        self.subscribed = subscribed
        self.offers = offers
        self.inverseOffers = inverseOffers
        self.rescind = rescind
        self.rescindInverseOffer = rescindInverseOffer
        self.update = update
        self.updateOperationStatus = updateOperationStatus
        self.message = message
        self.failure = failure
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case type, subscribed, offers
        case inverseOffers = "inverse_offers"
        case rescind
        case rescindInverseOffer = "rescind_inverse_offer"
        case update
        case updateOperationStatus = "update_operation_status"
        case message, failure, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.optional(.type) ?? .unknown
        subscribed = try container.optional(.subscribed)
        offers = try container.optional(.offers)
        inverseOffers = try container.optional(.inverseOffers)
        rescind = try container.optional(.rescind)
        rescindInverseOffer = try container.optional(.rescindInverseOffer)
        update = try container.optional(.update)
        updateOperationStatus = try container.optional(.updateOperationStatus)
        message = try container.optional(.message)
        failure = try container.optional(.failure)
        error = try container.optional(.error)
    }
}

extension Event {
    /// SUBSCRIBED: the first event of a stream.
    public struct Subscribed: Codable, Hashable, Sendable {
        public var frameworkID: FrameworkID
        public var heartbeatIntervalSeconds: Double?
        public var masterInfo: MasterInfo?

        public init(frameworkID: FrameworkID, heartbeatIntervalSeconds: Double? = nil, masterInfo: MasterInfo? = nil) {
            self.frameworkID = frameworkID
            self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
            self.masterInfo = masterInfo
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case heartbeatIntervalSeconds = "heartbeat_interval_seconds"
            case masterInfo = "master_info"
        }
    }

    /// OFFERS: `{"offers":{"offers":[…]}}`.
    public struct Offers: Codable, Hashable, Sendable {
        public var offers: [Offer]

        public init(offers: [Offer]) {
            self.offers = offers
        }

        enum CodingKeys: String, CodingKey {
            case offers
        }

        public init(from decoder: any Decoder) throws {
            offers = try decoder.container(keyedBy: CodingKeys.self).repeated(.offers)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(offers, forKey: .offers)
        }
    }

    /// INVERSE_OFFERS.
    public struct InverseOffers: Codable, Hashable, Sendable {
        public var inverseOffers: [InverseOffer]

        public init(inverseOffers: [InverseOffer]) {
            self.inverseOffers = inverseOffers
        }

        enum CodingKeys: String, CodingKey {
            case inverseOffers = "inverse_offers"
        }

        public init(from decoder: any Decoder) throws {
            inverseOffers = try decoder.container(keyedBy: CodingKeys.self).repeated(.inverseOffers)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeRepeated(inverseOffers, forKey: .inverseOffers)
        }
    }

    /// RESCIND: the offer is no longer valid.
    public struct Rescind: Codable, Hashable, Sendable {
        public var offerID: OfferID

        public init(offerID: OfferID) {
            self.offerID = offerID
        }

        enum CodingKeys: String, CodingKey {
            case offerID = "offer_id"
        }
    }

    /// RESCIND_INVERSE_OFFER.
    public struct RescindInverseOffer: Codable, Hashable, Sendable {
        public var inverseOfferID: OfferID

        public init(inverseOfferID: OfferID) {
            self.inverseOfferID = inverseOfferID
        }

        enum CodingKeys: String, CodingKey {
            case inverseOfferID = "inverse_offer_id"
        }
    }

    /// UPDATE: a task status update.
    public struct Update: Codable, Hashable, Sendable {
        public var status: TaskStatus

        public init(status: TaskStatus) {
            self.status = status
        }
    }

    /// UPDATE_OPERATION_STATUS: an operation status update.
    public struct UpdateOperationStatus: Codable, Hashable, Sendable {
        public var status: OperationStatus

        public init(status: OperationStatus) {
            self.status = status
        }
    }

    /// FAILURE: an agent was removed (`agent_id` only) or an executor exited (with its status).
    public struct Failure: Codable, Hashable, Sendable {
        public var agentID: AgentID?
        public var executorID: ExecutorID?
        public var status: Int32?

        public init(agentID: AgentID? = nil, executorID: ExecutorID? = nil, status: Int32? = nil) {
            self.agentID = agentID
            self.executorID = executorID
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case executorID = "executor_id"
            case status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            agentID = try container.optional(.agentID)
            executorID = try container.optional(.executorID)
            status = try container.optionalInteger(.status)
        }
    }

    /// ERROR: an unrecoverable error; the master closes the stream after it.
    public struct ErrorInfo: Codable, Hashable, Sendable {
        public var message: String

        public init(message: String) {
            self.message = message
        }
    }
}

extension Event {
    public static func subscribed(
        frameworkID: FrameworkID, heartbeatIntervalSeconds: Double? = nil, masterInfo: MasterInfo? = nil
    ) -> Event {
        Event(
            type: .subscribed,
            subscribed: Subscribed(
                frameworkID: frameworkID, heartbeatIntervalSeconds: heartbeatIntervalSeconds, masterInfo: masterInfo
            )
        )
    }

    public static func offers(_ offers: [Offer]) -> Event {
        Event(type: .offers, offers: Offers(offers: offers))
    }

    public static func inverseOffers(_ inverseOffers: [InverseOffer]) -> Event {
        Event(type: .inverseOffers, inverseOffers: InverseOffers(inverseOffers: inverseOffers))
    }

    public static func rescind(_ offerID: OfferID) -> Event {
        Event(type: .rescind, rescind: Rescind(offerID: offerID))
    }

    public static func rescindInverseOffer(_ inverseOfferID: OfferID) -> Event {
        Event(type: .rescindInverseOffer, rescindInverseOffer: RescindInverseOffer(inverseOfferID: inverseOfferID))
    }

    public static func update(_ status: TaskStatus) -> Event {
        Event(type: .update, update: Update(status: status))
    }

    public static func updateOperationStatus(_ status: OperationStatus) -> Event {
        Event(type: .updateOperationStatus, updateOperationStatus: UpdateOperationStatus(status: status))
    }

    public static func message(_ message: ExecutorMessage) -> Event {
        Event(type: .message, message: message)
    }

    public static func failure(agentID: AgentID? = nil, executorID: ExecutorID? = nil, status: Int32? = nil) -> Event {
        Event(type: .failure, failure: Failure(agentID: agentID, executorID: executorID, status: status))
    }

    public static func error(_ message: String) -> Event {
        Event(type: .error, error: ErrorInfo(message: message))
    }

    public static let heartbeat = Event(type: .heartbeat)
}

import Mesos

/// What to do with one OFFERS event: the offers to accept with their operations, and the rest to decline.
public struct OfferEvaluation: Sendable, Equatable {
    /// One ACCEPT per offer. `operations` hold everything but the LAUNCH, which the scheduler adds once the
    /// broker's record is stored.
    public var accepts: [Accept]
    /// Offers with nothing to do.
    public var declines: [OfferID]

    public init(accepts: [Accept] = [], declines: [OfferID] = []) {
        self.accepts = accepts
        self.declines = declines
    }

    /// An offer to accept.
    public struct Accept: Sendable, Equatable {
        public var offerID: OfferID
        public var agentID: AgentID
        public var hostname: String
        /// DESTROY/UNRESERVE of resources no broker owns, then RESERVE/UNRESERVE/CREATE for the placement.
        public var operations: [Offer.Operation]
        /// The broker placed on this offer, if any.
        public var placement: Placement?
        /// How many reserved resources (volumes included) the cleanup gives back.
        public var cleanedResources: Int

        public init(
            offerID: OfferID, agentID: AgentID, hostname: String, operations: [Offer.Operation],
            placement: Placement?, cleanedResources: Int
        ) {
            self.offerID = offerID
            self.agentID = agentID
            self.hostname = hostname
            self.operations = operations
            self.placement = placement
            self.cleanedResources = cleanedResources
        }
    }

    /// A broker launch on an offer.
    public struct Placement: Sendable, Equatable {
        public var broker: Int
        /// On fresh resources (RESERVE + CREATE), or in place on its reservation and volume.
        public var fresh: Bool
        public var resourceID: String
        public var persistenceID: String
        /// The listener port the task gets.
        public var port: Int
        /// Exactly what the task uses once the operations are applied: reserved cpus, mem, port, volume.
        public var taskResources: [Resource]

        public init(
            broker: Int, fresh: Bool, resourceID: String, persistenceID: String, port: Int, taskResources: [Resource]
        ) {
            self.broker = broker
            self.fresh = fresh
            self.resourceID = resourceID
            self.persistenceID = persistenceID
            self.port = port
            self.taskResources = taskResources
        }
    }
}

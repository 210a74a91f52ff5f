/// The stored configurations: their ids in order, the target, and each configuration by id. Configurations
/// are small and never change once stored, so the snapshot holds them all.
public struct ConfigurationsSnapshot: Sendable, Equatable {
    /// The ids of the stored configurations, in the order `GET /v1/configurations` lists them.
    public var ids: [String]
    /// The target configuration's id; nil before the first configuration is stored.
    public var targetID: String?
    /// Each stored configuration by id (every id of `ids` has one).
    public var byID: [String: ServiceConfiguration]

    public init(ids: [String], targetID: String?, byID: [String: ServiceConfiguration]) {
        self.ids = ids
        self.targetID = targetID
        self.byID = byID
    }

    /// The target configuration, if there is one.
    public var target: ServiceConfiguration? {
        targetID.flatMap { byID[$0] }
    }
}

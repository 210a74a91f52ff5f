/// Why resources could not be converted or an operation could not be applied to a pool.
public enum ResourcesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The pool lacks what the operation needs; `missing` is exactly the shortfall (for LAUNCH,
    /// of the task named by `taskID`). `operation` is nil for a plain checked subtraction.
    case insufficientResources(operation: Offer.Operation.OperationType?, missing: [Resource], taskID: TaskID?)
    /// The operation's type says which body to use, and that body is absent.
    case missingOperationBody(Offer.Operation.OperationType)
    /// Not an operation on resources (GROW/SHRINK_VOLUME, CREATE/DESTROY_DISK, unknown).
    case unsupportedOperation(Offer.Operation.OperationType)
    /// RESERVE of a resource without a dynamic reservation on top, or UNRESERVE/CREATE of an
    /// unreserved resource.
    case notDynamicallyReserved(Resource, operation: Offer.Operation.OperationType)
    /// UNRESERVE of a persistent volume: DESTROY it first.
    case unreserveOfPersistentVolume(Resource)
    /// CREATE or DESTROY of a resource that is not a persistent volume.
    case notAPersistentVolume(Resource, operation: Offer.Operation.OperationType)
    /// CREATE of a volume whose persistence id the pool already holds.
    case duplicatePersistenceID(String, role: String?)
    /// A volume that Mesos would reject (`reason` says why).
    case invalidVolume(Resource, reason: String)
    /// A refined reservation (more than one) cannot be written in the pre-refinement format.
    case refinedReservationInPreRefinementFormat(Resource)
    /// A resource Mesos would reject (`reason` says why).
    case invalidResource(Resource, reason: String)

    public var description: String {
        switch self {
        case .insufficientResources(let operation, let missing, let taskID):
            let task = taskID.map { " for task '\($0.value)'" } ?? ""
            let what = operation.map { "\($0.wireName)\(task) needs" } ?? "Needed"
            return "\(what) resources that are not available: \(missing.summary)"
        case .missingOperationBody(let type):
            return "Operation \(type.wireName) has no '\(type.bodyFieldName)' body"
        case .unsupportedOperation(let type):
            return "Operation \(type.wireName) is not supported on resources"
        case .notDynamicallyReserved(let resource, let operation):
            return "\(operation.wireName) needs a dynamically reserved resource: \(resource.summary)"
        case .unreserveOfPersistentVolume(let resource):
            return "UNRESERVE of a persistent volume (DESTROY it first): \(resource.summary)"
        case .notAPersistentVolume(let resource, let operation):
            return "\(operation.wireName) needs a persistent volume (disk.persistence): \(resource.summary)"
        case .duplicatePersistenceID(let id, let role):
            return "Persistence id '\(id)' is already in use" + (role.map { " for role '\($0)'" } ?? "")
        case .invalidVolume(let resource, let reason):
            return "Invalid persistent volume \(resource.summary): \(reason)"
        case .refinedReservationInPreRefinementFormat(let resource):
            return
                "A resource with refined reservations cannot be written in the pre-refinement format: \(resource.summary)"
        case .invalidResource(let resource, let reason):
            return "Invalid resource \(resource.summary): \(reason)"
        }
    }
}

extension Offer.Operation.OperationType {
    /// The JSON field holding this operation's body.
    var bodyFieldName: String {
        switch self {
        case .launch: "launch"
        case .launchGroup: "launch_group"
        case .reserve: "reserve"
        case .unreserve: "unreserve"
        case .create: "create"
        case .destroy: "destroy"
        case .growVolume: "grow_volume"
        case .shrinkVolume: "shrink_volume"
        case .createDisk: "create_disk"
        case .destroyDisk: "destroy_disk"
        case .unknown, .unrecognized: "type"
        }
    }
}

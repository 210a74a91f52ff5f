// The two reservation formats of `Resource` and the conversions between them.
//
// Pre-refinement (frameworks without RESERVATION_REFINEMENT): `role` is "*" for unreserved
// resources and the reservation's role otherwise; a dynamic reservation adds
// `reservation{principal, labels}`, a static one has none.
// Refinement: no `role`; `reservations` is the stack of reservations, each with its type and role.
// The conversions follow Mesos's `convertResourceFormat`.

extension Resource {
    /// The reservation stack whatever the format: empty when unreserved.
    public var effectiveReservations: [ReservationInfo] {
        Resource.effectiveReservations(role: role, reservation: reservation, reservations: reservations)
    }

    static func effectiveReservations(
        role: String?, reservation: ReservationInfo?, reservations: [ReservationInfo]
    ) -> [ReservationInfo] {
        if !reservations.isEmpty { return reservations }
        guard let role, role != "*" else { return [] }
        if let reservation {
            return [
                ReservationInfo(
                    type: .dynamic, role: role, principal: reservation.principal, labels: reservation.labels)
            ]
        }
        return [ReservationInfo(type: .static, role: role)]
    }

    /// The most refined reservation, or nil when unreserved.
    public var lastReservation: ReservationInfo? {
        if let last = reservations.last { return last }
        return effectiveReservations.last
    }

    /// Whether the resource is reserved (in either format).
    public var isReserved: Bool {
        !reservations.isEmpty || (role != nil && role != "*")
    }

    /// The role of the most refined reservation, or nil when unreserved.
    public var reservationRole: String? {
        if let last = reservations.last { return last.role ?? "" }
        guard let role, role != "*" else { return nil }
        return role
    }

    /// Whether the most refined reservation is dynamic.
    public var isDynamicallyReserved: Bool {
        lastReservation?.type == .dynamic
    }

    /// Whether the resource is a persistent volume.
    public var isPersistentVolume: Bool {
        persistenceID != nil
    }

    /// The role the resource is allocated to, if any.
    public var allocationRole: String? {
        allocationInfo?.role
    }

    /// The same resource in the refinement format: `reservations` set, `role` and
    /// `reservation` cleared. This is the internal model every comparison uses.
    public func toPostRefinement() -> Resource {
        if role == nil && reservation == nil { return self }
        var result = self
        result.reservations = effectiveReservations
        result.role = nil
        result.reservation = nil
        return result
    }

    /// The same resource in the pre-refinement format, for frameworks without the
    /// RESERVATION_REFINEMENT capability. Fails for refined reservations (more than one), which
    /// that format cannot express.
    public func toPreRefinement() throws(ResourcesError) -> Resource {
        let stack = effectiveReservations
        var result = self
        result.reservations = []
        result.reservation = nil
        switch stack.count {
        case 0:
            result.role = "*"
        case 1:
            let only = stack[0]
            if only.type == .dynamic {
                result.reservation = ReservationInfo(principal: only.principal, labels: only.labels)
            }
            result.role = only.role ?? ""
        default:
            throw .refinedReservationInPreRefinementFormat(self)
        }
        return result
    }

    /// The same resource without `allocation_info`, for frameworks without MULTI_ROLE.
    public func strippingAllocationInfo() -> Resource {
        guard allocationInfo != nil else { return self }
        var result = self
        result.allocationInfo = nil
        return result
    }

    /// The same resource allocated to `role` (`allocation_info`).
    public func allocated(to role: String) -> Resource {
        var result = self
        result.allocationInfo = AllocationInfo(role: role)
        return result
    }
}

/// Something that carries resources (tasks, executors, operations, resource lists), so the
/// format conversions apply to all of them alike.
public protocol ResourceCarrying {
    /// A copy with every carried resource transformed.
    func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> Self

    /// Every carried resource without `allocation_info` (an offer also drops its own).
    func strippingAllocationInfo() -> Self
}

extension ResourceCarrying {
    /// Every carried resource in the refinement format (the internal model).
    public func toPostRefinement() -> Self {
        mappingResources { $0.toPostRefinement() }
    }

    /// Every carried resource in the pre-refinement format.
    public func toPreRefinement() throws(ResourcesError) -> Self {
        try mappingResources { (resource: Resource) throws(ResourcesError) -> Resource in
            try resource.toPreRefinement()
        }
    }

    /// Every carried resource without `allocation_info`.
    public func strippingAllocationInfo() -> Self {
        mappingResources { $0.strippingAllocationInfo() }
    }

    /// Every carried resource allocated to `role`, as a master does for frameworks without MULTI_ROLE.
    public func allocated(to role: String) -> Self {
        mappingResources { $0.allocated(to: role) }
    }
}

extension Array: ResourceCarrying where Element == Resource {
    public func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> [Resource] {
        var result: [Resource] = []
        result.reserveCapacity(count)
        for resource in self {
            result.append(try transform(resource))
        }
        return result
    }
}

extension ExecutorInfo: ResourceCarrying {
    public func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> ExecutorInfo {
        var result = self
        result.resources = try resources.mappingResources(transform)
        return result
    }
}

extension TaskInfo: ResourceCarrying {
    public func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> TaskInfo {
        var result = self
        result.resources = try resources.mappingResources(transform)
        result.executor = try executor?.mappingResources(transform)
        return result
    }
}

extension Offer.Operation: ResourceCarrying {
    public func mappingResources<E: Error>(
        _ transform: (Resource) throws(E) -> Resource
    ) throws(E) -> Offer.Operation {
        var result = self
        if let launch {
            var mapped: [TaskInfo] = []
            for task in launch.taskInfos { mapped.append(try task.mappingResources(transform)) }
            result.launch = Launch(taskInfos: mapped)
        }
        if let launchGroup {
            var mapped: [TaskInfo] = []
            for task in launchGroup.taskGroup.tasks { mapped.append(try task.mappingResources(transform)) }
            result.launchGroup = LaunchGroup(
                executor: try launchGroup.executor.mappingResources(transform),
                taskGroup: TaskGroupInfo(tasks: mapped)
            )
        }
        if let reserve {
            result.reserve = Reserve(
                resources: try reserve.resources.mappingResources(transform),
                source: try reserve.source.mappingResources(transform)
            )
        }
        if let unreserve {
            result.unreserve = Unreserve(resources: try unreserve.resources.mappingResources(transform))
        }
        if let create {
            result.create = Volumes(volumes: try create.volumes.mappingResources(transform))
        }
        if let destroy {
            result.destroy = Volumes(volumes: try destroy.volumes.mappingResources(transform))
        }
        return result
    }
}

extension Offer: ResourceCarrying {
    /// Maps the offer's resources; the offer's own `allocation_info` is left alone.
    public func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> Offer {
        var result = self
        result.resources = try resources.mappingResources(transform)
        return result
    }

    /// The offer as the master sends it to a framework with the given capabilities: without
    /// MULTI_ROLE, no `allocation_info` anywhere; without RESERVATION_REFINEMENT, resources in
    /// the pre-refinement format.
    public func formatted(multiRole: Bool, reservationRefinement: Bool) throws(ResourcesError) -> Offer {
        var result = reservationRefinement ? toPostRefinement() : try toPreRefinement()
        if !multiRole {
            result = result.strippingAllocationInfo()
        }
        return result
    }

    /// The offer and its resources without `allocation_info`.
    public func strippingAllocationInfo() -> Offer {
        var result = mappingResources { $0.strippingAllocationInfo() }
        result.allocationInfo = nil
        return result
    }
}

extension InverseOffer: ResourceCarrying {
    public func mappingResources<E: Error>(_ transform: (Resource) throws(E) -> Resource) throws(E) -> InverseOffer {
        var result = self
        result.resources = try resources.mappingResources(transform)
        return result
    }
}

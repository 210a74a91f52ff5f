// Looking things up in a pool: reservations, volumes, disks, amounts, and picking ports.

extension Resources {
    /// The entries for which `isIncluded` holds, as a pool.
    public func subset(where isIncluded: (Resource) throws -> Bool) rethrows -> Resources {
        Resources(entries: try resources.filter(isIncluded))
    }

    /// The unreserved entries.
    public var unreserved: Resources {
        subset { $0.reservations.isEmpty }
    }

    /// The reserved entries (any role).
    public var reserved: Resources {
        subset { !$0.reservations.isEmpty }
    }

    /// The entries whose most refined reservation is for `role`.
    public func reserved(role: String) -> Resources {
        subset { ($0.reservations.last?.role ?? nil) == role }
    }

    /// The entries whose most refined reservation is for `role` and, when given, made by
    /// `principal` with exactly these `labels` (in any order).
    public func reserved(role: String, principal: String?, labels: Labels?) -> Resources {
        subset { $0.matchesReservation(role: role, principal: principal, labels: labels) }
    }

    /// What a framework in `role` may use: unreserved entries and those reserved to the role or
    /// to one of its ancestors (`a` serves `a/b`).
    public func allocatable(to role: String) -> Resources {
        subset { resource in
            guard let reservedRole = resource.reservations.last?.role else { return resource.reservations.isEmpty }
            return reservedRole == role || role.hasPrefix(reservedRole + "/")
        }
    }

    /// The entries allocated to `role` (`allocation_info.role`).
    public func allocatedTo(role: String) -> Resources {
        subset { $0.allocationInfo?.role == role }
    }

    /// The entries named `name`.
    public func named(_ name: String) -> Resources {
        subset { $0.name == name }
    }

    /// The distinct names in the pool.
    public var names: Swift.Set<String> {
        Swift.Set(resources.map(\.name))
    }

    // MARK: Amounts

    /// The sum of the scalar entries named `name` (all reservations), 0 if none.
    public func scalar(_ name: String) -> Double {
        var milli: Int64 = 0
        for resource in resources where resource.type == .scalar && resource.name == name {
            milli += resource.scalar?.milli ?? 0
        }
        return Double(milli) / 1000
    }

    public var cpus: Double { scalar("cpus") }
    public var mem: Double { scalar("mem") }
    public var disk: Double { scalar("disk") }
    public var gpus: Double { scalar("gpus") }

    /// The union of the range entries named `name`.
    public func ranges(_ name: String) -> Value.Ranges {
        var all: [Value.Range] = []
        for resource in resources where resource.type == .ranges && resource.name == name {
            all.append(contentsOf: resource.ranges?.range ?? [])
        }
        return Value.Ranges(all).normalized()
    }

    public var ports: Value.Ranges { ranges("ports") }

    /// The union of the set entries named `name`.
    public func set(_ name: String) -> Value.Set {
        var result = Value.Set()
        for resource in resources where resource.type == .set && resource.name == name {
            result = result.union(resource.set ?? Value.Set())
        }
        return result
    }

    // MARK: Volumes and disks

    /// The persistent volumes.
    public var volumes: [Resource] {
        resources.filter { $0.persistenceID != nil }
    }

    /// The persistent volume with this persistence id (and, when given, reserved for `role`).
    public func volume(persistenceID: String, role: String? = nil) -> Resource? {
        for index in summaries.indices where summaries[index].hasDisk {
            let resource = resources[index]
            if resource.persistenceID == persistenceID && (role == nil || resource.reservations.last?.role == role) {
                return resource
            }
        }
        return nil
    }

    /// The persistent volumes by persistence id, for looking up many at once.
    public var volumesByPersistenceID: [String: Resource] {
        var result: [String: Resource] = [:]
        for resource in resources where resource.hasDiskInfo {
            if let id = resource.persistenceID {
                result[id] = resource
            }
        }
        return result
    }

    /// The MOUNT disks (with or without a volume on them).
    public var mountDisks: [Resource] {
        resources.filter { $0.hasDiskInfo && $0.disk?.source?.type == .mount }
    }

    /// The MOUNT disk whose root is `root`.
    public func mountDisk(root: String) -> Resource? {
        resources.first { $0.hasDiskInfo && $0.disk?.source?.type == .mount && $0.disk?.source?.mount?.root == root }
    }

    /// Disk without a persistent volume on it: what RESERVE and CREATE can use.
    public var plainDisk: Resources {
        subset { $0.name == "disk" && $0.disk?.persistence == nil }
    }

    // MARK: Picking

    /// The first `count` values of the range entries named `name` (in pool order), each taken
    /// with the reservation and allocation of the entry it comes from; nil if there are fewer.
    ///
    /// Filter first to choose where they come from, e.g. `offer.unreserved.pick(2)`.
    public func pick(_ count: UInt64, named name: String = "ports") -> Resources? {
        var remaining = count
        var result = Resources()
        for resource in resources where resource.type == .ranges && resource.name == name {
            guard remaining > 0 else { break }
            let available = resource.ranges ?? Value.Ranges()
            let take = Swift.min(remaining, available.count)
            guard take > 0, let picked = available.first(take) else { continue }
            var piece = resource
            piece.ranges = picked
            result.append(piece)
            remaining -= take
        }
        return remaining == 0 ? result : nil
    }

    // MARK: Formats

    /// The entries in the pre-refinement format (for frameworks without RESERVATION_REFINEMENT).
    public func toPreRefinement() throws(ResourcesError) -> [Resource] {
        try resources.toPreRefinement()
    }

    /// The pool without `allocation_info` (for frameworks without MULTI_ROLE).
    public func strippingAllocationInfo() -> Resources {
        Resources(resources.strippingAllocationInfo())
    }

    /// The pool allocated to `role`.
    public func allocated(to role: String) -> Resources {
        Resources(resources.allocated(to: role))
    }
}

extension Resource {
    /// Whether the most refined reservation is for `role` and, when given, made by `principal`
    /// with exactly these `labels` (in any order). Works in either format.
    public func matchesReservation(role: String, principal: String? = nil, labels: Labels? = nil) -> Bool {
        guard let last = lastReservation, (last.role ?? "") == role else { return false }
        if let principal, last.principal != principal { return false }
        if let labels, !labelsMatch(last.labels, labels) { return false }
        return true
    }
}

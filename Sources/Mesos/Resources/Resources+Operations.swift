// Applying offer operations to a pool, as the master applies an ACCEPT's operations in order to
// what is left of the offer (Mesos's `getResourceConversions` plus the master's checks on them).

extension Resources {
    /// The pool after `operation`, or an error saying what was missing or wrong; the pool
    /// itself is unchanged.
    ///
    /// - RESERVE: takes the unreserved (or less refined) form of each resource and gives back the
    ///   reserved form, with the reservation's role, principal and labels.
    /// - UNRESERVE: the reverse, for dynamic reservations without a persistent volume.
    /// - CREATE: takes reserved disk and gives back the persistent volume on it.
    /// - DESTROY: takes the volume and gives back the reserved disk.
    /// - LAUNCH and LAUNCH_GROUP: take the tasks' (and executor's) resources.
    ///
    /// Resources are compared including `allocation_info`: a master serving frameworks without
    /// MULTI_ROLE sets it on the operation first (``ResourceCarrying/allocated(to:)``).
    public func applying(_ operation: Offer.Operation) throws(ResourcesError) -> Resources {
        switch operation.type {
        case .reserve:
            guard let reserve = operation.reserve else { throw .missingOperationBody(.reserve) }
            return try applyingReserve(reserve)
        case .unreserve:
            guard let unreserve = operation.unreserve else { throw .missingOperationBody(.unreserve) }
            return try applyingUnreserve(unreserve.resources)
        case .create:
            guard let create = operation.create else { throw .missingOperationBody(.create) }
            return try applyingCreate(create.volumes)
        case .destroy:
            guard let destroy = operation.destroy else { throw .missingOperationBody(.destroy) }
            return try applyingDestroy(destroy.volumes)
        case .launch:
            guard let launch = operation.launch else { throw .missingOperationBody(.launch) }
            var pool = self
            for task in launch.taskInfos {
                pool = try pool.consuming(task, operation: .launch)
            }
            return pool
        case .launchGroup:
            guard let group = operation.launchGroup else { throw .missingOperationBody(.launchGroup) }
            var pool = try subtractingExactly(Resources(group.executor.resources), operation: .launchGroup)
            for task in group.taskGroup.tasks {
                pool = try pool.subtractingExactly(
                    Resources(task.resources), operation: .launchGroup, taskID: task.taskID)
            }
            return pool
        case .growVolume, .shrinkVolume, .createDisk, .destroyDisk, .unknown, .unrecognized:
            throw .unsupportedOperation(operation.type)
        }
    }

    /// The pool after each operation in order (later ones use what earlier ones produced).
    public func applying(_ operations: [Offer.Operation]) throws(ResourcesError) -> Resources {
        var pool = self
        for operation in operations {
            pool = try pool.applying(operation)
        }
        return pool
    }

    /// Applies `operation` in place; on error the pool is unchanged.
    public mutating func apply(_ operation: Offer.Operation) throws(ResourcesError) {
        self = try applying(operation)
    }

    /// The pool without a task's resources (and its executor's, if it names one).
    public func consuming(_ task: TaskInfo, operation: Offer.Operation.OperationType = .launch) throws(ResourcesError)
        -> Resources
    {
        var needed = Resources(task.resources)
        if let executor = task.executor {
            needed.add(Resources(executor.resources))
        }
        return try subtractingExactly(needed, operation: operation, taskID: task.taskID)
    }

    // MARK: Conversions

    private func applyingReserve(_ reserve: Offer.Operation.Reserve) throws(ResourcesError) -> Resources {
        var targets: [Resource] = []
        for resource in reserve.resources {
            let target = resource.toPostRefinement()
            if let failure = target.validationFailure {
                throw .invalidResource(target, reason: failure)
            }
            guard target.reservations.last?.type == .dynamic else {
                throw .notDynamicallyReserved(target, operation: .reserve)
            }
            targets.append(target)
        }
        let consumed =
            reserve.source.isEmpty ? Resources(targets.map { $0.poppingReservation() }) : Resources(reserve.source)
        var pool = try subtractingExactly(consumed, operation: .reserve)
        pool.add(Resources(targets))
        return pool
    }

    private func applyingUnreserve(_ resources: [Resource]) throws(ResourcesError) -> Resources {
        var pool = self
        for resource in resources {
            let reserved = resource.toPostRefinement()
            guard reserved.reservations.last?.type == .dynamic else {
                throw .notDynamicallyReserved(reserved, operation: .unreserve)
            }
            guard !reserved.isPersistentVolume else {
                throw .unreserveOfPersistentVolume(reserved)
            }
            pool = try pool.subtractingExactly(Resources([reserved]), operation: .unreserve)
            pool.add(reserved.poppingReservation())
        }
        return pool
    }

    private func applyingCreate(_ volumes: [Resource]) throws(ResourcesError) -> Resources {
        var pool = self
        for resource in volumes {
            let volume = resource.toPostRefinement()
            try Resources.validateNewVolume(volume)
            let id = volume.disk?.persistence?.id ?? ""
            let role = volume.reservations.last?.role
            if pool.volume(persistenceID: id, role: role) != nil {
                throw .duplicatePersistenceID(id, role: role)
            }
            pool = try pool.subtractingExactly(Resources([volume.strippingPersistentVolume()]), operation: .create)
            pool.add(volume)
        }
        return pool
    }

    private func applyingDestroy(_ volumes: [Resource]) throws(ResourcesError) -> Resources {
        var pool = self
        for resource in volumes {
            let volume = resource.toPostRefinement()
            guard volume.isPersistentVolume else {
                throw .notAPersistentVolume(volume, operation: .destroy)
            }
            pool = try pool.subtractingExactly(Resources([volume]), operation: .destroy)
            pool.add(volume.strippingPersistentVolume())
        }
        return pool
    }

    /// The master's checks on a volume to CREATE.
    static func validateNewVolume(_ volume: Resource) throws(ResourcesError) {
        guard let disk = volume.disk, let persistence = disk.persistence else {
            throw .notAPersistentVolume(volume, operation: .create)
        }
        if let failure = volume.validationFailure {
            throw .invalidResource(volume, reason: failure)
        }
        if volume.revocable != nil {
            throw .invalidVolume(volume, reason: "Persistent volumes cannot be created from revocable resources")
        }
        if volume.reservations.isEmpty {
            throw .invalidVolume(volume, reason: "Persistent volumes cannot be created from unreserved resources")
        }
        guard let mount = disk.volume else {
            throw .invalidVolume(volume, reason: "Expecting 'volume' to be set for persistent volume")
        }
        if mount.hostPath != nil {
            throw .invalidVolume(volume, reason: "Expecting 'host_path' to be unset for persistent volume")
        }
        if mount.mode == .readOnly {
            throw .invalidVolume(volume, reason: "Read-only persistent volume not supported")
        }
        if mount.containerPath.isEmpty || mount.containerPath.hasPrefix("/") {
            throw .invalidVolume(volume, reason: "Expecting a relative 'container_path' for persistent volume")
        }
        if let reason = invalidIDReason(persistence.id) {
            throw .invalidVolume(volume, reason: "Invalid persistence ID for persistent volume: \(reason)")
        }
    }

    /// Mesos's rules for ids: not empty, not `.` or `..`, no slashes, no whitespace or control characters.
    static func invalidIDReason(_ id: String) -> String? {
        if id.isEmpty { return "ID must not be empty" }
        if id == "." || id == ".." { return "'.' and '..' are reserved" }
        if id.contains(where: { $0 == "/" || $0 == "\\" }) { return "'/' and '\\' are not allowed" }
        if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "whitespace and control characters are not allowed"
        }
        return nil
    }
}

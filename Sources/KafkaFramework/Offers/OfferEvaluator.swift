import Mesos

/// Decides, for one OFFERS event, which offers to accept and with which operations. Pure and allocation-light:
/// each offer's resources are scanned once, and only accepted offers build operations.
///
/// - A broker to relaunch in place takes the offer holding its reservation (matched by the `resource_id`
///   label, wherever the agent is) and its volume (by persistence id); it reserves the cpus and mem it lacks
///   from unreserved resources, or unreserves the excess, and moves to another port only when its
///   configured port changed.
/// - A broker to place on fresh resources takes an offer with enough unreserved cpus, mem, a port and disk
///   (ROOT: a slice of the root disk; MOUNT: the smallest whole mount disk large enough): RESERVE them with
///   labels `broker=broker-<N>` and `resource_id=<uuid>`, CREATE the volume. With NODE placement it skips
///   agents that hold another broker.
/// - With `cleanUp`, reserved resources of the role and principal whose `resource_id` no broker owns are
///   given back: DESTROY their volumes, UNRESERVE them.
///
/// Operations come in the offer's reservation format (pre-refinement offers get pre-refinement operations).
public struct OfferEvaluator: Sendable {
    /// What placement depends on, from the target configuration.
    public struct Settings: Sendable, Equatable {
        public var role: String
        public var principal: String
        public var placement: PlacementStrategy
        public var diskType: DiskType
        /// The volume's size (MOUNT: the least a mount disk must have).
        public var diskMB: Int

        public init(role: String, principal: String, placement: PlacementStrategy, diskType: DiskType, diskMB: Int) {
            self.role = role
            self.principal = principal
            self.placement = placement
            self.diskType = diskType
            self.diskMB = diskMB
        }
    }

    /// A broker to place on fresh resources.
    public struct FreshLaunch: Sendable, Equatable {
        public var broker: Int
        /// The reservation label of the new resources.
        public var resourceID: String
        public var cpus: Double
        public var memMB: Int
        /// `BROKER_PORT`: 0 takes the lowest port offered.
        public var port: Int

        public init(broker: Int, resourceID: String, cpus: Double, memMB: Int, port: Int) {
            self.broker = broker
            self.resourceID = resourceID
            self.cpus = cpus
            self.memMB = memMB
            self.port = port
        }

        /// `broker-<N>-<resource id>`.
        public var persistenceID: String { OfferEvaluator.persistenceID(broker: broker, resourceID: resourceID) }
    }

    /// A broker to relaunch on its reservation and volume.
    public struct InPlaceLaunch: Sendable, Equatable {
        public var broker: Int
        public var resourceID: String
        public var persistenceID: String
        /// What the relaunched task gets; the reservation grows or shrinks to it.
        public var cpus: Double
        public var memMB: Int
        /// `BROKER_PORT`: 0 keeps the reserved port.
        public var port: Int

        public init(broker: Int, resourceID: String, persistenceID: String, cpus: Double, memMB: Int, port: Int) {
            self.broker = broker
            self.resourceID = resourceID
            self.persistenceID = persistenceID
            self.cpus = cpus
            self.memMB = memMB
            self.port = port
        }
    }

    /// A broker that needs an offer.
    public enum Request: Sendable, Equatable {
        case fresh(FreshLaunch)
        case inPlace(InPlaceLaunch)

        public var broker: Int {
            switch self {
            case .fresh(let launch): launch.broker
            case .inPlace(let launch): launch.broker
            }
        }
    }

    public var settings: Settings
    /// The brokers that need an offer, most urgent first.
    public var requests: [Request]
    /// The `resource_id` of every broker record: their resources are never cleaned up.
    public var ownedResourceIDs: Set<String>
    /// Agents holding a broker's reservation or task, with the broker (for NODE placement).
    public var occupiedAgents: [String: Int]
    /// Whether reserved resources no broker owns are given back (only once reconciliation is complete).
    public var cleanUp: Bool

    public init(
        settings: Settings, requests: [Request], ownedResourceIDs: Set<String>, occupiedAgents: [String: Int],
        cleanUp: Bool
    ) {
        self.settings = settings
        self.requests = requests
        self.ownedResourceIDs = ownedResourceIDs
        self.occupiedAgents = occupiedAgents
        self.cleanUp = cleanUp
    }

    /// The reservation label naming the broker.
    public static let brokerLabel = "broker"
    /// The reservation label naming the broker incarnation's resources.
    public static let resourceIDLabel = "resource_id"

    /// `broker-<N>-<resource id>`.
    public static func persistenceID(broker: Int, resourceID: String) -> String {
        "broker-\(broker)-\(resourceID)"
    }

    /// The labels of broker `broker`'s reserved resources.
    public static func reservationLabels(broker: Int, resourceID: String) -> Labels {
        Labels([
            Label(key: brokerLabel, value: StateLayout.brokerNodeName(broker)),
            Label(key: resourceIDLabel, value: resourceID),
        ])
    }

    // MARK: Evaluation

    public func evaluate(_ offers: [Offer]) -> OfferEvaluation {
        var evaluation = OfferEvaluation()
        evaluation.declines.reserveCapacity(offers.count)
        // Nothing to place and nothing to clean: every offer is declined unread.
        if requests.isEmpty && !cleanUp {
            for offer in offers { evaluation.declines.append(offer.id) }
            return evaluation
        }

        var inPlaceByResourceID: [String: Int] = [:]
        var freshIndices: [Int] = []
        for (index, request) in requests.enumerated() {
            switch request {
            case .inPlace(let launch): inPlaceByResourceID[launch.resourceID] = index
            case .fresh: freshIndices.append(index)
            }
        }
        var placed = [Bool](repeating: false, count: requests.count)
        var unplacedFresh = freshIndices.count
        var occupied = occupiedAgents
        var scan = OfferScan()

        for offer in offers {
            let needsScan = cleanUp || !inPlaceByResourceID.isEmpty || unplacedFresh > 0
            guard needsScan else {
                evaluation.declines.append(offer.id)
                continue
            }
            scan.read(
                offer, settings: settings, inPlace: inPlaceByResourceID, owned: ownedResourceIDs, cleanUp: cleanUp)

            var placement: OfferEvaluation.Placement?
            var operations: [Offer.Operation] = []

            if let requestIndex = scan.inPlaceRequest, !placed[requestIndex],
                case .inPlace(let launch) = requests[requestIndex],
                let result = placeInPlace(launch, offer: offer, scan: scan)
            {
                placed[requestIndex] = true
                inPlaceByResourceID[launch.resourceID] = nil
                placement = result.placement
                operations = result.operations
            } else if unplacedFresh > 0 && !(settings.placement == .node && scan.hasOwnedReservation) {
                for requestIndex in freshIndices where !placed[requestIndex] {
                    guard case .fresh(let launch) = requests[requestIndex] else { continue }
                    if settings.placement == .node, let holder = occupied[offer.agentID.value], holder != launch.broker
                    {
                        continue
                    }
                    if let result = placeFresh(launch, offer: offer, scan: scan) {
                        placed[requestIndex] = true
                        unplacedFresh -= 1
                        occupied[offer.agentID.value] = launch.broker
                        placement = result.placement
                        operations = result.operations
                        break
                    }
                }
            }

            let cleanup = scan.cleanupIndices.isEmpty ? [] : cleanupOperations(offer, scan: scan)
            if placement == nil && cleanup.isEmpty {
                evaluation.declines.append(offer.id)
                continue
            }
            var all = cleanup
            all.append(contentsOf: operations)
            if scan.preRefinement {
                all = all.map { (try? $0.toPreRefinement()) ?? $0 }
                if var converted = placement {
                    converted.taskResources = converted.taskResources.map { (try? $0.toPreRefinement()) ?? $0 }
                    placement = converted
                }
            }
            evaluation.accepts.append(
                OfferEvaluation.Accept(
                    offerID: offer.id, agentID: offer.agentID, hostname: offer.hostname, operations: all,
                    placement: placement, cleanedResources: scan.cleanupIndices.count))
        }
        return evaluation
    }

    // MARK: Placements

    private struct Placed {
        var placement: OfferEvaluation.Placement
        var operations: [Offer.Operation]
    }

    private func placeFresh(_ launch: FreshLaunch, offer: Offer, scan: OfferScan) -> Placed? {
        let cpus = Milli(launch.cpus)
        let mem = Milli(Double(launch.memMB))
        let disk = Milli(Double(settings.diskMB))
        guard scan.cpusIndex >= 0, scan.cpusMilli >= cpus, scan.memIndex >= 0, scan.memMilli >= mem else {
            return nil
        }
        guard let (portsIndex, port) = scan.unreservedPort(launch.port, offer: offer) else { return nil }
        let diskSource: Resource
        switch settings.diskType {
        case .root:
            guard scan.rootDiskIndex >= 0, scan.rootDiskMilli >= disk else { return nil }
            diskSource = offer.resources[scan.rootDiskIndex].with(scalar: Double(settings.diskMB))
        case .mount:
            guard let index = scan.smallestMountDisk(atLeast: disk, offer: offer) else { return nil }
            diskSource = offer.resources[index]
        }
        let labels = Self.reservationLabels(broker: launch.broker, resourceID: launch.resourceID)
        func reserve(_ resource: Resource) -> Resource {
            resource.reserved(role: settings.role, principal: settings.principal, labels: labels)
        }
        let reservedCPUs = reserve(offer.resources[scan.cpusIndex].with(scalar: launch.cpus))
        let reservedMem = reserve(offer.resources[scan.memIndex].with(scalar: Double(launch.memMB)))
        let reservedPort = reserve(offer.resources[portsIndex].with(port: port))
        let reservedDisk = reserve(diskSource)
        let volume = reservedDisk.withPersistentVolume(
            id: launch.persistenceID, containerPath: BrokerTaskFactory.volumeContainerPath,
            principal: settings.principal)
        return Placed(
            placement: OfferEvaluation.Placement(
                broker: launch.broker, fresh: true, resourceID: launch.resourceID,
                persistenceID: launch.persistenceID, port: Int(port),
                taskResources: [reservedCPUs, reservedMem, reservedPort, volume]),
            operations: [
                .reserve([reservedCPUs, reservedMem, reservedPort, reservedDisk]),
                .create([volume]),
            ])
    }

    private func placeInPlace(_ launch: InPlaceLaunch, offer: Offer, scan: OfferScan) -> Placed? {
        guard scan.volumeIndex >= 0 else { return nil }
        let labels = Self.reservationLabels(broker: launch.broker, resourceID: launch.resourceID)
        func reserve(_ resource: Resource) -> Resource {
            resource.reserved(role: settings.role, principal: settings.principal, labels: labels)
        }
        var reserves: [Resource] = []
        var unreserves: [Resource] = []
        var taskResources: [Resource] = []

        // cpus and mem: grow or shrink the reservation to what the task gets.
        for (name, amount) in [("cpus", launch.cpus), ("mem", Double(launch.memMB))] {
            let wanted = Milli(amount)
            let reservedIndex = name == "cpus" ? scan.ownCPUsIndex : scan.ownMemIndex
            let reservedMilli = name == "cpus" ? scan.ownCPUsMilli : scan.ownMemMilli
            let unreservedIndex = name == "cpus" ? scan.cpusIndex : scan.memIndex
            let unreservedMilli = name == "cpus" ? scan.cpusMilli : scan.memMilli
            let template: Resource
            if reservedIndex >= 0 {
                template = offer.resources[reservedIndex]
            } else if unreservedIndex >= 0 {
                template = reserve(offer.resources[unreservedIndex])
            } else {
                return nil
            }
            if wanted > reservedMilli {
                let extra = wanted - reservedMilli
                guard unreservedIndex >= 0, unreservedMilli >= extra else { return nil }
                reserves.append(reserve(offer.resources[unreservedIndex].with(scalar: extra.value)))
            } else if wanted < reservedMilli {
                unreserves.append(template.with(scalar: (reservedMilli - wanted).value))
            }
            taskResources.append(template.with(scalar: amount))
        }

        // The port: kept unless the configured port differs from the reserved one.
        let reservedPort = scan.ownPortIndex >= 0 ? offer.resources[scan.ownPortIndex].ranges?.range.first?.begin : nil
        let port: UInt64
        if let reservedPort, launch.port == 0 || UInt64(launch.port) == reservedPort {
            port = reservedPort
            taskResources.append(offer.resources[scan.ownPortIndex].with(port: reservedPort))
        } else {
            guard let (portsIndex, newPort) = scan.unreservedPort(launch.port, offer: offer) else { return nil }
            port = newPort
            let reserved = reserve(offer.resources[portsIndex].with(port: newPort))
            reserves.append(reserved)
            if scan.ownPortIndex >= 0 {
                unreserves.append(offer.resources[scan.ownPortIndex])
            }
            taskResources.append(reserved)
        }
        taskResources.append(offer.resources[scan.volumeIndex])

        var operations: [Offer.Operation] = []
        if !unreserves.isEmpty { operations.append(.unreserve(unreserves)) }
        if !reserves.isEmpty { operations.append(.reserve(reserves)) }
        return Placed(
            placement: OfferEvaluation.Placement(
                broker: launch.broker, fresh: false, resourceID: launch.resourceID,
                persistenceID: launch.persistenceID, port: Int(port), taskResources: taskResources),
            operations: operations)
    }

    private func cleanupOperations(_ offer: Offer, scan: OfferScan) -> [Offer.Operation] {
        var volumes: [Resource] = []
        var reserved: [Resource] = []
        for index in scan.cleanupIndices {
            let resource = offer.resources[index]
            if resource.persistenceID != nil {
                volumes.append(resource)
                reserved.append(resource.strippingPersistentVolume())
            } else {
                reserved.append(resource)
            }
        }
        var operations: [Offer.Operation] = []
        if !volumes.isEmpty { operations.append(.destroy(volumes)) }
        operations.append(.unreserve(reserved))
        return operations
    }
}

// MARK: - Scanning one offer

/// An amount in thousandths, as Mesos computes scalars.
struct Milli: Comparable, Sendable {
    var raw: Int64

    init(_ value: Double) {
        let scaled = value * 1000
        raw = scaled >= 0 ? Int64(scaled + 0.5) : -Int64(-scaled + 0.5)
    }

    init(raw: Int64) { self.raw = raw }

    var value: Double { Double(raw) / 1000 }

    static func < (left: Milli, right: Milli) -> Bool { left.raw < right.raw }
    static func - (left: Milli, right: Milli) -> Milli { Milli(raw: left.raw - right.raw) }
    static func + (left: Milli, right: Milli) -> Milli { Milli(raw: left.raw + right.raw) }
    static let zero = Milli(raw: 0)
}

/// What one pass over an offer's resources found. Reused from offer to offer to keep allocations down.
struct OfferScan {
    var preRefinement = false
    // Unreserved, usable by anyone.
    var cpusIndex = -1
    var cpusMilli = Milli.zero
    var memIndex = -1
    var memMilli = Milli.zero
    var rootDiskIndex = -1
    var rootDiskMilli = Milli.zero
    var mountIndices: [Int] = []
    var portIndices: [Int] = []
    // A broker's own reservation (the request to relaunch in place).
    var inPlaceRequest: Int?
    var ownCPUsIndex = -1
    var ownCPUsMilli = Milli.zero
    var ownMemIndex = -1
    var ownMemMilli = Milli.zero
    var ownPortIndex = -1
    var volumeIndex = -1
    /// Reserved resources of another broker (or of the one relaunching): the agent is occupied.
    var hasOwnedReservation = false
    // Nobody's reservations.
    var cleanupIndices: [Int] = []

    mutating func reset() {
        preRefinement = false
        cpusIndex = -1
        cpusMilli = .zero
        memIndex = -1
        memMilli = .zero
        rootDiskIndex = -1
        rootDiskMilli = .zero
        mountIndices.removeAll(keepingCapacity: true)
        portIndices.removeAll(keepingCapacity: true)
        inPlaceRequest = nil
        ownCPUsIndex = -1
        ownCPUsMilli = .zero
        ownMemIndex = -1
        ownMemMilli = .zero
        ownPortIndex = -1
        volumeIndex = -1
        hasOwnedReservation = false
        cleanupIndices.removeAll(keepingCapacity: true)
    }

    mutating func read(
        _ offer: Offer, settings: OfferEvaluator.Settings, inPlace: [String: Int], owned: Set<String>, cleanUp: Bool
    ) {
        reset()
        let resources = offer.resources
        for index in resources.indices {
            let resource = resources[index]
            if resource.role != nil { preRefinement = true }
            // Revocable and shared resources are never used for a broker.
            if resource.revocable != nil || resource.shared != nil { continue }
            let reservation = Self.reservation(of: resource)
            guard let reservation else {
                readUnreserved(resource, at: index)
                continue
            }
            guard reservation.dynamic, reservation.role == settings.role,
                let resourceID = reservation.labels?[OfferEvaluator.resourceIDLabel]
            else { continue }
            if let request = inPlace[resourceID] {
                hasOwnedReservation = true
                if inPlaceRequest == nil { inPlaceRequest = request }
                guard inPlaceRequest == request else { continue }
                readOwn(resource, at: index)
            } else if owned.contains(resourceID) {
                hasOwnedReservation = true
            } else if cleanUp && reservation.principal == settings.principal {
                cleanupIndices.append(index)
            }
        }
    }

    private mutating func readUnreserved(_ resource: Resource, at index: Int) {
        guard resource.type == .scalar || resource.type == .ranges else { return }
        switch resource.name {
        case "cpus":
            let amount = Milli(resource.scalarValue)
            if cpusIndex < 0 || amount > cpusMilli {
                cpusIndex = index
                cpusMilli = amount
            }
        case "mem":
            let amount = Milli(resource.scalarValue)
            if memIndex < 0 || amount > memMilli {
                memIndex = index
                memMilli = amount
            }
        case "disk":
            guard let disk = resource.disk else {
                let amount = Milli(resource.scalarValue)
                if rootDiskIndex < 0 || amount > rootDiskMilli {
                    rootDiskIndex = index
                    rootDiskMilli = amount
                }
                return
            }
            if disk.persistence == nil, disk.source?.type == .mount {
                mountIndices.append(index)
            }
        case "ports":
            portIndices.append(index)
        default:
            break
        }
    }

    private mutating func readOwn(_ resource: Resource, at index: Int) {
        switch resource.name {
        case "cpus":
            ownCPUsIndex = index
            ownCPUsMilli = Milli(resource.scalarValue)
        case "mem":
            ownMemIndex = index
            ownMemMilli = Milli(resource.scalarValue)
        case "ports":
            ownPortIndex = index
        case "disk":
            if resource.persistenceID != nil { volumeIndex = index }
        default:
            break
        }
    }

    /// The most refined reservation of a resource in either format, without building the stack.
    private static func reservation(
        of resource: Resource
    ) -> (role: String?, principal: String?, labels: Labels?, dynamic: Bool)? {
        if let last = resource.reservations.last {
            return (last.role, last.principal, last.labels, last.type == .dynamic)
        }
        guard let role = resource.role, role != "*" else { return nil }
        if let reservation = resource.reservation {
            return (role, reservation.principal, reservation.labels, true)
        }
        return (role, nil, nil, false)
    }

    /// An unreserved port: `wanted` when it is offered, or the lowest offered port when `wanted` is 0.
    func unreservedPort(_ wanted: Int, offer: Offer) -> (index: Int, port: UInt64)? {
        var best: (index: Int, port: UInt64)?
        for index in portIndices {
            for range in offer.resources[index].ranges?.range ?? [] where range.begin <= range.end {
                if wanted > 0 {
                    if (range.begin...range.end).contains(UInt64(wanted)) { return (index, UInt64(wanted)) }
                } else if best == nil || range.begin < best!.port {
                    best = (index, range.begin)
                }
            }
        }
        return wanted > 0 ? nil : best
    }

    /// The smallest unreserved MOUNT disk of at least `size`.
    func smallestMountDisk(atLeast size: Milli, offer: Offer) -> Int? {
        var best: (index: Int, size: Milli)?
        for index in mountIndices {
            let amount = Milli(offer.resources[index].scalarValue)
            if amount >= size && (best == nil || amount < best!.size) {
                best = (index, amount)
            }
        }
        return best?.index
    }
}

extension Resource {
    /// The same scalar resource with another amount.
    func with(scalar value: Double) -> Resource {
        var copy = self
        copy.scalar = Value.Scalar(value: value)
        return copy
    }

    /// The same ranges resource holding the single value `port`.
    func with(port: UInt64) -> Resource {
        var copy = self
        copy.ranges = Value.Ranges([Value.Range(begin: port, end: port)])
        return copy
    }
}

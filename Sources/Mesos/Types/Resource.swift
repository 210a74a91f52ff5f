/// A resource in an offer, a task or an operation (`Resource`).
///
/// The reservation fields are kept exactly as they were read, so a resource round-trips in
/// either format: pre-refinement (`role` + `reservation`) or refinement (`reservations`). Code
/// that compares resources uses ``effectiveReservations`` or the normalised form from
/// ``toPostRefinement()``; see `Resource+Format.swift`.
///
/// The fields live in one copy-on-write box: offers hold many resources and pools pass them
/// around, and copying a resource then costs one reference count instead of dozens.
public struct Resource: Codable, Hashable, Sendable {
    // Mutated only through `unique()`, i.e. when this value is its only owner; shared boxes are
    // never written, which makes sharing them across threads safe.
    private final class Storage: @unchecked Sendable {
        var providerID: ResourceProviderID? { didSet { refresh() } }
        var name: String { didSet { refresh() } }
        var type: Value.ValueType { didSet { refresh() } }
        var scalar: Value.Scalar?
        var ranges: Value.Ranges?
        var set: Value.Set?
        var role: String? { didSet { refresh() } }
        var allocationInfo: AllocationInfo? { didSet { refresh() } }
        var reservation: ReservationInfo? { didSet { refresh() } }
        var reservations: [ReservationInfo] { didSet { refresh() } }
        var disk: DiskInfo? { didSet { refresh() } }
        var revocable: RevocableInfo? { didSet { refresh() } }
        var shared: SharedInfo? { didSet { refresh() } }
        /// Equal for resources of the same identity (see `sameIdentity`), kept current on every change.
        private(set) var identity = 0
        /// Persistent volumes, MOUNT/BLOCK disks, RAW disks with an id and shared resources.
        private(set) var indivisible = false
        /// Whether `disk` is set, readable without copying the disk info.
        private(set) var hasDisk = false
        /// `disk.persistence.id`, readable without copying the disk info.
        private(set) var persistenceID: String?

        init(
            providerID: ResourceProviderID?,
            name: String,
            type: Value.ValueType,
            scalar: Value.Scalar?,
            ranges: Value.Ranges?,
            set: Value.Set?,
            role: String?,
            allocationInfo: AllocationInfo?,
            reservation: ReservationInfo?,
            reservations: [ReservationInfo],
            disk: DiskInfo?,
            revocable: RevocableInfo?,
            shared: SharedInfo?
        ) {
            self.providerID = providerID
            self.name = name
            self.type = type
            self.scalar = scalar
            self.ranges = ranges
            self.set = set
            self.role = role
            self.allocationInfo = allocationInfo
            self.reservation = reservation
            self.reservations = reservations
            self.disk = disk
            self.revocable = revocable
            self.shared = shared
            refresh()
        }

        func refresh() {
            var hasher = Hasher()
            hasher.combine(name)
            hasher.combine(type)
            hasher.combine(allocationInfo)
            hasher.combine(providerID)
            hasher.combine(revocable != nil)
            hasher.combine(shared != nil)
            let stack =
                reservations.isEmpty && (role != nil || reservation != nil)
                ? Resource.effectiveReservations(role: role, reservation: reservation, reservations: reservations)
                : reservations
            hasher.combine(stack.count)
            for item in stack {
                hasher.combine(item.type ?? .unknown)
                hasher.combine(item.role ?? "")
                hasher.combine(item.principal)
                hasher.combine(item.labels == nil)
                // Labels match in any order: combine them order-independently.
                hasher.combine(item.labels?.labels.reduce(0) { $0 ^ $1.hashValue } ?? 0)
            }
            hasher.combine(disk == nil)
            if let disk {
                hasher.combine(disk.source)
                hasher.combine(disk.persistence?.id)
            }
            identity = hasher.finalize()
            hasDisk = disk != nil
            persistenceID = disk?.persistence?.id

            if shared != nil {
                indivisible = true
            } else if let disk {
                if disk.persistence != nil {
                    indivisible = true
                } else if let source = disk.source {
                    switch source.type {
                    case .mount, .block: indivisible = true
                    case .raw: indivisible = source.id != nil
                    default: indivisible = false
                    }
                } else {
                    indivisible = false
                }
            } else {
                indivisible = false
            }
        }

        func sameIdentityFields(as other: Storage) -> Bool {
            guard name == other.name, type == other.type, allocationInfo == other.allocationInfo,
                providerID == other.providerID, (revocable == nil) == (other.revocable == nil),
                (shared == nil) == (other.shared == nil), reservations.count == other.reservations.count
            else { return false }
            if hasDisk || other.hasDisk {
                guard let disk, let otherDisk = other.disk, disk.matches(otherDisk) else { return false }
            }
            for index in reservations.indices where !reservations[index].matches(other.reservations[index]) {
                return false
            }
            return true
        }

        /// A copy with the same cached identity: no need to hash again.
        init(copying other: Storage) {
            providerID = other.providerID
            name = other.name
            type = other.type
            scalar = other.scalar
            ranges = other.ranges
            set = other.set
            role = other.role
            allocationInfo = other.allocationInfo
            reservation = other.reservation
            reservations = other.reservations
            disk = other.disk
            revocable = other.revocable
            shared = other.shared
            identity = other.identity
            indivisible = other.indivisible
            hasDisk = other.hasDisk
            persistenceID = other.persistenceID
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(copying: storage)
        }
        return storage
    }

    public var providerID: ResourceProviderID? {
        get { storage.providerID }
        set { unique().providerID = newValue }
    }

    public var name: String {
        get { storage.name }
        set { unique().name = newValue }
    }

    public var type: Value.ValueType {
        get { storage.type }
        set { unique().type = newValue }
    }

    public var scalar: Value.Scalar? {
        get { storage.scalar }
        set { unique().scalar = newValue }
    }

    public var ranges: Value.Ranges? {
        get { storage.ranges }
        set { unique().ranges = newValue }
    }

    public var set: Value.Set? {
        get { storage.set }
        set { unique().set = newValue }
    }

    /// Pre-refinement format: `"*"` for unreserved, otherwise the reservation's role.
    public var role: String? {
        get { storage.role }
        set { unique().role = newValue }
    }

    public var allocationInfo: AllocationInfo? {
        get { storage.allocationInfo }
        set { unique().allocationInfo = newValue }
    }

    /// Pre-refinement format: present for a dynamic reservation (principal and labels).
    public var reservation: ReservationInfo? {
        get { storage.reservation }
        set { unique().reservation = newValue }
    }

    /// Refinement format: the stack of reservations, the last one being the most refined.
    public var reservations: [ReservationInfo] {
        get { storage.reservations }
        set { unique().reservations = newValue }
    }

    public var disk: DiskInfo? {
        get { storage.disk }
        set { unique().disk = newValue }
    }

    public var revocable: RevocableInfo? {
        get { storage.revocable }
        set { unique().revocable = newValue }
    }

    public var shared: SharedInfo? {
        get { storage.shared }
        set { unique().shared = newValue }
    }

    public init(
        name: String,
        type: Value.ValueType,
        scalar: Value.Scalar? = nil,
        ranges: Value.Ranges? = nil,
        set: Value.Set? = nil,
        role: String? = nil,
        allocationInfo: AllocationInfo? = nil,
        reservation: ReservationInfo? = nil,
        reservations: [ReservationInfo] = [],
        disk: DiskInfo? = nil,
        revocable: RevocableInfo? = nil,
        shared: SharedInfo? = nil,
        providerID: ResourceProviderID? = nil
    ) {
        storage = Storage(
            providerID: providerID,
            name: name,
            type: type,
            scalar: scalar,
            ranges: ranges,
            set: set,
            role: role,
            allocationInfo: allocationInfo,
            reservation: reservation,
            reservations: reservations,
            disk: disk,
            revocable: revocable,
            shared: shared
        )
    }

    /// Equal for any two resources of the same identity (name, type, allocation, reservation
    /// stack, disk, revocable, shared, provider); different values almost always mean different
    /// identities, so pools compare this first.
    var identityHash: Int { storage.identity }

    /// Persistent volumes, MOUNT/BLOCK disks, RAW disks with an id and shared resources are
    /// never merged or split.
    var isIndivisible: Bool { storage.indivisible }

    /// Whether `disk` is set, without copying it.
    var hasDiskInfo: Bool { storage.hasDisk }

    /// The persistent volume's id (`disk.persistence.id`), without copying the disk info.
    public var persistenceID: String? { storage.persistenceID }

    /// Whether two resources in the refinement format describe the same kind of thing and differ
    /// at most in amount (Mesos's `addable`/`subtractable` checks before the amount). Reads the
    /// box in place: pools call this for every entry they scan.
    func hasSameIdentity(as other: Resource) -> Bool {
        if storage === other.storage { return true }
        // The cached hash rejects almost every other entry before any field is read.
        guard storage.identity == other.storage.identity else { return false }
        return storage.sameIdentityFields(as: other.storage)
    }

    public static func == (left: Resource, right: Resource) -> Bool {
        if left.storage === right.storage { return true }
        let l = left.storage
        let r = right.storage
        return l.name == r.name
            && l.type == r.type
            && l.providerID == r.providerID
            && l.scalar == r.scalar
            && l.ranges == r.ranges
            && l.set == r.set
            && l.role == r.role
            && l.allocationInfo == r.allocationInfo
            && l.reservation == r.reservation
            && l.reservations == r.reservations
            && l.disk == r.disk
            && l.revocable == r.revocable
            && l.shared == r.shared
    }

    public func hash(into hasher: inout Hasher) {
        let s = storage
        hasher.combine(s.providerID)
        hasher.combine(s.name)
        hasher.combine(s.type)
        hasher.combine(s.scalar)
        hasher.combine(s.ranges)
        hasher.combine(s.set)
        hasher.combine(s.role)
        hasher.combine(s.allocationInfo)
        hasher.combine(s.reservation)
        hasher.combine(s.reservations)
        hasher.combine(s.disk)
        hasher.combine(s.revocable)
        hasher.combine(s.shared)
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case name, type, scalar, ranges, set, role
        case allocationInfo = "allocation_info"
        case reservation, reservations, disk, revocable, shared
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storage = Storage(
            providerID: try container.optional(.providerID),
            name: try container.required(.name),
            type: try container.required(.type),
            scalar: try container.optional(.scalar),
            ranges: try container.optional(.ranges),
            set: try container.optional(.set),
            role: try container.optional(.role),
            allocationInfo: try container.optional(.allocationInfo),
            reservation: try container.optional(.reservation),
            reservations: try container.repeated(.reservations),
            disk: try container.optional(.disk),
            revocable: try container.optional(.revocable),
            shared: try container.optional(.shared)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(providerID, forKey: .providerID)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(scalar, forKey: .scalar)
        try container.encodeIfPresent(ranges, forKey: .ranges)
        try container.encodeIfPresent(set, forKey: .set)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeIfPresent(allocationInfo, forKey: .allocationInfo)
        try container.encodeIfPresent(reservation, forKey: .reservation)
        try container.encodeRepeated(reservations, forKey: .reservations)
        try container.encodeIfPresent(disk, forKey: .disk)
        try container.encodeIfPresent(revocable, forKey: .revocable)
        try container.encodeIfPresent(shared, forKey: .shared)
    }
}

/// A resource in an offer, a task or an operation (`Resource`).
///
/// The reservation fields are kept exactly as they were read, so a resource round-trips in
/// either format: pre-refinement (`role` + `reservation`) or refinement (`reservations`). Code
/// that compares resources uses ``effectiveReservations`` or the normalised form from
/// ``toPostRefinement()``; see `Resource+Format.swift`.
public struct Resource: Codable, Hashable, Sendable {
    public var providerID: ResourceProviderID?
    public var name: String
    public var type: Value.ValueType
    public var scalar: Value.Scalar?
    public var ranges: Value.Ranges?
    public var set: Value.Set?
    /// Pre-refinement format: `"*"` for unreserved, otherwise the reservation's role.
    public var role: String?
    public var allocationInfo: AllocationInfo?
    /// Pre-refinement format: present for a dynamic reservation (principal and labels).
    public var reservation: ReservationInfo?
    /// Refinement format: the stack of reservations, the last one being the most refined.
    public var reservations: [ReservationInfo]
    public var disk: DiskInfo?
    public var revocable: RevocableInfo?
    public var shared: SharedInfo?

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
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case name, type, scalar, ranges, set, role
        case allocationInfo = "allocation_info"
        case reservation, reservations, disk, revocable, shared
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        providerID = try container.optional(.providerID)
        name = try container.required(.name)
        type = try container.required(.type)
        scalar = try container.optional(.scalar)
        ranges = try container.optional(.ranges)
        set = try container.optional(.set)
        role = try container.optional(.role)
        allocationInfo = try container.optional(.allocationInfo)
        reservation = try container.optional(.reservation)
        reservations = try container.repeated(.reservations)
        disk = try container.optional(.disk)
        revocable = try container.optional(.revocable)
        shared = try container.optional(.shared)
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

extension Resource {
    /// The role the resource is allocated to (`allocation_info`), for MULTI_ROLE frameworks.
    public struct AllocationInfo: Codable, Hashable, Sendable {
        public var role: String?

        public init(role: String? = nil) {
            self.role = role
        }
    }

    /// One reservation: its type, role, and for dynamic ones the principal and labels.
    public struct ReservationInfo: Codable, Hashable, Sendable {
        /// How a reservation was made: by agent flags (STATIC) or by a RESERVE operation (DYNAMIC).
        public enum ReservationType: MesosEnum {
            case unknown
            case `static`
            case dynamic
            /// A value this version does not know, kept as it was received.
            case unrecognized(String)

            public static let knownValues: [ReservationType] = [
                .unknown, .static, .dynamic
            ]
            static let index = wireNameIndex(knownValues)

            public init(wireName: String) {
                self = Self.index[wireName] ?? .unrecognized(wireName)
            }

            public var wireName: String {
                switch self {
                case .unknown: "UNKNOWN"
                case .static: "STATIC"
                case .dynamic: "DYNAMIC"
                case .unrecognized(let name): name
                }
            }
        }

        public var type: ReservationType?
        public var role: String?
        public var principal: String?
        public var labels: Labels?

        public init(type: ReservationType? = nil, role: String? = nil, principal: String? = nil, labels: Labels? = nil) {
            self.type = type
            self.role = role
            self.principal = principal
            self.labels = labels
        }

        /// A dynamic reservation, as a RESERVE operation makes.
        public static func dynamic(role: String, principal: String? = nil, labels: Labels? = nil) -> ReservationInfo {
            ReservationInfo(type: .dynamic, role: role, principal: principal, labels: labels)
        }

        /// A static reservation, as agent flags make.
        public static func `static`(role: String) -> ReservationInfo {
            ReservationInfo(type: .static, role: role)
        }

        /// Equality as Mesos defines it: unset type and role equal their defaults, labels in any order.
        public func matches(_ other: ReservationInfo) -> Bool {
            (type ?? .unknown) == (other.type ?? .unknown)
                && (role ?? "") == (other.role ?? "")
                && principal == other.principal
                && labelsMatch(labels, other.labels)
        }

        enum CodingKeys: String, CodingKey {
            case type, role, principal, labels
        }
    }

    /// Disk details: a persistent volume (`persistence` + `volume`) and/or a disk source.
    public struct DiskInfo: Codable, Hashable, Sendable {
        public var persistence: Persistence?
        public var volume: Volume?
        public var source: Source?

        public init(persistence: Persistence? = nil, volume: Volume? = nil, source: Source? = nil) {
            self.persistence = persistence
            self.volume = volume
            self.source = source
        }

        /// Identifies a persistent volume; `id` is unique per role on an agent.
        public struct Persistence: Codable, Hashable, Sendable {
            public var id: String
            public var principal: String?

            public init(id: String, principal: String? = nil) {
                self.id = id
                self.principal = principal
            }
        }

        /// Where the disk space comes from: the agent's work dir (unset), a PATH or a MOUNT disk.
        public struct Source: Codable, Hashable, Sendable {
            /// The kind of a disk source: PATH disks are shareable directories, MOUNT disks exclusive mounts.
            public enum SourceType: MesosEnum {
                case unknown
                case path
                case mount
                case block
                case raw
                /// A value this version does not know, kept as it was received.
                case unrecognized(String)

                public static let knownValues: [SourceType] = [
                    .unknown, .path, .mount, .block, .raw
                ]
                static let index = wireNameIndex(knownValues)

                public init(wireName: String) {
                    self = Self.index[wireName] ?? .unrecognized(wireName)
                }

                public var wireName: String {
                    switch self {
                    case .unknown: "UNKNOWN"
                    case .path: "PATH"
                    case .mount: "MOUNT"
                    case .block: "BLOCK"
                    case .raw: "RAW"
                    case .unrecognized(let name): name
                    }
                }
            }

            public struct Path: Codable, Hashable, Sendable {
                public var root: String?

                public init(root: String? = nil) {
                    self.root = root
                }
            }

            public struct Mount: Codable, Hashable, Sendable {
                public var root: String?

                public init(root: String? = nil) {
                    self.root = root
                }
            }

            public var type: SourceType
            public var path: Path?
            public var mount: Mount?
            public var vendor: String?
            public var id: String?
            public var metadata: Labels?
            public var profile: String?

            public init(
                type: SourceType, path: Path? = nil, mount: Mount? = nil, vendor: String? = nil,
                id: String? = nil, metadata: Labels? = nil, profile: String? = nil
            ) {
                self.type = type
                self.path = path
                self.mount = mount
                self.vendor = vendor
                self.id = id
                self.metadata = metadata
                self.profile = profile
            }

            /// A MOUNT disk at `root`.
            public static func mount(root: String) -> Source {
                Source(type: .mount, mount: Mount(root: root))
            }

            /// A PATH disk at `root`.
            public static func path(root: String) -> Source {
                Source(type: .path, path: Path(root: root))
            }
        }

        /// Equality as Mesos defines it: same source and persistence id; `volume` is how a task
        /// uses the disk and does not count.
        public func matches(_ other: DiskInfo) -> Bool {
            source == other.source && persistence?.id == other.persistence?.id
        }
    }

    /// Marks a revocable resource (an empty message).
    public struct RevocableInfo: Codable, Hashable, Sendable {
        public init() {}
    }

    /// Marks a shared resource (an empty message).
    public struct SharedInfo: Codable, Hashable, Sendable {
        public init() {}
    }
}

/// How a volume appears in a container (`Volume`).
public struct Volume: Codable, Hashable, Sendable {
    /// Read-write or read-only.
    public enum Mode: MesosEnum {
        case readWrite
        case readOnly
        /// A value this version does not know, kept as it was received.
        case unrecognized(String)

        public static let knownValues: [Mode] = [
            .readWrite, .readOnly
        ]
        static let index = wireNameIndex(knownValues)

        public init(wireName: String) {
            self = Self.index[wireName] ?? .unrecognized(wireName)
        }

        public var wireName: String {
            switch self {
            case .readWrite: "RW"
            case .readOnly: "RO"
            case .unrecognized(let name): name
            }
        }
    }

    public var mode: Mode
    /// Relative paths are inside the sandbox.
    public var containerPath: String
    public var hostPath: String?
    /// Carried without interpretation.
    public var image: JSONValue?
    /// Carried without interpretation.
    public var source: JSONValue?

    public init(
        mode: Mode = .readWrite, containerPath: String, hostPath: String? = nil, image: JSONValue? = nil,
        source: JSONValue? = nil
    ) {
        self.mode = mode
        self.containerPath = containerPath
        self.hostPath = hostPath
        self.image = image
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case containerPath = "container_path"
        case hostPath = "host_path"
        case image, source
    }
}

// The nested messages of `Resource`: allocation, reservations, disk info.

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
                .unknown, .static, .dynamic,
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

        public init(type: ReservationType? = nil, role: String? = nil, principal: String? = nil, labels: Labels? = nil)
        {
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
                    .unknown, .path, .mount, .block, .raw,
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

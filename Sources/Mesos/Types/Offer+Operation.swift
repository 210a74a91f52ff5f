extension Offer {
    /// One operation of an ACCEPT call (`Offer.Operation`); the body matching `type` is set.
    public struct Operation: Codable, Hashable, Sendable {
        /// The kind of an operation; absent on the wire reads as `.unknown`.
        public enum OperationType: MesosEnum {
            case unknown
            case launch
            case launchGroup
            case reserve
            case unreserve
            case create
            case destroy
            case growVolume
            case shrinkVolume
            case createDisk
            case destroyDisk
            /// A value this version does not know, kept as it was received.
            case unrecognized(String)

            public static let knownValues: [OperationType] = [
                .unknown, .launch, .launchGroup, .reserve, .unreserve, .create, .destroy, .growVolume,
                .shrinkVolume, .createDisk, .destroyDisk,
            ]
            static let index = wireNameIndex(knownValues)

            public init(wireName: String) {
                self = Self.index[wireName] ?? .unrecognized(wireName)
            }

            public var wireName: String {
                switch self {
                case .unknown: "UNKNOWN"
                case .launch: "LAUNCH"
                case .launchGroup: "LAUNCH_GROUP"
                case .reserve: "RESERVE"
                case .unreserve: "UNRESERVE"
                case .create: "CREATE"
                case .destroy: "DESTROY"
                case .growVolume: "GROW_VOLUME"
                case .shrinkVolume: "SHRINK_VOLUME"
                case .createDisk: "CREATE_DISK"
                case .destroyDisk: "DESTROY_DISK"
                case .unrecognized(let name): name
                }
            }
        }

        public struct Launch: Codable, Hashable, Sendable {
            public var taskInfos: [TaskInfo]

            public init(taskInfos: [TaskInfo] = []) {
                self.taskInfos = taskInfos
            }

            enum CodingKeys: String, CodingKey {
                case taskInfos = "task_infos"
            }

            public init(from decoder: any Decoder) throws {
                taskInfos = try decoder.container(keyedBy: CodingKeys.self).repeated(.taskInfos)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeRepeated(taskInfos, forKey: .taskInfos)
            }
        }

        public struct LaunchGroup: Codable, Hashable, Sendable {
            public var executor: ExecutorInfo
            public var taskGroup: TaskGroupInfo

            public init(executor: ExecutorInfo, taskGroup: TaskGroupInfo) {
                self.executor = executor
                self.taskGroup = taskGroup
            }

            enum CodingKeys: String, CodingKey {
                case executor
                case taskGroup = "task_group"
            }
        }

        /// The reserved form of the resources; `source` (optional) names what they come from.
        public struct Reserve: Codable, Hashable, Sendable {
            public var source: [Resource]
            public var resources: [Resource]

            public init(resources: [Resource], source: [Resource] = []) {
                self.source = source
                self.resources = resources
            }

            enum CodingKeys: String, CodingKey {
                case source, resources
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                source = try container.repeated(.source)
                resources = try container.repeated(.resources)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeRepeated(source, forKey: .source)
                try container.encodeRepeated(resources, forKey: .resources)
            }
        }

        /// The reserved resources to give back.
        public struct Unreserve: Codable, Hashable, Sendable {
            public var resources: [Resource]

            public init(resources: [Resource]) {
                self.resources = resources
            }

            enum CodingKeys: String, CodingKey {
                case resources
            }

            public init(from decoder: any Decoder) throws {
                resources = try decoder.container(keyedBy: CodingKeys.self).repeated(.resources)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeRepeated(resources, forKey: .resources)
            }
        }

        /// Persistent volumes to create (CREATE) or destroy (DESTROY).
        public struct Volumes: Codable, Hashable, Sendable {
            public var volumes: [Resource]

            public init(volumes: [Resource]) {
                self.volumes = volumes
            }

            enum CodingKeys: String, CodingKey {
                case volumes
            }

            public init(from decoder: any Decoder) throws {
                volumes = try decoder.container(keyedBy: CodingKeys.self).repeated(.volumes)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeRepeated(volumes, forKey: .volumes)
            }
        }

        public var type: OperationType
        public var id: OperationID?
        public var launch: Launch?
        public var launchGroup: LaunchGroup?
        public var reserve: Reserve?
        public var unreserve: Unreserve?
        public var create: Volumes?
        public var destroy: Volumes?
        /// Experimental operations, carried without interpretation.
        public var growVolume: JSONValue?
        public var shrinkVolume: JSONValue?
        public var createDisk: JSONValue?
        public var destroyDisk: JSONValue?

        public init(
            type: OperationType,
            id: OperationID? = nil,
            launch: Launch? = nil,
            launchGroup: LaunchGroup? = nil,
            reserve: Reserve? = nil,
            unreserve: Unreserve? = nil,
            create: Volumes? = nil,
            destroy: Volumes? = nil,
            growVolume: JSONValue? = nil,
            shrinkVolume: JSONValue? = nil,
            createDisk: JSONValue? = nil,
            destroyDisk: JSONValue? = nil
        ) {
            self.type = type
            self.id = id
            self.launch = launch
            self.launchGroup = launchGroup
            self.reserve = reserve
            self.unreserve = unreserve
            self.create = create
            self.destroy = destroy
            self.growVolume = growVolume
            self.shrinkVolume = shrinkVolume
            self.createDisk = createDisk
            self.destroyDisk = destroyDisk
        }

        /// LAUNCH the tasks.
        public static func launch(_ tasks: [TaskInfo]) -> Operation {
            Operation(type: .launch, launch: Launch(taskInfos: tasks))
        }

        /// LAUNCH_GROUP the tasks under one executor.
        public static func launchGroup(executor: ExecutorInfo, tasks: [TaskInfo]) -> Operation {
            Operation(
                type: .launchGroup, launchGroup: LaunchGroup(executor: executor, taskGroup: TaskGroupInfo(tasks: tasks))
            )
        }

        /// RESERVE: `resources` are the reserved form (with the new reservation pushed).
        public static func reserve(_ resources: [Resource]) -> Operation {
            Operation(type: .reserve, reserve: Reserve(resources: resources))
        }

        /// UNRESERVE: `resources` are the reserved resources as offered.
        public static func unreserve(_ resources: [Resource]) -> Operation {
            Operation(type: .unreserve, unreserve: Unreserve(resources: resources))
        }

        /// CREATE persistent volumes on reserved disk.
        public static func create(_ volumes: [Resource]) -> Operation {
            Operation(type: .create, create: Volumes(volumes: volumes))
        }

        /// DESTROY persistent volumes, turning them back into reserved disk.
        public static func destroy(_ volumes: [Resource]) -> Operation {
            Operation(type: .destroy, destroy: Volumes(volumes: volumes))
        }

        enum CodingKeys: String, CodingKey {
            case type, id, launch
            case launchGroup = "launch_group"
            case reserve, unreserve, create, destroy
            case growVolume = "grow_volume"
            case shrinkVolume = "shrink_volume"
            case createDisk = "create_disk"
            case destroyDisk = "destroy_disk"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.optional(.type) ?? .unknown
            id = try container.optional(.id)
            launch = try container.optional(.launch)
            launchGroup = try container.optional(.launchGroup)
            reserve = try container.optional(.reserve)
            unreserve = try container.optional(.unreserve)
            create = try container.optional(.create)
            destroy = try container.optional(.destroy)
            growVolume = try container.optional(.growVolume)
            shrinkVolume = try container.optional(.shrinkVolume)
            createDisk = try container.optional(.createDisk)
            destroyDisk = try container.optional(.destroyDisk)
        }
    }
}

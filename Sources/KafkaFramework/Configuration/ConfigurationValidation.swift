/// Why a configuration cannot become the target. The previous target stays, and these show as the plan's
/// errors (plan status `Error`) until the environment is corrected.
public enum ConfigurationValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    case heapExceedsMemory(heapMB: Int, memMB: Int)
    case brokerCountDecreased(from: Int, to: Int)
    case diskSizeChanged(from: Int, to: Int)
    case diskTypeChanged(from: DiskType, to: DiskType)
    case nameChanged(from: String, to: String)
    case principalChanged(from: String, to: String)
    case roleChanged(from: String, to: String)
    case kafkaZooKeeperChanged(from: String, to: String)

    public var description: String {
        switch self {
        case .heapExceedsMemory(let heap, let mem):
            return "BROKER_HEAP_MB (\(heap)) is above BROKER_MEM (\(mem)): the broker's heap must fit in its task's "
                + "memory"
        case .brokerCountDecreased(let old, let new):
            return "BROKER_COUNT cannot decrease (from \(old) to \(new)): removing brokers would lose the partitions "
                + "they hold; move partitions off a broker and replace it instead"
        case .diskSizeChanged(let old, let new):
            return "BROKER_DISK cannot change (from \(old) to \(new)): the brokers' persistent volumes keep the size "
                + "they were created with"
        case .diskTypeChanged(let old, let new):
            return "DISK_TYPE cannot change (from \(old.rawValue) to \(new.rawValue)): the brokers' persistent "
                + "volumes stay where they were created"
        case .nameChanged(let old, let new):
            return "FRAMEWORK_NAME cannot change (from \(old) to \(new)): the service's state, its role and Kafka's "
                + "data in ZooKeeper are kept under its name"
        case .principalChanged(let old, let new):
            return "FRAMEWORK_PRINCIPAL cannot change (from \(old) to \(new)): the brokers' reservations and volumes "
                + "belong to the principal that made them"
        case .roleChanged(let old, let new):
            return "FRAMEWORK_ROLE cannot change (from \(old) to \(new)): the brokers' reservations and volumes "
                + "belong to the role they were made for"
        case .kafkaZooKeeperChanged(let old, let new):
            return "KAFKA_ZOOKEEPER_URI cannot change (from \(old) to \(new)): Kafka keeps its brokers, topics and "
                + "partition assignments there"
        }
    }
}

extension ServiceConfiguration {
    /// The reasons this configuration cannot replace `previous`, the stored target (nil on a first
    /// install, when only the configuration's own consistency is checked). Empty when it may.
    public func validationErrors(replacing previous: ServiceConfiguration?) -> [ConfigurationValidationError] {
        var errors: [ConfigurationValidationError] = []
        if broker.heapMB > broker.memMB {
            errors.append(.heapExceedsMemory(heapMB: broker.heapMB, memMB: broker.memMB))
        }
        guard let previous else { return errors }
        if service.brokerCount < previous.service.brokerCount {
            errors.append(.brokerCountDecreased(from: previous.service.brokerCount, to: service.brokerCount))
        }
        if broker.diskMB != previous.broker.diskMB {
            errors.append(.diskSizeChanged(from: previous.broker.diskMB, to: broker.diskMB))
        }
        if broker.diskType != previous.broker.diskType {
            errors.append(.diskTypeChanged(from: previous.broker.diskType, to: broker.diskType))
        }
        if service.name != previous.service.name {
            errors.append(.nameChanged(from: previous.service.name, to: service.name))
        }
        if service.principal != previous.service.principal {
            errors.append(.principalChanged(from: previous.service.principal, to: service.principal))
        }
        if service.role != previous.service.role {
            errors.append(.roleChanged(from: previous.service.role, to: service.role))
        }
        if kafka.kafkaZkURI != previous.kafka.kafkaZkURI {
            errors.append(.kafkaZooKeeperChanged(from: previous.kafka.kafkaZkURI, to: kafka.kafkaZkURI))
        }
        return errors
    }

    /// What changed between `running` (the configuration a broker's task was launched with) and this target
    /// that the broker's task depends on, one entry per variable (`BROKER_MEM: 2304 → 4096`). Empty when the
    /// broker can stay as it is: changes of BROKER_COUNT, PLACEMENT_STRATEGY, PHASE_STRATEGY and
    /// BROKER_READY_CHECK do not touch running brokers.
    public func relaunchReasons(forBrokerRunning running: ServiceConfiguration) -> [String] {
        var reasons: [String] = []
        func check<T: Equatable>(_ variable: String, _ old: T, _ new: T, _ show: (T) -> String) {
            if old != new { reasons.append("\(variable): \(show(old)) → \(show(new))") }
        }
        let plain: (String) -> String = { $0.isEmpty ? "(empty)" : $0 }
        check("BROKER_CPUS", running.broker.cpus, broker.cpus) { "\($0)" }
        check("BROKER_MEM", running.broker.memMB, broker.memMB) { "\($0)" }
        check("BROKER_HEAP_MB", running.broker.heapMB, broker.heapMB) { "\($0)" }
        check("BROKER_DISK", running.broker.diskMB, broker.diskMB) { "\($0)" }
        check("DISK_TYPE", running.broker.diskType, broker.diskType) { $0.rawValue }
        check("BROKER_PORT", running.broker.port, broker.port) { "\($0)" }
        check("KAFKA_URI", running.broker.kafkaURI, broker.kafkaURI, plain)
        check("JAVA_URI", running.broker.javaURI, broker.javaURI, plain)
        check("BROKER_COMMAND", running.broker.command ?? "", broker.command ?? "", plain)
        check("KAFKA_VER_NAME", running.kafka.kafkaVerName, kafka.kafkaVerName, plain)
        check("KAFKA_ZOOKEEPER_URI", running.kafka.kafkaZkURI, kafka.kafkaZkURI, plain)
        check("FRAMEWORK_NAME", running.service.name, service.name, plain)
        check("FRAMEWORK_PRINCIPAL", running.service.principal, service.principal, plain)
        check("FRAMEWORK_ROLE", running.service.role, service.role, plain)
        check("FRAMEWORK_USER", running.service.user, service.user, plain)
        let properties = Set(running.kafka.overrides.keys).union(kafka.overrides.keys).sorted()
        for property in properties where running.kafka.overrides[property] != kafka.overrides[property] {
            let variable = KafkaOverrides.prefix + property.replacingOccurrences(of: ".", with: "_").uppercased()
            let old = running.kafka.overrides[property].map { "\(property)=\($0)" } ?? "(unset)"
            let new = kafka.overrides[property].map { "\(property)=\($0)" } ?? "(unset)"
            reasons.append("\(variable): \(old) → \(new)")
        }
        return reasons
    }

    /// Whether a broker launched with `running` must be relaunched to run this target.
    public func requiresRelaunch(ofBrokerRunning running: ServiceConfiguration) -> Bool {
        !relaunchReasons(forBrokerRunning: running).isEmpty
    }
}

/// Every path the scheduler keeps in its store, and the ones Kafka keeps beside them.
///
/// The service's root is `/dcos-service-<FRAMEWORK_NAME>`. Kafka in ZooKeeper mode uses the same chroot
/// (`zookeeper.connect = <KAFKA_ZOOKEEPER_URI>/dcos-service-<name>`), so its `/brokers/ids` and
/// `/brokers/topics` sit beside the scheduler's nodes:
///
/// ```
/// /dcos-service-kafka/framework-id              the Mesos framework id (UTF-8)
/// /dcos-service-kafka/schema-version            the layout version (decimal UTF-8)
/// /dcos-service-kafka/configurations/<uuid>     a configuration (JSON, sorted keys)
/// /dcos-service-kafka/configurations/target     the target's uuid (UTF-8)
/// /dcos-service-kafka/configurations/history    uuids in order of creation (JSON array)
/// /dcos-service-kafka/tasks/broker-<N>          broker N's record (JSON)
/// /dcos-service-kafka/plan/<target uuid>        the plan's progress for that target (JSON)
/// /dcos-service-kafka/lock/leader-<seq>         leader lock nodes (ephemeral, sequential)
/// /dcos-service-kafka/brokers/ids/<N>           Kafka's registration of broker N (Kafka's ZooKeeper)
/// ```
///
/// Paths are store paths: with a `ZooKeeperStateStore` rooted at `/` they are the znodes themselves.
public struct StateLayout: Sendable, Hashable {
    /// `FRAMEWORK_NAME`.
    public let frameworkName: String
    /// `/dcos-service-<FRAMEWORK_NAME>`.
    public let root: String

    /// The layout version this build writes and reads (`schema-version`).
    public static let schemaVersion = 1

    public init(frameworkName: String) {
        self.frameworkName = frameworkName
        self.root = Self.serviceRoot(frameworkName: frameworkName)
    }

    /// `/dcos-service-<name>`: the service's root, also Kafka's chroot.
    public static func serviceRoot(frameworkName: String) -> String {
        "/dcos-service-\(frameworkName)"
    }

    public var frameworkID: String { root + "/framework-id" }
    public var schemaVersion: String { root + "/schema-version" }

    public var configurations: String { root + "/configurations" }
    public func configuration(_ id: String) -> String { configurations + "/" + id }
    public var target: String { configurations + "/target" }
    public var history: String { configurations + "/history" }

    public var tasks: String { root + "/tasks" }
    public func broker(_ id: Int) -> String { tasks + "/" + Self.brokerNodeName(id) }

    public var plan: String { root + "/plan" }
    public func planProgress(targetID: String) -> String { plan + "/" + targetID }

    /// Where the leader lock's ephemeral sequential nodes live.
    public var lock: String { root + "/lock" }

    /// The nodes that must exist before the scheduler writes anything (parents of everything else).
    public var directories: [String] { [root, configurations, tasks, plan, lock] }

    /// Kafka's broker registrations, `/dcos-service-<name>/brokers/ids` in Kafka's ZooKeeper.
    public var brokerRegistrations: String { root + "/brokers/ids" }

    /// Kafka's `zookeeper.connect`: `<KAFKA_ZOOKEEPER_URI>/dcos-service-<name>`.
    public func kafkaZooKeeperConnect(kafkaZooKeeperURI: String) -> String {
        kafkaZooKeeperURI + root
    }

    /// `broker-<N>`.
    public static func brokerNodeName(_ id: Int) -> String { "broker-\(id)" }

    /// The broker id of a `broker-<N>` node name, or nil for any other name.
    public static func brokerID(nodeName: String) -> Int? {
        guard nodeName.hasPrefix("broker-"), let id = Int(nodeName.dropFirst("broker-".count)), id >= 0 else {
            return nil
        }
        return StateLayout.brokerNodeName(id) == nodeName ? id : nil
    }

    /// Whether a child of `configurations` names a stored configuration (a UUID), not `target` or `history`.
    public static func isConfigurationID(_ name: String) -> Bool {
        name.count == 36 && UUIDText.isUUID(name)
    }
}

/// UUID text checks without Foundation's parser on hot paths.
enum UUIDText {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex digits of either case.
    static func isUUID(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return false }
        for (index, byte) in utf8.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            default:
                let isHex =
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                guard isHex else { return false }
            }
        }
        return true
    }
}

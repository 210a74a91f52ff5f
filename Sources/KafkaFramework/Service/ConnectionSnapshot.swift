/// How clients reach Kafka: the body of `GET /v1/connection`.
public struct ConnectionSnapshot: Sendable, Equatable {
    /// `host:port` of each running broker, in broker id order.
    public var address: [String]
    /// `broker-<id>.<name>.mesos:<port>` of each running broker, in broker id order.
    public var dns: [String]
    /// `broker.<name>.l4lb.thisdcos.directory:9092`.
    public var vip: String
    /// Kafka's ZooKeeper connect string: `<KAFKA_ZOOKEEPER_URI>/dcos-service-<name>`.
    public var zookeeper: String

    public init(address: [String], dns: [String], vip: String, zookeeper: String) {
        self.address = address
        self.dns = dns
        self.vip = vip
        self.zookeeper = zookeeper
    }

    /// The connection info of the service `frameworkName` whose Kafka uses the ZooKeeper ensemble
    /// `kafkaZookeeper` (`KAFKA_ZOOKEEPER_URI`), listing the brokers whose task is running and whose host
    /// and port are known.
    public init(frameworkName: String, kafkaZookeeper: String, brokers: [BrokerSnapshot]) {
        let running = brokers.filter { $0.taskState == .running && $0.address != nil }.sorted { $0.id < $1.id }
        self.address = running.compactMap(\.address)
        self.dns = running.compactMap { broker in
            broker.port.map { "broker-\(broker.id).\(frameworkName).mesos:\($0)" }
        }
        self.vip = "broker.\(frameworkName).l4lb.thisdcos.directory:9092"
        self.zookeeper = "\(kafkaZookeeper)/dcos-service-\(frameworkName)"
    }
}

import KafkaAdmin
import KafkaFramework
import Plan

// The JSON bodies of the answers, in the seed's shapes. Keys are sorted when encoded (CanonicalJSON), so
// the order of the properties here does not matter.

/// `GET /`.
struct RootBody: Encodable {
    let commit: String
    let version: String
}

/// `GET /health`.
struct HealthBody: Encodable {
    let status: String
    let message: String?
    let reasons: [String]?
}

/// `GET /v1/brokers`: every managed broker's id, as strings.
struct BrokerListBody: Encodable {
    let brokers: [String]

    init(_ snapshot: SchedulerSnapshot) {
        brokers = snapshot.brokers.map { String($0.id) }
    }
}

/// `GET /v1/brokers/<id>`. Every key is always present; unknown values are null.
struct BrokerDetailsBody: Encodable {
    let broker: BrokerSnapshot

    enum CodingKeys: String, CodingKey {
        case agentId, configurationId, hostname, id, name, port, registered, state, statusMessage, taskId
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(broker.agentID, forKey: .agentId)
        try c.encode(broker.configurationID, forKey: .configurationId)
        try c.encode(broker.hostname, forKey: .hostname)
        try c.encode(broker.id, forKey: .id)
        try c.encode(broker.blockName, forKey: .name)
        try c.encode(broker.port, forKey: .port)
        try c.encode(broker.registeredWithKafka, forKey: .registered)
        try c.encode(broker.taskState.rawValue, forKey: .state)
        try c.encode(broker.statusMessage, forKey: .statusMessage)
        try c.encode(broker.taskID, forKey: .taskId)
    }
}

/// `GET /v1/connection`.
struct ConnectionBody: Encodable {
    let address: [String]
    let dns: [String]
    let vip: String
    let zookeeper: String

    init(_ connection: ConnectionSnapshot) {
        address = connection.address
        dns = connection.dns
        vip = connection.vip
        zookeeper = connection.zookeeper
    }
}

/// `GET /v1/connection/address`.
struct AddressBody: Encodable {
    let address: [String]
}

/// `GET /v1/connection/dns`.
struct DNSBody: Encodable {
    let dns: [String]
}

/// `GET /v1/topics/<topic>`: `{"partitions": [{"0": {…}}, {"1": {…}}]}`, each partition with the fields of
/// Kafka's partition-state znode, keys sorted. In ZooKeeper mode the values are the znode's own
/// (`controller_epoch`, `isr`, `leader`, `leader_epoch`, `version`, and `leader_recovery_state` while Kafka
/// writes it). Over the Kafka protocol: a partition without a leader shows leader -1 (as Kafka writes it),
/// epochs the protocol does not show are null, `version` is the znode format's, 1.
struct TopicDescriptionBody: Encodable {
    let description: TopicDescription

    private struct State: Encodable {
        let controllerEpoch: Int32?
        let isr: [Int32]
        let leader: Int32
        let leaderEpoch: Int32?
        let leaderRecoveryState: Int32?
        let version: Int32

        enum CodingKeys: String, CodingKey {
            case controllerEpoch = "controller_epoch"
            case isr, leader
            case leaderEpoch = "leader_epoch"
            case leaderRecoveryState = "leader_recovery_state"
            case version
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(controllerEpoch, forKey: .controllerEpoch)
            try c.encode(isr, forKey: .isr)
            try c.encode(leader, forKey: .leader)
            try c.encode(leaderEpoch, forKey: .leaderEpoch)
            // Kafka writes it only while the leader is recovering.
            try c.encodeIfPresent(leaderRecoveryState, forKey: .leaderRecoveryState)
            try c.encode(version, forKey: .version)
        }
    }

    enum CodingKeys: String, CodingKey {
        case partitions
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let partitions = description.partitions.map { p in
            [
                String(p.partition): State(
                    controllerEpoch: p.controllerEpoch, isr: p.isr, leader: p.leader ?? -1,
                    leaderEpoch: p.leaderEpoch, leaderRecoveryState: p.leaderRecoveryState, version: p.version ?? 1)
            ]
        }
        try c.encode(partitions, forKey: .partitions)
    }
}

/// `GET /v1/topics/<topic>/offsets`: `[{"2": "334"}, {"1": "333"}]`, offsets as strings; partitions without
/// an offset at the requested time are left out (GetOffsetShell prints nothing for them).
struct OffsetsBody: Encodable {
    let offsets: [PartitionOffset]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(offsets.compactMap { entry in entry.offset.map { [String(entry.partition): String($0)] } })
    }
}

/// The answer of a plan command: `{"message": "Received cmd: continue", …}` with what was done.
struct PlanCommandBody: Encodable {
    struct Ref: Encodable {
        let id: String
        let name: String
    }

    let block: Ref?
    let detail: String
    let message: String
    let outcome: String
    let phase: Ref

    init(_ result: PlanCommandResult) {
        if let id = result.blockID, let name = result.blockName {
            block = Ref(id: id, name: name)
        } else {
            block = nil
        }
        detail = result.message
        message = "Received cmd: \(result.command.rawValue)"
        outcome = result.outcome.rawValue
        phase = Ref(id: result.phaseID, name: result.phaseName)
    }
}

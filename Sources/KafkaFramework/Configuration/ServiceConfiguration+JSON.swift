import Foundation
import Plan

extension ServiceConfiguration {
    /// The stored form: compact JSON with sorted keys. Equal configurations give equal bytes, so a new
    /// configuration id is made only for a real change.
    public func canonicalJSON() throws -> Data {
        try CanonicalJSON.encode(self)
    }

    /// Reads a stored configuration; fields this build does not know are ignored, fields added after the
    /// seed's take their defaults when missing.
    public static func decode(from data: Data) throws -> ServiceConfiguration {
        try JSONDecoder().decode(ServiceConfiguration.self, from: data)
    }
}

extension BrokerConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case cpus, mem, heap, disk, diskType, port, readyCheck, kafkaUri, javaUri, command
    }

    struct Heap: Codable, Equatable {
        var sizeMb: Int
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cpus = try c.decode(Double.self, forKey: .cpus)
        memMB = try c.decode(Int.self, forKey: .mem)
        diskMB = try c.decode(Int.self, forKey: .disk)
        diskType = try c.decode(DiskType.self, forKey: .diskType)
        kafkaURI = try c.decode(String.self, forKey: .kafkaUri)
        javaURI = try c.decode(String.self, forKey: .javaUri)
        heapMB = try c.decodeIfPresent(Heap.self, forKey: .heap)?.sizeMb ?? ConfigurationDefaults.brokerHeapMB
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? ConfigurationDefaults.brokerPort
        readyCheck = try c.decodeIfPresent(ReadinessCheck.self, forKey: .readyCheck)
            ?? ConfigurationDefaults.readyCheck
        command = try c.decodeIfPresent(String.self, forKey: .command)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpus, forKey: .cpus)
        try c.encode(memMB, forKey: .mem)
        try c.encode(Heap(sizeMb: heapMB), forKey: .heap)
        try c.encode(diskMB, forKey: .disk)
        try c.encode(diskType, forKey: .diskType)
        try c.encode(port, forKey: .port)
        try c.encode(readyCheck, forKey: .readyCheck)
        try c.encode(kafkaURI, forKey: .kafkaUri)
        try c.encode(javaURI, forKey: .javaUri)
        try c.encodeIfPresent(command, forKey: .command)
    }
}

extension KafkaConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case kafkaVerName, kafkaZkUri, overrides
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kafkaVerName = try c.decode(String.self, forKey: .kafkaVerName)
        kafkaZkURI = try c.decode(String.self, forKey: .kafkaZkUri)
        overrides = try c.decodeIfPresent([String: String].self, forKey: .overrides) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kafkaVerName, forKey: .kafkaVerName)
        try c.encode(kafkaZkURI, forKey: .kafkaZkUri)
        try c.encode(overrides, forKey: .overrides)
    }
}

extension ServiceDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case count, name, phaseStrategy, placementStrategy, principal, role, user
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        brokerCount = try c.decode(Int.self, forKey: .count)
        name = try c.decode(String.self, forKey: .name)
        phaseStrategy = try c.decode(PhaseStrategy.self, forKey: .phaseStrategy)
        placementStrategy = try c.decode(PlacementStrategy.self, forKey: .placementStrategy)
        principal = try c.decode(String.self, forKey: .principal)
        role = try c.decode(String.self, forKey: .role)
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(brokerCount, forKey: .count)
        try c.encode(name, forKey: .name)
        try c.encode(phaseStrategy, forKey: .phaseStrategy)
        try c.encode(placementStrategy, forKey: .placementStrategy)
        try c.encode(principal, forKey: .principal)
        try c.encode(role, forKey: .role)
        try c.encode(user, forKey: .user)
    }
}

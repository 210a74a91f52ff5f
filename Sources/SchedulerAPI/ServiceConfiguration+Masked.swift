import KafkaFramework

extension ServiceConfiguration {
    /// The configuration as the API shows it: values of Kafka overrides that hold credentials (passwords,
    /// secrets, JAAS configurations) are masked.
    var masked: ServiceConfiguration {
        var copy = self
        for key in copy.kafka.overrides.keys where Self.isSensitive(key) {
            copy.kafka.overrides[key] = "******"
        }
        return copy
    }

    static func isSensitive(_ property: String) -> Bool {
        let name = property.lowercased()
        return ["password", "secret", "jaas.config", "credentials", "token"].contains { name.contains($0) }
    }
}

/// Kafka's rules for topic names (Kafka's `Topic.validate`), checked before a request leaves.
public enum TopicName {
    /// The longest topic name Kafka accepts.
    public static let maximumLength = 249

    /// Throws `badRequest` (`TOPIC_EXCEPTION`) with Kafka's own wording when Kafka would refuse the name.
    public static func validate(_ name: String) throws(KafkaAdminError) {
        if name.isEmpty {
            throw .invalidTopic("Topic name is illegal, it can't be empty")
        }
        if name == "." || name == ".." {
            throw .invalidTopic("Topic name cannot be \".\" or \"..\"")
        }
        if name.utf8.count > maximumLength {
            throw .invalidTopic(
                "Topic name is illegal, it can't be longer than \(maximumLength) characters, topic name: \(name)")
        }
        let legal = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        if !legal {
            throw .invalidTopic(
                "Topic name \"\(name)\" is illegal, it contains a character other than ASCII alphanumerics, "
                    + "'.', '_' and '-'")
        }
    }
}

/// The messages the REST API answers with (`{"message": …}`), worded as Kafka's command-line tools
/// printed them behind the `Output: ` prefix of the original service.
public enum TopicCommandOutput {
    /// After a topic was created.
    public static func created(topic: String) -> String {
        "Output: Created topic \"\(topic)\".\n"
    }

    /// After partitions were added.
    public static let partitionsAdded =
        "Output: WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering "
        + "of the messages will be affected\nAdding partitions succeeded!\n"

    /// After a topic deletion was accepted.
    public static func deleted(topic: String) -> String {
        "Topic \(topic) is marked for deletion.\n"
            + "Note: This will have no impact if delete.topic.enable is not set to true.\n"
    }
}

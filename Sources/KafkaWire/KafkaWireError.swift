/// A socket failure of the Kafka wire helpers, with the address and the system's reason.
public struct KafkaWireError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

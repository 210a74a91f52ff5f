/// A failure of a test fixture (a server that does not start, a port that cannot be had), with a message that
/// says what to look at.
public struct TestSupportError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

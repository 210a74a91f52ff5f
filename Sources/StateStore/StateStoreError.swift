/// An error of a `StateStore`: what failed, on which path, and why, worded the same by every implementation.
public struct StateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The node (for `create`: its parent) does not exist.
        case noNode
        case nodeExists
        /// The node's version is not the expected one: someone else changed it.
        case badVersion
        /// The node has children.
        case notEmpty
        case invalidPath
        case dataTooLarge
        /// The store refused the identity (ACLs).
        case noAuth
        /// The store cannot be reached now (connection lost, session expired, closed); retrying may succeed.
        case unavailable
        /// Any other failure; see `detail`.
        case failed
    }

    public let code: Code
    /// `get`, `exists`, `children`, `create`, `set`, `delete`, or for a multi the failing operation's name.
    public let operation: String
    /// The store path concerned.
    public let path: String
    /// For a failed `multi`: the position of the failing operation.
    public let failedOperationIndex: Int?
    /// More about the cause, for `invalidPath`, `unavailable` and `failed`.
    public let detail: String?

    public init(code: Code, operation: String, path: String, failedOperationIndex: Int? = nil, detail: String? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
        self.failedOperationIndex = failedOperationIndex
        self.detail = detail
    }

    /// The same error as part of a multi at `index`.
    func inMulti(at index: Int) -> StateStoreError {
        StateStoreError(code: code, operation: operation, path: path, failedOperationIndex: index, detail: detail)
    }

    /// A sentence for a person.
    public var message: String {
        let cause: String
        switch code {
        case .noNode:
            cause = operation == "create" ? "its parent does not exist" : "it does not exist"
        case .nodeExists: cause = "it already exists"
        case .badVersion: cause = "its version is not the expected one (it was changed concurrently)"
        case .notEmpty: cause = "it has children"
        case .invalidPath: cause = "invalid path"
        case .dataTooLarge: cause = "the data exceeds \(StateStoreLimits.maxDataSize) bytes"
        case .noAuth: cause = "not authorized"
        case .unavailable: cause = "the store is unavailable"
        case .failed: cause = "failed"
        }
        let prefix =
            failedOperationIndex.map { "multi failed at operation \($0): " } ?? ""
        return "\(prefix)cannot \(operation) \(path): \(cause)" + (detail.map { " (\($0))" } ?? "")
    }

    public var description: String { message }
}

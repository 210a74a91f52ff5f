import CZooKeeper

/// An error from the ZooKeeper client: the result code, the operation and the path it concerns.
///
/// Match on `code`: `catch let error as ZooKeeperError where error.code == .noNode`.
public struct ZooKeeperError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. One case per ZooKeeper result code, plus the client's own failures.
    public enum Code: Sendable, Hashable, CustomStringConvertible {
        case systemError
        case runtimeInconsistency
        case dataInconsistency
        case connectionLoss
        case marshallingError
        case unimplemented
        case operationTimeout
        case badArguments
        case invalidState
        case newConfigNoQuorum
        case reconfigInProgress
        case sslConnectionError
        case apiError
        case noNode
        case noAuth
        case badVersion
        case noChildrenForEphemerals
        case nodeExists
        case notEmpty
        case sessionExpired
        case invalidCallback
        case invalidACL
        case authFailed
        case closing
        case nothing
        case sessionMoved
        case notReadOnly
        case ephemeralOnLocalSession
        case noWatcher
        case reconfigDisabled
        case sessionClosedRequireSASLAuth
        case throttledOp
        /// No session could be established within the connect timeout (a client-side failure).
        case connectTimeout
        /// A result code this client does not know.
        case unknown(Int32)

        /// The code for a ZooKeeper C library result code.
        public init(resultCode: Int32) {
            switch resultCode {
            case ZSYSTEMERROR.rawValue: self = .systemError
            case ZRUNTIMEINCONSISTENCY.rawValue: self = .runtimeInconsistency
            case ZDATAINCONSISTENCY.rawValue: self = .dataInconsistency
            case ZCONNECTIONLOSS.rawValue: self = .connectionLoss
            case ZMARSHALLINGERROR.rawValue: self = .marshallingError
            case ZUNIMPLEMENTED.rawValue: self = .unimplemented
            case ZOPERATIONTIMEOUT.rawValue: self = .operationTimeout
            case ZBADARGUMENTS.rawValue: self = .badArguments
            case ZINVALIDSTATE.rawValue: self = .invalidState
            case ZNEWCONFIGNOQUORUM.rawValue: self = .newConfigNoQuorum
            case ZRECONFIGINPROGRESS.rawValue: self = .reconfigInProgress
            case ZSSLCONNECTIONERROR.rawValue: self = .sslConnectionError
            case ZAPIERROR.rawValue: self = .apiError
            case ZNONODE.rawValue: self = .noNode
            case ZNOAUTH.rawValue: self = .noAuth
            case ZBADVERSION.rawValue: self = .badVersion
            case ZNOCHILDRENFOREPHEMERALS.rawValue: self = .noChildrenForEphemerals
            case ZNODEEXISTS.rawValue: self = .nodeExists
            case ZNOTEMPTY.rawValue: self = .notEmpty
            case ZSESSIONEXPIRED.rawValue: self = .sessionExpired
            case ZINVALIDCALLBACK.rawValue: self = .invalidCallback
            case ZINVALIDACL.rawValue: self = .invalidACL
            case ZAUTHFAILED.rawValue: self = .authFailed
            case ZCLOSING.rawValue: self = .closing
            case ZNOTHING.rawValue: self = .nothing
            case ZSESSIONMOVED.rawValue: self = .sessionMoved
            case ZNOTREADONLY.rawValue: self = .notReadOnly
            case ZEPHEMERALONLOCALSESSION.rawValue: self = .ephemeralOnLocalSession
            case ZNOWATCHER.rawValue: self = .noWatcher
            case ZRECONFIGDISABLED.rawValue: self = .reconfigDisabled
            case ZSESSIONCLOSEDREQUIRESASLAUTH.rawValue: self = .sessionClosedRequireSASLAuth
            case ZTHROTTLEDOP.rawValue: self = .throttledOp
            default: self = .unknown(resultCode)
            }
        }

        /// True for failures of the connection or session rather than of the request: the same request may
        /// succeed once the client is connected again.
        public var isConnectionProblem: Bool {
            switch self {
            case .connectionLoss, .operationTimeout, .sessionExpired, .sessionMoved, .connectTimeout,
                .throttledOp:
                return true
            default:
                return false
            }
        }

        public var description: String {
            switch self {
            case .systemError: return "system error"
            case .runtimeInconsistency: return "runtime inconsistency"
            case .dataInconsistency: return "data inconsistency"
            case .connectionLoss: return "connection to the server lost"
            case .marshallingError: return "marshalling error"
            case .unimplemented: return "operation not implemented by the server"
            case .operationTimeout: return "operation timed out"
            case .badArguments: return "invalid arguments"
            case .invalidState: return "the client is in an invalid state"
            case .newConfigNoQuorum: return "no quorum of the new configuration is connected"
            case .reconfigInProgress: return "a reconfiguration is already in progress"
            case .sslConnectionError: return "SSL connection error"
            case .apiError: return "API error"
            case .noNode: return "node does not exist"
            case .noAuth: return "not authorized"
            case .badVersion: return "version does not match (the node was changed by someone else)"
            case .noChildrenForEphemerals: return "ephemeral nodes cannot have children"
            case .nodeExists: return "node already exists"
            case .notEmpty: return "node has children"
            case .sessionExpired: return "session expired"
            case .invalidCallback: return "invalid callback"
            case .invalidACL: return "invalid ACL (creator ACLs need an authenticated client)"
            case .authFailed: return "authentication failed"
            case .closing: return "the client is closing"
            case .nothing: return "no server responses to process"
            case .sessionMoved: return "session moved to another server"
            case .notReadOnly: return "the server is read-only"
            case .ephemeralOnLocalSession: return "cannot create an ephemeral node on a local session"
            case .noWatcher: return "no such watcher"
            case .reconfigDisabled: return "reconfiguration is disabled"
            case .sessionClosedRequireSASLAuth: return "the server requires SASL authentication"
            case .throttledOp: return "operation throttled by the server"
            case .connectTimeout: return "connect timeout"
            case .unknown(let code): return "unknown result code \(code)"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// The operation that failed: `create`, `get`, `set`, `delete`, `exists`, `children`, `multi`, `connect`, ….
    public let operation: String
    /// The node the failure concerns, when there is one (for a failed `multi`, the failing operation's path).
    public let path: String?
    /// For a failed `multi`: the position of the operation that failed.
    public let failedOperationIndex: Int?
    /// A sentence for a person, naming the operation, the path and the cause.
    public let message: String

    public init(
        code: Code,
        operation: String,
        path: String? = nil,
        failedOperationIndex: Int? = nil,
        detail: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.path = path
        self.failedOperationIndex = failedOperationIndex
        var text = "ZooKeeper \(operation)"
        if let failedOperationIndex {
            text += " failed at operation \(failedOperationIndex)"
        }
        if let path {
            text += " \(path)"
        }
        text += failedOperationIndex == nil ? " failed: \(code)" : ": \(code)"
        if let detail {
            text += " (\(detail))"
        }
        self.message = text
    }

    init(resultCode: Int32, operation: String, path: String?, failedOperationIndex: Int? = nil) {
        self.init(
            code: Code(resultCode: resultCode),
            operation: operation,
            path: path,
            failedOperationIndex: failedOperationIndex
        )
    }

    public var description: String { message }
}

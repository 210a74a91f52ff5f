import CurlHTTP

/// Why a call, a SUBSCRIBE or the client's setup failed.
public enum MesosClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration cannot work; `reason` says what to change.
    case invalidConfiguration(reason: String)
    /// The master source cannot be parsed.
    case invalidMasterSource(String, reason: String)
    /// `run()` was called a second time.
    case alreadyStarted
    /// No subscription is active (not yet subscribed, reconnecting, or stopped): the call was not sent.
    case notSubscribed
    /// The call cannot be sent through `send` (SUBSCRIBE is the client's own business).
    case invalidCall(reason: String)
    /// 400: Mesos's `message` says what is wrong (e.g. `Framework cannot be found`).
    case badRequest(url: String, message: String)
    /// 401: the principal and secret were not accepted.
    case unauthorized(url: String, message: String)
    /// 403: e.g. the framework is not subscribed, or the principal may not do this.
    case forbidden(url: String, message: String)
    /// 503 until the request timeout: no leader elected, or the master is still recovering.
    case serviceUnavailable(url: String, message: String)
    /// Any other unexpected status.
    case unexpectedStatus(url: String, status: Int, message: String)
    /// 307 on a call: the leader moved to `location`. The client re-subscribes there; send the call again
    /// after the next `.subscribed`.
    case leaderMoved(url: String, location: String?)
    /// A redirect without a usable `Location`.
    case invalidRedirect(url: String, location: String?)
    /// More redirects than allowed while subscribing.
    case tooManyRedirects(url: String, limit: Int)
    /// A SUBSCRIBE answered 200 without a `Mesos-Stream-Id` header.
    case missingStreamID(url: String)
    /// No leading master is known (e.g. no `json.info_*` node in ZooKeeper).
    case noLeader(reason: String)
    /// The leader's `json.info_*` node does not describe an address.
    case invalidMasterInfo(path: String, reason: String)
    /// ZooKeeper could not be asked.
    case zooKeeper(message: String)
    /// No answer: connection refused, timeout, cancelled.
    case transport(HTTPClientError)

    /// The HTTP status behind the error, if the master answered.
    public var status: Int? {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .serviceUnavailable: 503
        case .unexpectedStatus(_, let status, _): status
        case .leaderMoved, .invalidRedirect: 307
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason):
            "invalid Mesos client configuration: \(reason)"
        case .invalidMasterSource(let text, let reason):
            "invalid Mesos master '\(text)': \(reason)"
        case .alreadyStarted:
            "the Mesos client is already running"
        case .notSubscribed:
            "not subscribed to a Mesos master"
        case .invalidCall(let reason):
            "invalid call: \(reason)"
        case .badRequest(let url, let message):
            "\(url) answered 400 Bad Request: \(message)"
        case .unauthorized(let url, let message):
            "\(url) answered 401 Unauthorized (check the principal and secret)"
                + (message.isEmpty ? "" : ": \(message)")
        case .forbidden(let url, let message):
            "\(url) answered 403 Forbidden: \(message)"
        case .serviceUnavailable(let url, let message):
            "\(url) answered 503 Service Unavailable" + (message.isEmpty ? "" : ": \(message)")
        case .unexpectedStatus(let url, let status, let message):
            "\(url) answered \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .leaderMoved(let url, let location):
            "\(url) is no longer the leading master" + (location.map { " (redirects to \($0))" } ?? "")
        case .invalidRedirect(let url, let location):
            "\(url) redirected to an unusable location '\(location ?? "")'"
        case .tooManyRedirects(let url, let limit):
            "more than \(limit) redirects subscribing at \(url)"
        case .missingStreamID(let url):
            "\(url) answered SUBSCRIBE without a Mesos-Stream-Id header"
        case .noLeader(let reason):
            "no leading Mesos master: \(reason)"
        case .invalidMasterInfo(let path, let reason):
            "cannot read the master's address from \(path): \(reason)"
        case .zooKeeper(let message):
            "ZooKeeper: \(message)"
        case .transport(let error):
            error.description
        }
    }
}

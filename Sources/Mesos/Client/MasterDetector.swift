import Synchronization

/// A master endpoint to SUBSCRIBE to.
struct MasterCandidate: Sendable, Hashable {
    /// `http(s)://host:port/api/v1/scheduler`.
    var endpoint: String
    /// The ZooKeeper node that named it leader, when it came from ZooKeeper.
    var leaderNode: String?
}

/// Finds the masters to try and notices when the leader changes.
protocol MasterDetector: Sendable {
    /// The endpoints to try, best first; throws when none is known.
    func candidates() async throws(MesosClientError) -> [MasterCandidate]
    /// Notes the endpoint that accepted SUBSCRIBE (after redirects), to try it first next time.
    func remember(leader endpoint: String) async
    /// Notes that `endpoint` redirected a call elsewhere: it is not to be tried first next time.
    func forget(leader endpoint: String) async
    /// Waits `timeout`, or less when the masters' group changes meanwhile.
    func waitForChange(timeout: Duration) async
    /// Returns when another master than `candidate` leads; never, when that cannot be known.
    /// Ends early when the task is cancelled.
    func waitUntilLeaderDiffers(from candidate: MasterCandidate) async
    /// Releases connections (ZooKeeper).
    func close() async
}

/// A fixed list of masters: the last known leader first, then the list in order.
final class MasterListDetector: MasterDetector {
    private let urls: [String]
    private let hint = Mutex<String?>(nil)

    init(urls: [String]) {
        self.urls = urls
    }

    func candidates() async throws(MesosClientError) -> [MasterCandidate] {
        guard !urls.isEmpty else { throw .noLeader(reason: "the master list is empty") }
        var ordered: [String] = []
        if let leader = hint.withLock({ $0 }) { ordered.append(leader) }
        for url in urls where !ordered.contains(url) { ordered.append(url) }
        return ordered.map { MasterCandidate(endpoint: $0, leaderNode: nil) }
    }

    func remember(leader endpoint: String) async {
        hint.withLock { $0 = endpoint }
    }

    func forget(leader endpoint: String) async {
        hint.withLock { if $0 == endpoint { $0 = nil } }
    }

    func waitForChange(timeout: Duration) async {
        try? await Task.sleep(for: timeout)
    }

    func waitUntilLeaderDiffers(from candidate: MasterCandidate) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    func close() async {}
}

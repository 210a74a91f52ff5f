import Foundation
import Synchronization

/// Hands out loopback ports for servers that tests start as processes (which bind the port themselves, later).
///
/// The kernel gives port-0 binds and the local end of outgoing connections a port from its ephemeral range
/// (`/proc/sys/net/ipv4/ip_local_port_range`), so a port picked there and released can be taken by any socket of
/// any process before the server binds it. These ports come from a range outside it instead, each at most once
/// per test process (a stopped server's port stays its own for a restart), chosen at random so that two test
/// processes rarely try the same one, and only when nothing is bound to it at that moment.
final class PortAllocator: Sendable {
    static let shared = PortAllocator(range: preferredRange(ephemeral: ephemeralRange()))

    /// Where ports come from.
    let range: ClosedRange<Int>
    private let handedOut = Mutex(Set<Int>())

    init(range: ClosedRange<Int>) {
        self.range = range
    }

    /// A port no one had bound a moment ago and that this process never handed out before.
    func allocate() throws -> Int {
        for _ in 0..<500 {
            let candidate = Int.random(in: range)
            // A candidate that is busy stays marked: whoever has it may hold it for the whole run.
            guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
            if LocalNetwork.canBind(port: candidate) { return candidate }
        }
        throw TestSupportError("cannot find a free port in \(range.lowerBound)-\(range.upperBound) on 127.0.0.1")
    }

    /// The kernel's ephemeral port range; Linux's default when it cannot be read.
    static func ephemeralRange(file: String = "/proc/sys/net/ipv4/ip_local_port_range") -> ClosedRange<Int> {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return 32768...60999 }
        let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32768...60999 }
        return bounds[0]...bounds[1]
    }

    /// 20000-30999 (below mesos-local's agent ports 31000-32000, which tasks in the tests bind), or else the
    /// largest stretch of registered ports the ephemeral range leaves free.
    static func preferredRange(ephemeral: ClosedRange<Int>) -> ClosedRange<Int> {
        let preferred = 20000...30999
        if !preferred.overlaps(ephemeral) { return preferred }
        let below = 10000...max(10000, ephemeral.lowerBound - 1)
        let above = min(65535, ephemeral.upperBound + 1)...65535
        return below.count >= above.count ? below : above
    }
}

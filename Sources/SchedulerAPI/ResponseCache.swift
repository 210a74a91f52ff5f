import Hummingbird
import KafkaFramework
import Synchronization

/// The encoded bodies of the read routes, for the latest snapshot only.
///
/// Each body is encoded once per snapshot, on its first request; later requests answer the same bytes
/// (ByteBuffer copies share storage) until the scheduler publishes a new snapshot. A snapshot is told from
/// the cached one by identity, so a new snapshot can never be mistaken for an old one.
final class ResponseCache: Sendable {
    private struct Entries {
        var snapshot: SchedulerSnapshot?
        var bodies: [Key: ByteBuffer] = [:]
    }

    private let entries = Mutex(Entries())

    enum Key: Hashable {
        case plan, planStatus, brokers
        case broker(Int)
        case connection, address, dns
        case configurationIDs
        case configuration(String)
        case targetID
    }

    /// The body for `key` under `snapshot`, encoding it with `make` the first time.
    func body(_ key: Key, for snapshot: SchedulerSnapshot, make: () -> ByteBuffer) -> ByteBuffer {
        if let cached = cached(key, for: snapshot) { return cached }
        // Encoded outside the lock: two requests racing on a new snapshot may both encode, which is cheaper
        // than making every reader wait for one encoding.
        let body = make()
        entries.withLock { entries in
            if entries.snapshot !== snapshot {
                entries.snapshot = snapshot
                entries.bodies.removeAll(keepingCapacity: true)
            }
            entries.bodies[key] = body
        }
        return body
    }

    private func cached(_ key: Key, for snapshot: SchedulerSnapshot) -> ByteBuffer? {
        entries.withLock { entries in
            guard entries.snapshot === snapshot else { return nil }
            return entries.bodies[key]
        }
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Port ranges for the agents of the clusters the tests start: the brokers bind them on this host, so two
/// clusters (in this test process or in another one on the machine) must never share one.
///
/// The ranges lie below the kernel's ephemeral range and outside TestSupport's port allocator (20000-30999)
/// and the mesos-local tests' ranges (31000-33999). A range is claimed with an exclusive `flock` on a file
/// named after it, held until `release` (or until the process dies), and only when none of its ports is
/// bound at that moment.
final class AgentPorts: Sendable {
    static let span = 12000...19999
    static let size = 16
    static var slots: Int { span.count / size }
    static let lockDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "kafka-scheduler-e2e-agent-ports"
    ).path

    let range: ClosedRange<UInt64>
    private let descriptor: Int32

    private init(range: ClosedRange<UInt64>, descriptor: Int32) {
        self.range = range
        self.descriptor = descriptor
    }

    /// Claims a free range.
    static func claim() throws -> AgentPorts {
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true)
        for _ in 0..<200 {
            let slot = Int.random(in: 0..<slots)
            let lower = span.lowerBound + slot * size
            let descriptor = open("\(lockDirectory)/\(lower).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw EndToEndError("cannot open a lock file in \(lockDirectory): \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                continue
            }
            guard (lower..<(lower + size)).allSatisfy(Loopback.canBind) else {
                close(descriptor)
                continue
            }
            return AgentPorts(range: UInt64(lower)...UInt64(lower + size - 1), descriptor: descriptor)
        }
        throw EndToEndError("no free agent port range of \(size) ports in \(span) (locks in \(lockDirectory))")
    }

    /// Gives the range back (closing the file releases the lock).
    func release() {
        close(descriptor)
    }
}

/// Which offset of each partition to look up, as kafka's GetOffsetShell `--time` takes it.
public enum OffsetTime: Sendable, Equatable {
    /// The earliest offset still in the log (the low watermark).
    case first
    /// The offset the next record will get (the high watermark).
    case last
    /// The earliest offset whose record timestamp is at or after this time, in milliseconds since the epoch.
    case timestamp(Int64)

    /// Parses the REST API's `time` parameter: `first`, `last`, a timestamp in milliseconds, or
    /// GetOffsetShell's `-2` (first) and `-1` (last). Nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "first", "-2": self = .first
        case "last", "-1": self = .last
        default:
            guard let milliseconds = Int64(text), milliseconds >= 0 else { return nil }
            self = .timestamp(milliseconds)
        }
    }
}

/// One partition's offset.
public struct PartitionOffset: Sendable, Equatable {
    /// The partition id.
    public var partition: Int32
    /// The offset; nil when no record has a timestamp at or after the requested time (GetOffsetShell
    /// prints nothing for such a partition).
    public var offset: Int64?

    public init(partition: Int32, offset: Int64?) {
        self.partition = partition
        self.offset = offset
    }
}

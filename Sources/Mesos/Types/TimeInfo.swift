/// A point in time in nanoseconds since the epoch (`{"nanoseconds": …}`).
public struct TimeInfo: Codable, Hashable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// A time given in seconds since the epoch.
    public init(secondsSinceEpoch seconds: Double) {
        nanoseconds = Int64((seconds * 1_000_000_000).rounded())
    }

    public var secondsSinceEpoch: Double { Double(nanoseconds) / 1_000_000_000 }

    enum CodingKeys: String, CodingKey {
        case nanoseconds
    }

    public init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.container(keyedBy: CodingKeys.self).integer(.nanoseconds)
    }
}

/// A duration in nanoseconds (`{"nanoseconds": …}`).
public struct DurationInfo: Codable, Hashable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public init(seconds: Double) {
        nanoseconds = Int64((seconds * 1_000_000_000).rounded())
    }

    public var seconds: Double { Double(nanoseconds) / 1_000_000_000 }

    enum CodingKeys: String, CodingKey {
        case nanoseconds
    }

    public init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.container(keyedBy: CodingKeys.self).integer(.nanoseconds)
    }
}

/// A maintenance window: from `start`, for `duration` (unbounded when unset).
public struct Unavailability: Codable, Hashable, Sendable {
    public var start: TimeInfo
    public var duration: DurationInfo?

    public init(start: TimeInfo, duration: DurationInfo? = nil) {
        self.start = start
        self.duration = duration
    }
}

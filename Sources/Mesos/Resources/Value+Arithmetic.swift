// Arithmetic on the parts of `Value`: ranges (ports) and sets. Scalars use fixed point, see
// `Value.Scalar.milli`.

extension Value.Scalar {
    /// The value in thousandths: Mesos rounds scalar arithmetic to three decimal places, and
    /// integer arithmetic on thousandths keeps `0.1 + 0.2` equal to `0.3`.
    @inline(__always)
    var milli: Int64 {
        // Round half away from zero without a libm call: this runs for every scalar compared.
        let scaled = value * 1000
        guard scaled.magnitude < 9.2e18 else { return scaled < 0 ? .min : .max }
        return scaled >= 0 ? Int64(scaled + 0.5) : -Int64(-scaled + 0.5)
    }

    @inline(__always)
    init(milli: Int64) {
        self.init(value: Double(milli) / 1000)
    }
}

extension Value.Ranges {
    /// Ranges from Swift closed ranges, sorted and merged.
    public init(_ ranges: [ClosedRange<UInt64>]) {
        self.init(ranges.map { Value.Range($0) })
        self = normalized()
    }

    /// Whether the ranges hold no value (invalid ranges with `begin > end` count as empty).
    public var isEmpty: Bool {
        !range.contains { $0.begin <= $0.end }
    }

    /// The number of values, saturating at `UInt64.max`.
    public var count: UInt64 {
        var total: UInt64 = 0
        for item in normalized().range {
            let (width, overflow) = (item.end - item.begin).addingReportingOverflow(1)
            if overflow { return .max }
            let (sum, sumOverflow) = total.addingReportingOverflow(width)
            if sumOverflow { return .max }
            total = sum
        }
        return total
    }

    /// Sorted by `begin`, overlapping and adjacent ranges merged, invalid ranges dropped.
    public func normalized() -> Value.Ranges {
        if isNormalized { return self }
        var items = range.filter { $0.begin <= $0.end }
        items.sort { $0.begin < $1.begin }
        var merged: [Value.Range] = []
        merged.reserveCapacity(items.count)
        for item in items {
            if var last = merged.last, last.end == .max || item.begin <= last.end + 1 {
                last.end = Swift.max(last.end, item.end)
                merged[merged.count - 1] = last
            } else {
                merged.append(item)
            }
        }
        return Value.Ranges(merged)
    }

    /// Sorted, valid, and neither overlapping nor adjacent.
    var isNormalized: Bool {
        var previousEnd: UInt64? = nil
        for item in range {
            guard item.begin <= item.end else { return false }
            if let previousEnd {
                guard previousEnd < .max, item.begin > previousEnd + 1 else { return false }
            }
            previousEnd = item.end
        }
        return true
    }

    /// Whether `value` lies in one of the ranges.
    public func contains(_ value: UInt64) -> Bool {
        range.contains { $0.begin <= value && value <= $0.end }
    }

    /// Whether every value of `other` lies in these ranges.
    public func contains(_ other: Value.Ranges) -> Bool {
        let mine = normalized().range
        let theirs = other.normalized().range
        var index = 0
        for item in theirs {
            while index < mine.count && mine[index].end < item.begin {
                index += 1
            }
            // Normalized ranges are disjoint and not adjacent: one range must cover all of `item`.
            guard index < mine.count, mine[index].begin <= item.begin, item.end <= mine[index].end else {
                return false
            }
        }
        return true
    }

    /// The values in either.
    public func union(_ other: Value.Ranges) -> Value.Ranges {
        Value.Ranges(range + other.range).normalized()
    }

    /// The values in these ranges and not in `other`.
    public func subtracting(_ other: Value.Ranges) -> Value.Ranges {
        let mine = normalized().range
        let theirs = other.normalized().range
        guard !theirs.isEmpty else { return Value.Ranges(mine) }
        var result: [Value.Range] = []
        result.reserveCapacity(mine.count + 1)
        var index = 0
        for item in mine {
            var begin = item.begin
            let end = item.end
            var exhausted = false
            while index < theirs.count && theirs[index].end < begin {
                index += 1
            }
            var cut = index
            while cut < theirs.count && theirs[cut].begin <= end {
                let hole = theirs[cut]
                if hole.begin > begin {
                    result.append(Value.Range(begin: begin, end: hole.begin - 1))
                }
                if hole.end >= end {
                    exhausted = true
                    break
                }
                begin = hole.end + 1
                cut += 1
            }
            if !exhausted {
                result.append(Value.Range(begin: begin, end: end))
            }
        }
        return Value.Ranges(result)
    }

    /// The values in both.
    public func intersection(_ other: Value.Ranges) -> Value.Ranges {
        subtracting(subtracting(other))
    }

    /// The first `count` values (lowest first), or nil if there are fewer.
    public func first(_ count: UInt64) -> Value.Ranges? {
        var remaining = count
        var picked: [Value.Range] = []
        for item in normalized().range {
            guard remaining > 0 else { break }
            let width = item.end - item.begin
            if width >= remaining - 1 {
                picked.append(Value.Range(begin: item.begin, end: item.begin + (remaining - 1)))
                remaining = 0
            } else {
                picked.append(item)
                remaining -= width + 1
            }
        }
        return remaining == 0 ? Value.Ranges(picked) : nil
    }

    /// Every value, lowest first. Meant for small ranges such as a task's ports.
    public var values: [UInt64] {
        normalized().range.flatMap { Array($0.begin...$0.end) }
    }
}

extension Value.Set {
    /// Whether every item of `other` is in this set.
    public func contains(_ other: Value.Set) -> Bool {
        if other.item.isEmpty { return true }
        let mine = Swift.Set(item)
        return other.item.allSatisfy { mine.contains($0) }
    }

    /// The items of either, without duplicates, in first-seen order.
    public func union(_ other: Value.Set) -> Value.Set {
        var seen = Swift.Set<String>()
        return Value.Set((item + other.item).filter { seen.insert($0).inserted })
    }

    /// The items not in `other`.
    public func subtracting(_ other: Value.Set) -> Value.Set {
        let removed = Swift.Set(other.item)
        return Value.Set(item.filter { !removed.contains($0) })
    }
}

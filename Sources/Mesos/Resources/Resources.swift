/// A pool of resources with Mesos's arithmetic: what an offer holds, what a task needs, what an
/// agent has left.
///
/// Entries are kept in the refinement format (see ``Resource/toPostRefinement()``), so resources
/// read in either reservation format compare and combine alike. Like Mesos, entries with the same
/// identity (name, type, allocation role, reservation stack, disk, revocable, provider) merge;
/// persistent volumes, MOUNT/BLOCK disks and shared resources never merge and are only taken
/// whole. Scalars are computed in thousandths, as Mesos does.
public struct Resources: Sendable, Equatable, Codable, RandomAccessCollection, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The entries, in the refinement format.
    public private(set) var resources: [Resource]

    /// What lookups need of `resources[i]`, side by side in plain values: scanning them keeps the
    /// hot paths (the scheduler asks thousands of these per offer cycle) free of reference counting.
    struct Summary: Sendable {
        let identity: Int
        /// The amount of a scalar, in thousandths.
        let milli: Int64
        let isScalar: Bool
        let hasDisk: Bool
        let isIndivisible: Bool

        init(_ resource: Resource) {
            identity = resource.identityHash
            isScalar = resource.type == .scalar
            milli = isScalar ? resource.scalar?.milli ?? 0 : 0
            hasDisk = resource.hasDiskInfo
            isIndivisible = resource.isIndivisible
        }
    }

    private(set) var summaries: [Summary]

    public init() {
        resources = []
        summaries = []
    }

    /// Resources in either format; empty ones (zero scalars, no ranges) are left out.
    public init(_ resources: some Sequence<Resource>) {
        self.init()
        self.resources.reserveCapacity(resources.underestimatedCount)
        summaries.reserveCapacity(resources.underestimatedCount)
        for resource in resources {
            add(resource)
        }
    }

    /// Entries already in the refinement format and merged (a subset of a pool).
    init(entries: [Resource]) {
        resources = entries
        summaries = entries.map(Summary.init)
    }

    // The only ways entries change, so `summaries` stays in step with `resources`.

    mutating func append(_ resource: Resource) {
        resources.append(resource)
        summaries.append(Summary(resource))
    }

    private mutating func update(at index: Int, _ change: (inout Resource) -> Void) {
        change(&resources[index])
        summaries[index] = Summary(resources[index])
    }

    private mutating func remove(at index: Int) {
        resources.remove(at: index)
        summaries.remove(at: index)
    }

    public init(arrayLiteral elements: Resource...) {
        self.init(elements)
    }

    // MARK: Codable

    /// Written as the JSON array of its entries (refinement format), e.g. to persist a pool.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(resources)
    }

    /// Read from a JSON array of resources in either format.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Resource].self))
    }

    // MARK: Collection

    public var startIndex: Int { resources.startIndex }
    public var endIndex: Int { resources.endIndex }
    public subscript(position: Int) -> Resource { resources[position] }

    public var description: String { resources.summary }

    // MARK: Arithmetic

    /// Adds a resource (in either format), merging it into an entry of the same identity.
    public mutating func add(_ resource: Resource) {
        var resource = resource.toPostRefinement()
        guard !resource.isEmpty else { return }
        if !resource.isIndivisible {
            let hash = resource.identityHash
            for index in summaries.indices where summaries[index].identity == hash {
                if summaries[index].isIndivisible || !sameIdentity(resources[index], resource) { continue }
                update(at: index) { $0.addAmount(of: resource) }
                return
            }
        }
        resource.normalizeAmount()
        append(resource)
    }

    /// Adds every resource of `other`.
    public mutating func add(_ other: Resources) {
        for resource in other.resources {
            add(resource)
        }
    }

    /// Removes what the pool holds of `resource`; removing more than there is leaves nothing of
    /// it (Mesos's saturating subtraction). See ``subtractingExactly(_:)`` for a checked variant.
    public mutating func subtract(_ resource: Resource) {
        let resource = resource.toPostRefinement()
        guard !resource.isEmpty else { return }
        let hash = resource.identityHash
        for index in summaries.indices where summaries[index].identity == hash {
            guard subtractable(resources[index], resource) else { continue }
            if summaries[index].isIndivisible {
                remove(at: index)
            } else {
                update(at: index) { $0.subtractAmount(of: resource) }
                if resources[index].isEmpty {
                    remove(at: index)
                }
            }
            return
        }
    }

    /// Removes what the pool holds of every resource of `other`.
    public mutating func subtract(_ other: Resources) {
        for resource in other.resources {
            subtract(resource)
        }
    }

    public static func + (left: Resources, right: Resources) -> Resources {
        var result = left
        result.add(right)
        return result
    }

    public static func - (left: Resources, right: Resources) -> Resources {
        var result = left
        result.subtract(right)
        return result
    }

    public static func += (left: inout Resources, right: Resources) {
        left.add(right)
    }

    public static func -= (left: inout Resources, right: Resources) {
        left.subtract(right)
    }

    /// Whether the pool holds `resource` (in either format).
    public func contains(_ resource: Resource) -> Bool {
        let resource = resource.toPostRefinement()
        if resource.isEmpty { return true }
        return containsNormalized(resource)
    }

    /// Whether the pool holds all of `other`.
    public func contains(_ other: Resources) -> Bool {
        for index in other.summaries.indices {
            let wanted = other.summaries[index]
            if wanted.isScalar && !wanted.isIndivisible {
                guard containsScalar(other.resources[index], wanted) else { return false }
            } else if !containsNormalized(other.resources[index]) {
                return false
            }
        }
        return true
    }

    /// The common case, decided on the summaries: one full identity check, no other field read.
    private func containsScalar(_ resource: Resource, _ wanted: Summary) -> Bool {
        for index in summaries.indices {
            let entry = summaries[index]
            guard entry.identity == wanted.identity, !entry.isIndivisible, sameIdentity(resources[index], resource)
            else {
                continue
            }
            return entry.milli >= wanted.milli
        }
        return false
    }

    /// What `request` needs beyond this pool: empty when the pool contains it.
    public func shortfall(of request: Resources) -> [Resource] {
        var missing: [Resource] = []
        var available = self
        for resource in request.resources {
            if available.containsNormalized(resource) {
                available.subtract(resource)
                continue
            }
            if let partial = available.partialShortfall(of: resource) {
                missing.append(partial)
            } else {
                missing.append(resource)
            }
            available.subtract(resource)
        }
        return missing
    }

    /// The pool without `request`, or an error naming exactly what is missing.
    public func subtractingExactly(
        _ request: Resources, operation: Offer.Operation.OperationType? = nil, taskID: TaskID? = nil
    ) throws(ResourcesError) -> Resources {
        guard contains(request) else {
            throw .insufficientResources(operation: operation, missing: shortfall(of: request), taskID: taskID)
        }
        return self - request
    }

    /// Mesos's equality: each pool contains the other.
    public static func == (left: Resources, right: Resources) -> Bool {
        left.resources.count == right.resources.count && left.contains(right) && right.contains(left)
    }

    // MARK: Internals

    /// `resource` is already in the refinement format and not empty.
    func containsNormalized(_ resource: Resource) -> Bool {
        if resource.isIndivisible {
            return resources.contains { sameIdentity($0, resource) && $0.amountEquals(resource) }
        }
        let hash = resource.identityHash
        for index in summaries.indices where summaries[index].identity == hash {
            guard !summaries[index].isIndivisible, sameIdentity(resources[index], resource) else { continue }
            return resources[index].amountContains(resource)
        }
        return false
    }

    /// The part of a divisible `resource` the pool lacks, when the pool holds some of it.
    private func partialShortfall(of resource: Resource) -> Resource? {
        guard !resource.isIndivisible else { return nil }
        for entry in resources where !entry.isIndivisible && sameIdentity(entry, resource) {
            var missing = resource
            missing.subtractAmount(of: entry)
            return missing.isEmpty ? nil : missing
        }
        return nil
    }
}

// MARK: - Identity and amounts

/// Whether two resources in the refinement format describe the same kind of thing and differ at
/// most in amount.
@inline(__always)
func sameIdentity(_ left: Resource, _ right: Resource) -> Bool {
    left.hasSameIdentity(as: right)
}

/// Whether `right` can be taken from `left` (same identity, and whole for indivisible resources).
@inline(__always)
func subtractable(_ left: Resource, _ right: Resource) -> Bool {
    sameIdentity(left, right) && (!left.isIndivisible || left.amountEquals(right))
}

extension Resource {
    /// Rounds scalars to thousandths, sorts and merges ranges, drops duplicate set items; writes
    /// (and so copies a shared box) only when something changes.
    mutating func normalizeAmount() {
        switch type {
        case .scalar:
            if let scalar {
                let rounded = Value.Scalar(milli: scalar.milli)
                if rounded != scalar { self.scalar = rounded }
            }
        case .ranges:
            if let ranges, !ranges.isNormalized { self.ranges = ranges.normalized() }
        case .set:
            if let set, Swift.Set(set.item).count != set.item.count { self.set = Value.Set().union(set) }
        case .text, .unrecognized:
            break
        }
    }

    mutating func addAmount(of other: Resource) {
        switch type {
        case .scalar:
            scalar = Value.Scalar(milli: (scalar?.milli ?? 0) + (other.scalar?.milli ?? 0))
        case .ranges:
            ranges = (ranges ?? Value.Ranges()).union(other.ranges ?? Value.Ranges())
        case .set:
            set = (set ?? Value.Set()).union(other.set ?? Value.Set())
        case .text, .unrecognized:
            break
        }
    }

    mutating func subtractAmount(of other: Resource) {
        switch type {
        case .scalar:
            scalar = Value.Scalar(milli: Swift.max(0, (scalar?.milli ?? 0) - (other.scalar?.milli ?? 0)))
        case .ranges:
            ranges = (ranges ?? Value.Ranges()).subtracting(other.ranges ?? Value.Ranges())
        case .set:
            set = (set ?? Value.Set()).subtracting(other.set ?? Value.Set())
        case .text, .unrecognized:
            break
        }
    }

    func amountContains(_ other: Resource) -> Bool {
        switch type {
        case .scalar:
            return (scalar?.milli ?? 0) >= (other.scalar?.milli ?? 0)
        case .ranges:
            return (ranges ?? Value.Ranges()).contains(other.ranges ?? Value.Ranges())
        case .set:
            return (set ?? Value.Set()).contains(other.set ?? Value.Set())
        case .text, .unrecognized:
            return false
        }
    }

    func amountEquals(_ other: Resource) -> Bool {
        switch type {
        case .scalar:
            return (scalar?.milli ?? 0) == (other.scalar?.milli ?? 0)
        case .ranges:
            return (ranges ?? Value.Ranges()).normalized() == (other.ranges ?? Value.Ranges()).normalized()
        case .set:
            return Swift.Set(set?.item ?? []) == Swift.Set(other.set?.item ?? [])
        case .text, .unrecognized:
            return false
        }
    }
}

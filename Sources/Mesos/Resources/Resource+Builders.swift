// Building resources and describing them the way Mesos logs them.

extension Resource {
    /// An unreserved scalar resource.
    public static func scalar(_ name: String, _ value: Double) -> Resource {
        Resource(name: name, type: .scalar, scalar: Value.Scalar(value: value))
    }

    /// An unreserved ranges resource.
    public static func ranges(_ name: String, _ ranges: Value.Ranges) -> Resource {
        Resource(name: name, type: .ranges, ranges: ranges)
    }

    /// An unreserved set resource.
    public static func set(_ name: String, _ items: [String]) -> Resource {
        Resource(name: name, type: .set, set: Value.Set(items))
    }

    public static func cpus(_ value: Double) -> Resource { scalar("cpus", value) }
    public static func mem(_ megabytes: Double) -> Resource { scalar("mem", megabytes) }
    public static func disk(_ megabytes: Double) -> Resource { scalar("disk", megabytes) }
    public static func gpus(_ value: Double) -> Resource { scalar("gpus", value) }

    /// An unreserved `ports` resource.
    public static func ports(_ ranges: ClosedRange<UInt64>...) -> Resource {
        Resource.ranges("ports", Value.Ranges(ranges))
    }

    /// The same resource with a dynamic reservation pushed on top (refinement format), as the
    /// target of a RESERVE operation.
    public func reserved(role: String, principal: String? = nil, labels: Labels? = nil) -> Resource {
        var result = toPostRefinement()
        result.reservations.append(.dynamic(role: role, principal: principal, labels: labels))
        return result
    }

    /// The same resource with a static reservation pushed on top (as agent flags make them).
    public func reservedStatically(role: String) -> Resource {
        var result = toPostRefinement()
        result.reservations.append(.static(role: role))
        return result
    }

    /// The same resource with its most refined reservation removed (the source of a RESERVE,
    /// the result of an UNRESERVE). In the refinement format.
    public func poppingReservation() -> Resource {
        var result = toPostRefinement()
        if !result.reservations.isEmpty {
            result.reservations.removeLast()
        }
        return result
    }

    /// The same disk resource as a persistent volume (the target of a CREATE).
    public func withPersistentVolume(
        id: String, containerPath: String, principal: String? = nil, mode: Volume.Mode = .readWrite
    ) -> Resource {
        var result = self
        var disk = result.disk ?? DiskInfo()
        disk.persistence = DiskInfo.Persistence(id: id, principal: principal)
        disk.volume = Volume(mode: mode, containerPath: containerPath)
        result.disk = disk
        return result
    }

    /// The disk without its persistent volume (what CREATE consumes and DESTROY gives back):
    /// persistence and volume removed, the disk source kept, sharing dropped.
    public func strippingPersistentVolume() -> Resource {
        var result = self
        if let source = disk?.source {
            result.disk = DiskInfo(source: source)
        } else {
            result.disk = nil
        }
        result.shared = nil
        return result
    }

    /// The same disk resource on a disk source (MOUNT or PATH).
    public func onDisk(_ source: DiskInfo.Source) -> Resource {
        var result = self
        var disk = result.disk ?? DiskInfo()
        disk.source = source
        result.disk = disk
        return result
    }

    /// The scalar amount, or 0 for other types.
    public var scalarValue: Double {
        scalar?.value ?? 0
    }

    /// Whether the resource holds nothing (a zero scalar, no range, no item).
    public var isEmpty: Bool {
        switch type {
        case .scalar: return (scalar?.milli ?? 0) == 0
        case .ranges: return ranges?.isEmpty ?? true
        case .set: return set?.item.isEmpty ?? true
        case .text, .unrecognized: return true
        }
    }

    /// Why Mesos would reject the resource, or nil if it is well formed.
    public var validationFailure: String? {
        if name.isEmpty { return "Empty resource name" }
        switch type {
        case .scalar:
            guard let scalar, ranges == nil, set == nil else { return "Invalid scalar resource" }
            guard scalar.value.isFinite, scalar.value >= 0 else {
                return "Invalid scalar resource: value \(scalar.value)"
            }
        case .ranges:
            guard let ranges, scalar == nil, set == nil else { return "Invalid ranges resource" }
            if ranges.range.contains(where: { $0.begin > $0.end }) { return "Invalid ranges resource: begin > end" }
        case .set:
            guard let set, scalar == nil, ranges == nil else { return "Invalid set resource" }
            if Swift.Set(set.item).count != set.item.count { return "Invalid set resource: duplicate items" }
        case .text, .unrecognized:
            return "Unsupported resource type \(type.wireName)"
        }
        if reservation != nil && (role == nil || role == "*") {
            return "Invalid reservation: 'reservation' needs a non-'*' role"
        }
        if !reservations.isEmpty && (role != nil || reservation != nil) && role != reservations.last?.role {
            return "Invalid reservation: 'role' disagrees with 'reservations'"
        }
        return nil
    }
}

extension Resource: CustomStringConvertible {
    /// Mesos's notation, e.g. `disk(allocated: kafka)(reservations: [(DYNAMIC,kafka,kafka-fw)])[v1:data]:5000`.
    public var description: String {
        var text = name
        if let role = allocationInfo?.role {
            text += "(allocated: \(role))"
        }
        let stack = effectiveReservations
        if !stack.isEmpty {
            let parts = stack.map { reservation -> String in
                var fields = [reservation.type?.wireName ?? "UNKNOWN", reservation.role ?? ""]
                if let principal = reservation.principal { fields.append(principal) }
                if let labels = reservation.labels, !labels.labels.isEmpty {
                    fields.append(
                        "{" + labels.labels.map { "\($0.key): \($0.value ?? "")" }.joined(separator: ", ") + "}")
                }
                return "(" + fields.joined(separator: ",") + ")"
            }
            text += "(reservations: [" + parts.joined(separator: ",") + "])"
        }
        if let disk {
            var diskText = ""
            if let source = disk.source {
                switch source.type {
                case .mount: diskText += "MOUNT:" + (source.mount?.root ?? "")
                case .path: diskText += "PATH:" + (source.path?.root ?? "")
                default: diskText += source.type.wireName
                }
            }
            if let persistence = disk.persistence {
                if !diskText.isEmpty { diskText += "," }
                diskText += persistence.id
                if let path = disk.volume?.containerPath { diskText += ":" + path }
            }
            if !diskText.isEmpty { text += "[" + diskText + "]" }
        }
        if revocable != nil { text += "{REV}" }
        if shared != nil { text += "<SHARED>" }
        switch type {
        case .scalar:
            text += ":" + Resource.format(scalar?.value ?? 0)
        case .ranges:
            text += ":[" + (ranges?.range ?? []).map { "\($0.begin)-\($0.end)" }.joined(separator: ", ") + "]"
        case .set:
            text += ":{" + (set?.item ?? []).joined(separator: ", ") + "}"
        case .text, .unrecognized:
            text += ":?"
        }
        return text
    }

    /// Like Mesos: integral amounts without a fraction, others with up to three decimals.
    static func format(_ value: Double) -> String {
        let milli = Int64((value * 1000).rounded())
        if milli % 1000 == 0 { return String(milli / 1000) }
        var text = String(Double(milli) / 1000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    var summary: String { description }
}

extension Array where Element == Resource {
    /// Resources joined the way Mesos logs them (`; `).
    var summary: String {
        isEmpty ? "(none)" : map(\.description).joined(separator: "; ")
    }
}

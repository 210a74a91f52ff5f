import Mesos

/// What each simulated agent offers: the same cpus, memory and disk, its own slice of the shared port
/// range (all agents run on this host), and its MOUNT disks.
enum AgentLayout {
    /// The `index`-th of `count` disjoint slices of `range`; the last slice takes the remainder. Nil
    /// when the range has fewer ports than agents.
    static func portSlice(_ range: ClosedRange<UInt64>, index: Int, count: Int) -> ClosedRange<UInt64>? {
        let total = range.upperBound - range.lowerBound + 1
        guard count > 0, index >= 0, index < count, total >= UInt64(count) else { return nil }
        let size = total / UInt64(count)
        let begin = range.lowerBound + UInt64(index) * size
        let end = index == count - 1 ? range.upperBound : begin + size - 1
        return begin...end
    }

    /// The MOUNT disk roots of an agent.
    static func mountRoots(agentDirectory: String, count: Int) -> [String] {
        (0..<count).map { "\(agentDirectory)/mounts/disk\($0)" }
    }

    /// The resources of agent `index` (no allocation info, unreserved).
    static func resources(options: MesosLocalOptions, index: Int, agentDirectory: String) -> Resources {
        var resources: [Resource] = [.cpus(options.agentCPUs), .mem(options.agentMemory), .disk(options.agentDisk)]
        if let slice = portSlice(options.agentPorts, index: index, count: options.agents) {
            resources.append(.ports(slice))
        }
        if let mounts = options.agentMountDisks {
            for root in mountRoots(agentDirectory: agentDirectory, count: mounts.count) {
                resources.append(Resource.disk(mounts.size).onDisk(.mount(root: root)))
            }
        }
        return Resources(resources)
    }
}

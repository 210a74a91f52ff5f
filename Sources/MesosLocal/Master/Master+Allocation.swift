import Mesos

extension Master {
    /// One allocation cycle: every active framework gets, per role, one offer per agent with what the
    /// agent has free for that role, unless suppressed or refused by a filter.
    func allocate() {
        let now = ContinuousClock.now
        for id in Array(frameworks.keys) {
            let before = frameworks[id]!.filters.count
            frameworks[id]!.filters = frameworks[id]!.filters.filter { $0.value.expires > now }
            if frameworks[id]!.filters.count != before { allocationNeeded = true }
        }
        guard allocationNeeded, !recovering else { return }
        allocationNeeded = false

        let candidates = frameworksInAllocationOrder()
        guard !candidates.isEmpty else { return }
        var made: [FrameworkID: [OfferRecord]] = [:]
        for agentID in agentOrder {
            guard var agent = agents[agentID], agent.isRegistered else { continue }
            for frameworkID in candidates {
                guard let framework = frameworks[frameworkID] else { continue }
                for role in framework.roles where !framework.suppressedRoles.contains(role) {
                    let available = agent.free.allocatable(to: role)
                    guard available.cpus >= Self.minimumCPUs || available.mem >= Self.minimumMemory else { continue }
                    if let filter = framework.filters[FilterKey(role: role, agentID: agentID)],
                        filter.resources.contains(available)
                    {
                        continue
                    }
                    let offer = OfferRecord(
                        id: OfferID("\(masterID)-O\(nextOfferNumber)"), frameworkID: frameworkID, agentID: agentID,
                        role: role, resources: available.allocated(to: role))
                    nextOfferNumber += 1
                    agent.offered.add(available)
                    offers[offer.id] = offer
                    frameworks[frameworkID]!.offers.insert(offer.id)
                    made[frameworkID, default: []].append(offer)
                }
            }
            agents[agentID] = agent
        }
        for (frameworkID, records) in made {
            guard let framework = frameworks[frameworkID] else { continue }
            let wire = records.compactMap { record -> Offer? in
                guard let agent = agents[record.agentID] else { return nil }
                let offer = Offer(
                    id: record.id, frameworkID: frameworkID, agentID: record.agentID, hostname: agent.hostname,
                    resources: record.resources.resources,
                    allocationInfo: Resource.AllocationInfo(role: record.role))
                return try? offer.formatted(
                    multiRole: framework.multiRole, reservationRefinement: framework.reservationRefinement)
            }
            if !wire.isEmpty {
                send(.offers(wire), to: frameworkID)
            }
        }
    }

    /// Connected frameworks, the one holding the smallest share of the cluster's cpus first (a
    /// simple form of Mesos's DRF ordering); ties by registration.
    func frameworksInAllocationOrder() -> [FrameworkID] {
        var share: [FrameworkID: Double] = [:]
        for (id, framework) in frameworks where framework.isConnected {
            share[id] = 0
        }
        guard !share.isEmpty else { return [] }
        for offer in offers.values where share[offer.frameworkID] != nil {
            share[offer.frameworkID]! += offer.resources.cpus
        }
        for (frameworkID, frameworkTasks) in tasks where share[frameworkID] != nil {
            for task in frameworkTasks.values where !task.released {
                share[frameworkID]! += task.resources.cpus
            }
        }
        return share.keys.sorted { left, right in
            if share[left]! != share[right]! { return share[left]! < share[right]! }
            return (frameworks[left]?.registeredTime ?? 0) < (frameworks[right]?.registeredTime ?? 0)
        }
    }
}

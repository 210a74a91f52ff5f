import Foundation
import Mesos
import Plan

extension SchedulerCore {
    /// The planner over the current target and plan; nil without a target.
    func makePlanner() -> BrokerPlanner? {
        guard let plan, let targetID = configurations.targetID, let target = configurations.target else { return nil }
        return BrokerPlanner(
            targetID: targetID, target: target, configurations: configurations.byID, plan: plan, now: now)
    }

    /// The brokers in the order they get offers: the plan's block first, then by id.
    func brokerOrder() -> [Int] {
        var order = Array(0..<brokerCount)
        if let work = plan?.work, let index = order.firstIndex(of: work.broker) {
            order.remove(at: index)
            order.insert(work.broker, at: 0)
        }
        return order
    }

    /// Decides every offer at once: ACCEPTs for launches and cleanups, one DECLINE for the rest.
    func handleOffers(_ offers: [Offer]) async {
        metrics.offersReceived.increment(by: Int64(offers.count))
        guard let frameworkID, isSubscribed, !offers.isEmpty else { return }
        guard reconciler.isComplete, let planner = makePlanner(), let target = configurations.target else {
            // No ACCEPT before every stored task is reconciled (or without a target).
            metrics.offersDeclined.increment(by: Int64(offers.count))
            await send(
                .decline(
                    frameworkID: frameworkID, offerIDs: offers.map(\.id),
                    filters: Filters(refuseSeconds: timings.reconcilingDeclineRefuseSeconds)))
            return
        }

        var requests: [OfferEvaluator.Request] = []
        for broker in brokerOrder() {
            let record = records[broker]
            guard case .launch(let fresh) = planner.step(for: broker, record: record) else { continue }
            guard let configuration = configurations.byID[planner.configID(for: broker, record: record)] else {
                continue
            }
            let cpus = configuration.broker.cpus
            let mem = configuration.broker.memMB
            let port = configuration.broker.port
            if !fresh, let record, let resourceID = record.resourceID, let persistenceID = record.persistenceID {
                requests.append(
                    .inPlace(
                        OfferEvaluator.InPlaceLaunch(
                            broker: broker, resourceID: resourceID, persistenceID: persistenceID, cpus: cpus,
                            memMB: mem, port: port)))
            } else {
                requests.append(
                    .fresh(
                        OfferEvaluator.FreshLaunch(
                            broker: broker, resourceID: UUID().uuidString.lowercased(), cpus: cpus, memMB: mem,
                            port: port)))
            }
        }
        var occupied: [String: Int] = [:]
        for (broker, record) in records where record.resourceID != nil {
            if let agent = record.agentID { occupied[agent] = broker }
        }
        let evaluator = OfferEvaluator(
            settings: OfferEvaluator.Settings(
                role: target.service.role, principal: target.service.principal,
                placement: target.service.placementStrategy, diskType: target.broker.diskType,
                diskMB: target.broker.diskMB),
            requests: requests, ownedResourceIDs: Set(records.values.compactMap(\.resourceID)),
            occupiedAgents: occupied, cleanUp: true)
        let evaluation = evaluator.evaluate(offers)
        cleanupSweepPending = false

        var declines = evaluation.declines
        for accept in evaluation.accepts {
            if !(await acceptOffer(accept, planner: planner, frameworkID: frameworkID)) {
                declines.append(accept.offerID)
            }
        }
        if !declines.isEmpty {
            metrics.offersDeclined.increment(by: Int64(declines.count))
            await send(
                .decline(
                    frameworkID: frameworkID, offerIDs: declines,
                    filters: Filters(refuseSeconds: timings.declineRefuseSeconds)))
        }
    }

    /// Stores the launched broker's record, then sends the ACCEPT. False when nothing was sent (the offer is
    /// declined instead).
    private func acceptOffer(
        _ accept: OfferEvaluation.Accept, planner: BrokerPlanner, frameworkID: FrameworkID
    ) async -> Bool {
        var operations = accept.operations
        var launched: (broker: Int, taskID: String)?
        if let placement = accept.placement {
            let broker = placement.broker
            var record = records[broker] ?? BrokerRecord(brokerID: broker)
            let configID = planner.configID(for: broker, record: record)
            guard let configuration = configurations.byID[configID] else { return false }
            let taskID = record.nextTaskID ?? BrokerTaskID.make(broker: broker)
            let task = factory.task(
                BrokerTaskFactory.Launch(
                    broker: broker, taskID: taskID, configID: configID, configuration: configuration,
                    agentID: accept.agentID, hostname: accept.hostname, port: placement.port,
                    resources: placement.taskResources))
            record.taskID = taskID
            record.taskInfo = task
            record.configID = configID
            record.agentID = accept.agentID.value
            record.hostname = accept.hostname
            record.port = placement.port
            record.resourceID = placement.resourceID
            record.persistenceID = placement.persistenceID
            if placement.fresh { record.reservationConfirmed = false }
            record.lastStatus = nil
            record.goal = .running
            record.unreachableSince = nil
            record.runningSince = nil
            record.relaunchNotBefore = nil
            record.nextTaskID = nil
            record.staleRegistration = registrations[broker]?.creationID
            do {
                try await state.saveBrokerRecord(record)
            } catch {
                logger.error(
                    "The broker's record cannot be stored; not launching it",
                    metadata: ["broker": "\(broker)", "error": "\(error)"])
                return false
            }
            records[broker] = record
            replicaChecks[broker] = nil
            gateWaitingSince[broker] = nil
            operations.append(.launch([task]))
            launched = (broker, taskID)
        }

        let call = Call.accept(
            frameworkID: frameworkID, offerIDs: [accept.offerID], operations: operations,
            filters: Filters(refuseSeconds: timings.acceptRefuseSeconds))
        let sent = await send(call)
        if accept.cleanedResources > 0 {
            logger.info(
                "Giving back reserved resources no broker owns",
                metadata: ["agent": "\(accept.agentID)", "resources": "\(accept.cleanedResources)"])
            if sent { metrics.reservationsCleaned.increment(by: Int64(accept.cleanedResources)) }
        }
        guard let launched else { return sent }
        if sent {
            metrics.offersAccepted.increment()
            metrics.tasksLaunched.increment()
            logger.info(
                "Launching broker",
                metadata: [
                    "broker": "\(launched.broker)", "task": "\(launched.taskID)", "agent": "\(accept.agentID)",
                    "host": "\(accept.hostname)", "fresh": "\(accept.placement?.fresh ?? false)",
                ])
        } else if isSubscribed {
            // The master may or may not have it: ask about the task, its answer decides.
            await send(
                .reconcile(
                    frameworkID: frameworkID, tasks: [.init(taskID: TaskID(launched.taskID), agentID: accept.agentID)]))
        }
        if let work = plan?.work, work.broker == launched.broker, work.relaunch {
            plan?.brokerRelaunched(launched.broker)
        }
        return true
    }
}

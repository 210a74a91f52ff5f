import Foundation
import Plan

extension SchedulerCore {
    func acquireLeadership() async {
        guard !isLeader else { return }
        isLeader = true
        leaderHint = nil
        logger.info("Leadership acquired: reading the state")
        await loadState()
    }

    func loseLeadership(reason: String, leader: String?) {
        if isLeader {
            logger.warning("Leadership lost: no longer acting", metadata: ["reason": "\(reason)"])
        }
        isLeader = false
        leaderHint = leader
        forgetState()
    }

    /// Drops everything read from the store: another instance may change it from now on.
    func forgetState() {
        isReady = false
        stateProblem = nil
        isSubscribed = false
        pendingSubscription = nil
        reconciler.stop()
        offersSuppressed = nil
        brokersWantingOffers = []
        cleanupSweepPending = false
        frameworkID = nil
        configurations = StoredConfigurations()
        configurationErrors = []
        plan = nil
        savedProgress = nil
        records = [:]
        replicaChecks = [:]
        replicaChecksRunning = []
        gateWaitingSince = [:]
        nextReadinessPoll = nil
        timers = [:]
        pendingWork = []
    }

    /// Reads the state, makes the environment's configuration the target when it is new and valid, and builds
    /// the plan. A store failure is retried; a schema this build cannot read is fatal.
    func loadState() async {
        do {
            try await state.prepare()
            let storedFrameworkID = try await state.loadFrameworkID()
            var stored = try await state.loadConfigurations()
            let storedRecords = try await state.loadBrokerRecords()

            let environment = environmentConfiguration
            var errors: [String] = []
            if let target = stored.target {
                if target != environment {
                    errors = environment.validationErrors(replacing: target).map(\.description)
                    if errors.isEmpty {
                        stored = try await storeNewTarget(environment, replacing: stored, records: storedRecords)
                    } else {
                        logger.error(
                            "The configuration from the environment is refused; the target stays",
                            metadata: ["target": "\(target)", "errors": "\(errors)"])
                    }
                }
            } else {
                errors = environment.validationErrors(replacing: nil).map(\.description)
                if errors.isEmpty {
                    stored = try await storeNewTarget(environment, replacing: stored, records: storedRecords)
                } else {
                    logger.error(
                        "The configuration from the environment is invalid; nothing is launched until it is fixed",
                        metadata: ["errors": "\(errors)"])
                }
            }

            frameworkID = storedFrameworkID
            configurations = stored
            configurationErrors = errors
            records = storedRecords
            plan = try await makePlan(errors: errors)
            isReady = true
            stateProblem = nil
            timers[.stateRetry] = nil
            logger.info(
                "State read",
                metadata: [
                    "target": "\(configurations.targetID ?? "none")", "brokers": "\(records.count)",
                    "frameworkID": "\(frameworkID?.value ?? "none")",
                ])
            if let pending = pendingSubscription {
                pendingSubscription = nil
                await subscribed(pending)
            }
        } catch {
            if case .unsupportedSchemaVersion = error {
                logger.critical("The stored state cannot be used", metadata: ["error": "\(error)"])
                fatal = error
                stateProblem = error.description
                return
            }
            stateProblem = "the state cannot be read: \(error)"
            logger.error("Reading the state failed; retrying", metadata: ["error": "\(error)"])
            timers[.stateRetry] = now + timings.stateRetryInterval
        }
    }

    /// Stores `configuration` under a new id as the target, with a fresh plan's progress.
    private func storeNewTarget(
        _ configuration: ServiceConfiguration, replacing stored: StoredConfigurations, records: [Int: BrokerRecord]
    ) async throws(SchedulerStateError) -> StoredConfigurations {
        let id = UUID().uuidString.lowercased()
        let fresh = PlanEngine(
            targetID: id, brokerCount: configuration.service.brokerCount,
            strategy: configuration.service.phaseStrategy)
        let referenced = Set(records.values.compactMap(\.configID))
        let updated = try await state.storeTarget(
            configuration, id: id, replacing: stored, referenced: referenced, progress: fresh.progress)
        logger.info(
            "New target configuration stored",
            metadata: ["id": "\(id)", "previous": "\(stored.targetID ?? "none")"])
        return updated
    }

    /// The plan for the target: restored from its stored progress, or fresh.
    private func makePlan(errors: [String]) async throws(SchedulerStateError) -> PlanEngine? {
        guard let targetID = configurations.targetID, let target = configurations.target else { return nil }
        let count = target.service.brokerCount
        let strategy = target.service.phaseStrategy
        if let progress = try await state.loadPlanProgress(targetID: targetID) {
            if progress.blocks.count == count && progress.strategy == strategy,
                let restored = try? PlanEngine(restoring: progress, errors: errors)
            {
                logger.info("Plan progress restored", metadata: ["target": "\(targetID)"])
                savedProgress = progress
                return restored
            }
            logger.warning("The stored plan progress does not fit the target; the plan starts afresh")
        }
        return PlanEngine(targetID: targetID, brokerCount: count, strategy: strategy, errors: errors)
    }
}

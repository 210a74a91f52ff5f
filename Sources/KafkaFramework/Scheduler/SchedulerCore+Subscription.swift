import Foundation
import Mesos

extension SchedulerCore {
    func subscribed(_ id: FrameworkID) async {
        guard isLeader else {
            logger.warning("Subscribed while not acting as the leader; ignoring the subscription")
            return
        }
        guard isReady else {
            // The state is still being read (or its reading is retried): act on it once it is read.
            pendingSubscription = id
            return
        }
        if frameworkID != id {
            // Persisted before anything relies on it: a scheduler restarted from here subscribes with it.
            do {
                try await state.storeFrameworkID(id)
            } catch {
                logger.error(
                    "The framework id cannot be stored; not acting on this subscription",
                    metadata: ["frameworkID": "\(id)", "error": "\(error)"])
                subscriptionProblem = "the framework id \(id) cannot be stored: \(error)"
                isSubscribed = false
                return
            }
            if let previous = frameworkID {
                logger.warning(
                    "The master gave a new framework id; the previous framework's tasks are gone",
                    metadata: ["previous": "\(previous)", "frameworkID": "\(id)"])
            }
            frameworkID = id
        }
        isSubscribed = true
        subscriptionProblem = nil
        offersSuppressed = nil
        brokersWantingOffers = []
        logger.info("Subscribed", metadata: ["frameworkID": "\(id)"])
        await startReconciliation()
        // Kills sent before a disconnection may not have reached the master.
        for id in records.keys.sorted() {
            guard let record = records[id], record.goal == .stoppedForUpdate, record.isTaskActive else { continue }
            await sendKill(record)
        }
    }

    /// Explicit reconciliation of every stored task not known to be over.
    func startReconciliation() async {
        let tasks = records.keys.sorted().compactMap { id -> (taskID: String, agentID: String?)? in
            guard let record = records[id], let taskID = record.taskID else { return nil }
            if let state = record.taskState, state.isTerminal { return nil }
            return (taskID, record.agentID)
        }
        let actions = reconciler.start(tasks: tasks, now: now)
        await sendReconcile(actions)
        reconciliationChanged()
    }

    /// Keeps the plan's Reconciliation block in step; a completed reconciliation sweeps offers for leftovers.
    func reconciliationChanged() {
        plan?.observeReconciliation(reconciler.progress)
        if reconciler.isComplete {
            cleanupSweepPending = true
        }
    }

    func disconnected(reason: String) {
        pendingSubscription = nil
        if isSubscribed {
            logger.warning("Subscription lost", metadata: ["reason": "\(reason)"])
        }
        isSubscribed = false
        subscriptionProblem = reason
        reconciler.stop()
        plan?.observeReconciliation(.pending)
        offersSuppressed = nil
        brokersWantingOffers = []
        cleanupSweepPending = false
    }

    func handleEvent(_ event: Event) async {
        if event.type == .subscribed, let subscribed = event.subscribed {
            await self.subscribed(subscribed.frameworkID)
            return
        }
        guard isLeader, isReady else { return }
        switch event.type {
        case .subscribed:
            break
        case .offers:
            await handleOffers(event.offers?.offers ?? [])
        case .update:
            if let status = event.update?.status { await handleStatus(status) }
        case .rescind:
            // Offers are decided on arrival; nothing is held.
            break
        case .failure:
            if let failure = event.failure {
                if let executor = failure.executorID {
                    logger.info(
                        "An executor exited",
                        metadata: [
                            "agent": "\(failure.agentID?.value ?? "?")", "executor": "\(executor)",
                            "status": "\(failure.status.map(String.init) ?? "?")",
                        ])
                } else {
                    logger.warning("An agent was removed", metadata: ["agent": "\(failure.agentID?.value ?? "?")"])
                }
            }
        case .error:
            let message = event.error?.message ?? ""
            logger.error("The master sent an error", metadata: ["message": "\(message)"])
            if message.contains("Framework has been removed") {
                // The id is dead: the next subscription must register anew.
                do {
                    try await state.deleteFrameworkID()
                    frameworkID = nil
                } catch {
                    logger.error("The removed framework's id cannot be deleted", metadata: ["error": "\(error)"])
                }
            }
        case .heartbeat, .message, .inverseOffers, .rescindInverseOffer, .updateOperationStatus, .unknown,
            .unrecognized:
            break
        }
    }
}

import Foundation
import Mesos
import Plan

extension SchedulerCore {
    /// After every input: act on what the brokers need (kills for relaunches, automatic replacement), feed the
    /// plan what the brokers show, store its progress, ask for offers or stop them, and set the timers.
    func settle() async {
        guard isLeader, isReady, fatal == nil else {
            timers = timers.filter { $0.key == .stateRetry }
            return
        }
        var rounds = 0
        while true {
            rounds += 1
            await act()
            let before = plan?.work
            observeBrokers()
            // A completed block hands out the next one, which may need a kill: act again.
            if plan?.work == before || rounds > brokerCount + 1 { break }
        }
        await savePlanProgress()
        await updateOfferInterest()
        scheduleReadinessChecks()
        rebuildTimers()
    }

    // MARK: Acting

    private func act() async {
        guard isSubscribed, reconciler.isComplete, let planner = makePlanner() else { return }
        for broker in 0..<brokerCount {
            guard case .kill(let reason) = planner.step(for: broker, record: records[broker]),
                var record = records[broker]
            else { continue }
            record.goal = .stoppedForUpdate
            if record.nextTaskID == nil { record.nextTaskID = BrokerTaskID.make(broker: broker) }
            do {
                try await state.saveBrokerRecord(record)
            } catch {
                logger.error("The broker's record cannot be stored; not stopping it", metadata: ["error": "\(error)"])
                continue
            }
            records[broker] = record
            logger.info(
                "Stopping broker for its relaunch",
                metadata: ["broker": "\(broker)", "task": "\(record.taskID ?? "")", "reason": "\(reason)"])
            await sendKill(record)
        }
        guard options.enableAutoReplace else { return }
        for broker in records.keys.sorted() {
            guard let record = records[broker], let since = record.unreachableSince, !record.isTaskRunning else {
                continue
            }
            let immediately = record.taskState == .goneByOperator
            guard immediately || now >= since + options.replaceDelay else { continue }
            logger.warning(
                "Replacing a broker whose agent is out of reach",
                metadata: [
                    "broker": "\(broker)", "agent": "\(record.agentID ?? "?")", "host": "\(record.hostname ?? "?")",
                    "since": "\(since)",
                ])
            _ = await replace(broker: broker)
        }
    }

    // MARK: Observing

    /// The readiness gate of the target configuration.
    func readinessGate() -> ReadinessGate? {
        guard let target = configurations.target else { return nil }
        return ReadinessGate(
            check: target.broker.readyCheck, registrationPath: layout.brokerRegistrations,
            kafkaZooKeeper: layout.kafkaZooKeeperConnect(kafkaZooKeeperURI: target.kafka.kafkaZkURI),
            warnAfter: timings.readinessWarningAfter)
    }

    private func observeBrokers() {
        guard reconciler.isComplete, var plan, let planner = makePlanner(), let gate = readinessGate() else { return }
        for broker in 0..<plan.brokerCount {
            plan.observe(broker: broker, observation(of: broker, planner: planner, gate: gate))
        }
        self.plan = plan
    }

    /// What the plan sees of `broker`: ready, or what it waits for.
    func observation(of broker: Int, planner: BrokerPlanner, gate: ReadinessGate) -> BrokerObservation {
        let record = records[broker]
        let step = planner.step(for: broker, record: record)
        if step != .running { gateWaitingSince[broker] = nil }
        switch step {
        case .waitForBlock:
            return .waiting(for: "broker \(broker)'s block to start")
        case .launch(let fresh):
            return .waiting(for: offerWaitText(broker: broker, fresh: fresh, record: record, planner: planner))
        case .kill:
            return .waiting(for: "broker \(broker) to be stopped for its relaunch")
        case .waitForStop:
            return .waiting(for: "broker \(broker)'s task \(record?.taskID ?? "?") to stop before it is relaunched")
        case .waitForBackoff(let until):
            let seconds = max(0, Int(until.timeIntervalSince(now).rounded(.up)))
            let last = record?.lastStatus.map { " (last: \($0.state)\($0.message.map { ", \($0)" } ?? ""))" } ?? ""
            return .waiting(
                for: "broker \(broker) to be relaunched in \(seconds) s after \(record?.consecutiveFailures ?? 0) "
                    + "failures in a row\(last)")
        case .waitForAgent:
            var text =
                "the agent of broker \(broker) (\(record?.hostname ?? "?")) to come back: its task is "
                + "TASK_UNREACHABLE"
            if options.enableAutoReplace, let since = record?.unreachableSince {
                let left = max(0, Int((since + options.replaceDelay).timeIntervalSince(now).rounded(.up)))
                text += "; it is replaced automatically in \(left) s"
            } else {
                text += "; run `broker replace \(broker)` to move it elsewhere (its data is lost)"
            }
            return .waiting(for: text)
        case .agentGone:
            return .waiting(
                for: "broker \(broker) to be replaced: its agent \(record?.hostname ?? "?") is gone with its volume; "
                    + "run `broker replace \(broker)`")
        case .running:
            guard let record else { return .waiting(for: "broker \(broker) to be launched") }
            guard planner.runsTarget(record) else {
                gateWaitingSince[broker] = nil
                if record.isTaskActive && !record.isTaskRunning {
                    return .waiting(
                        for: "broker \(broker)'s task \(record.taskID ?? "?") to reach TASK_RUNNING (it is "
                            + "\(record.taskState?.wireName ?? "?"))")
                }
                return .waiting(for: "broker \(broker) to be relaunched with configuration \(planner.targetID)")
            }
            let since = gateWaitingSince[broker] ?? now
            let check = replicaChecks[broker]
            switch gate.evaluate(
                broker: broker, record: record, registration: registrations[broker], replicas: check,
                waitingSince: since, now: now)
            {
            case .passed:
                gateWaitingSince[broker] = nil
                return .ready
            case .waiting(let text):
                gateWaitingSince[broker] = since
                return .waiting(for: text)
            }
        }
    }

    private func offerWaitText(broker: Int, fresh: Bool, record: BrokerRecord?, planner: BrokerPlanner) -> String {
        guard fresh else {
            var text =
                "an offer from \(record?.hostname ?? "its agent") with broker \(broker)'s reservation and "
                + "volume"
            if record?.taskState == .gone {
                text += " (its task is TASK_GONE: if the agent is gone for good, run `broker replace \(broker)`)"
            }
            return text
        }
        let configuration = configurations.byID[planner.configID(for: broker, record: record)] ?? planner.target
        let port = configuration.broker.port == 0 ? "a port" : "port \(configuration.broker.port)"
        let disk =
            configuration.broker.diskType == .root
            ? "\(configuration.broker.diskMB) MB of disk" : "a MOUNT disk of at least \(configuration.broker.diskMB) MB"
        var text =
            "an offer for broker \(broker) with \(Self.format(configuration.broker.cpus)) cpus, "
            + "\(configuration.broker.memMB) MB of mem, \(disk) and \(port)"
        if configuration.service.placementStrategy == .node {
            text += " on an agent without another broker"
        }
        return text
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: Storing the plan

    private func savePlanProgress() async {
        guard let progress = plan?.progress, progress != savedProgress else { return }
        do {
            try await state.savePlanProgress(progress)
            savedProgress = progress
        } catch {
            logger.error(
                "The plan's progress cannot be stored; retrying after the next input", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Offers wanted

    /// REVIVE when a broker newly needs an offer (or leftovers are to be swept), SUPPRESS when nothing does.
    private func updateOfferInterest() async {
        guard isSubscribed, let frameworkID, let role = configurations.target?.service.role else { return }
        var wanting = Set<Int>()
        if reconciler.isComplete, let planner = makePlanner() {
            for broker in 0..<brokerCount {
                if case .launch = planner.step(for: broker, record: records[broker]) { wanting.insert(broker) }
            }
        }
        let wants = !wanting.isEmpty || (reconciler.isComplete && cleanupSweepPending)
        if wants {
            if offersSuppressed != false || !wanting.isSubset(of: brokersWantingOffers) {
                if await send(.revive(frameworkID: frameworkID, roles: [role])) { offersSuppressed = false }
            }
        } else if offersSuppressed != true {
            if await send(.suppress(frameworkID: frameworkID, roles: [role])) { offersSuppressed = true }
        }
        brokersWantingOffers = wanting
    }

    // MARK: Readiness checks

    /// Polls while a broker waits at its gate: the messages follow the time, and replica checks run.
    private func scheduleReadinessChecks() {
        if gateWaitingSince.isEmpty {
            nextReadinessPoll = nil
            return
        }
        if nextReadinessPoll == nil {
            nextReadinessPoll = now + timings.readinessPollInterval
        }
        startReplicaChecks(onlyUnchecked: true)
    }

    /// Starts replica checks of the brokers waiting at the replicas-in-sync gate (registered ones only).
    func startReplicaChecks(onlyUnchecked: Bool) {
        guard configurations.target?.broker.readyCheck == .replicasInSync else { return }
        let endpoints = records.keys.sorted().compactMap { id -> String? in
            guard let record = records[id], record.isTaskRunning, let host = record.hostname, let port = record.port
            else { return nil }
            return "\(host):\(port)"
        }
        for broker in gateWaitingSince.keys.sorted() {
            guard !replicaChecksRunning.contains(broker), let record = records[broker],
                let registration = registrations[broker], registration.creationID != record.staleRegistration
            else { continue }
            if onlyUnchecked && replicaChecks[broker] != nil { continue }
            replicaChecksRunning.insert(broker)
            let probe = readiness
            pendingWork.append(
                BackgroundWork {
                    do {
                        let status = try await probe.replicaSyncStatus(ofBroker: broker, endpoints: endpoints)
                        return .replicaCheck(broker: broker, .status(status))
                    } catch {
                        return .replicaCheck(broker: broker, .failed("\(error)"))
                    }
                })
        }
    }

    // MARK: Timers

    private func rebuildTimers() {
        var next: [TimerKey: Date] = [:]
        if let deadline = reconciler.deadline { next[.reconcile] = deadline }
        if let poll = nextReadinessPoll { next[.readiness] = poll }
        for (broker, record) in records {
            if let until = record.relaunchNotBefore, until > now, !record.isTaskActive {
                next[.relaunch(broker)] = until
            }
            if options.enableAutoReplace, let since = record.unreachableSince, !record.isTaskRunning {
                next[.autoReplace(broker)] = since + options.replaceDelay
            }
        }
        timers = next
    }

    func fireTimers() async {
        let current = now
        let due = timers.filter { $0.value <= current }.keys.sorted { String(describing: $0) < String(describing: $1) }
        for key in due {
            timers[key] = nil
            switch key {
            case .reconcile:
                let wasComplete = reconciler.isComplete
                let actions = reconciler.timerFired(now: current)
                await sendReconcile(actions)
                if wasComplete && actions.contains(.reconcileImplicitly) {
                    // Periodically, one round of offers is looked at for reserved resources nobody owns.
                    cleanupSweepPending = true
                }
            case .readiness:
                nextReadinessPoll = current + timings.readinessPollInterval
                startReplicaChecks(onlyUnchecked: false)
            case .relaunch, .autoReplace:
                // `settle` acts on the time.
                break
            case .stateRetry:
                if isLeader && !isReady { await loadState() }
            }
        }
    }
}

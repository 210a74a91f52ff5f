import Foundation
import Logging
import ZooKeeper

extension LeaderLock {
    /// One competition round: makes sure this instance has a node in the current session and finds its place.
    ///
    /// Without a known node (first round, after an expiry, after a create whose answer was lost with the
    /// connection) it first looks for nodes the current session already owns and adopts the lowest, deleting
    /// the others: a leftover of our own session ahead of our node would otherwise block every instance until
    /// the session ends.
    func compete(node known: String?) async -> LeaderLockStateMachine.CompetitionOutcome {
        do {
            var node = known
            for _ in 0..<5 {
                var names = LockNodes.sorted(try await lockChildren())
                if node.map({ !names.contains(Self.name(of: $0)) }) ?? true {
                    node = try await adoptOrCreateNode(among: names)
                    names = LockNodes.sorted(try await lockChildren())
                }
                guard let mine = node, let index = names.firstIndex(of: Self.name(of: mine)) else {
                    // Deleted right after being found or created: start over.
                    node = nil
                    continue
                }
                if index == 0 { return .lowest(node: mine) }
                return .waiting(node: mine, predecessor: lockPath + "/" + names[index - 1])
            }
            logger.warning(
                "Leader lock node keeps disappearing; competing again later", metadata: ["lock.path": "\(lockPath)"])
            return .failed
        } catch let error as ZooKeeperError where error.code.isConnectionProblem || error.code == .closing {
            logger.debug("Leader lock round interrupted", metadata: ["zk.error": "\(error)"])
            return .failed
        } catch {
            logger.error("Leader lock round failed; competing again later", metadata: ["error": "\(error)"])
            return .failed
        }
    }

    private func lockChildren() async throws -> [String] {
        do {
            return try await client.children(lockPath)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
    }

    private func adoptOrCreateNode(among names: [String]) async throws -> String {
        let owned = try await nodesOwnedByThisSession(among: names)
        if let lowest = owned.first {
            for leftover in owned.dropFirst() {
                logger.notice(
                    "Deleting a leftover leader lock node of this session", metadata: ["lock.node": "\(leftover)"])
                try? await client.delete(leftover)
            }
            return lowest
        }
        let acl: ACL = client.usesCredentials ? .creatorAll : .open
        let created = try await client.create(
            lockPath + "/" + LockNodes.prefix, data: identity.encoded(), mode: .ephemeralSequential, acl: acl,
            createParents: true
        )
        logger.debug("Created leader lock node", metadata: ["lock.node": "\(created)"])
        return created
    }

    /// The paths of the lock nodes (in order) whose owner is the current session.
    private func nodesOwnedByThisSession(among names: [String]) async throws -> [String] {
        guard let session = client.session else {
            throw ZooKeeperError(code: .connectionLoss, operation: "leader lock", path: lockPath)
        }
        var owned: [String] = []
        for name in names {
            let path = lockPath + "/" + name
            if let stat = try await client.exists(path), stat.ephemeralOwner == session.id {
                owned.append(path)
            }
        }
        return owned
    }

    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Watches `path` and calls `gone` once when it does not exist (or cannot be watched any more: competing
    /// again then surfaces the error). Cancel the task to stop watching.
    func watchUntilGone(_ path: String, gone: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        let client = self.client
        let logger = self.logger
        return Task {
            do {
                for try await value in client.watchData(path) where value == nil {
                    guard !Task.isCancelled else { return }
                    gone()
                    return
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "Cannot watch a leader lock node", metadata: ["lock.node": "\(path)", "zk.error": "\(error)"])
                gone()
            }
        }
    }

    /// Deletes this session's lock nodes once the round in flight (if any) is over, within `closeTimeout`;
    /// nodes left behind vanish when the session ends.
    func release(pendingRound: Task<LeaderLockStateMachine.CompetitionOutcome, Never>?) async {
        let client = self.client
        let lockPath = self.lockPath
        let logger = self.logger
        let finished = await withDeadline(configuration.closeTimeout) {
            _ = await pendingRound?.value
            guard let session = client.session else { return }
            let names = LockNodes.sorted((try? await client.children(lockPath)) ?? [])
            for name in names {
                let path = lockPath + "/" + name
                guard let stat = try? await client.exists(path), stat.ephemeralOwner == session.id else { continue }
                do {
                    try await client.delete(path)
                    logger.info("Released the leader lock", metadata: ["lock.node": "\(path)"])
                } catch {
                    logger.warning(
                        "Cannot delete the leader lock node; it goes when the ZooKeeper session ends",
                        metadata: ["lock.node": "\(path)", "zk.error": "\(error)"]
                    )
                }
            }
        }
        if !finished {
            let timeout = configuration.closeTimeout
            logger.warning(
                "Releasing the leader lock took longer than \(timeout); its node goes when the session ends",
                metadata: ["lock.path": "\(lockPath)"]
            )
        }
    }

    /// Runs `work` in a task of its own and waits for it at most `timeout`; true when it finished in time.
    /// The work goes on after a timeout (ZooKeeper calls cannot be cancelled).
    private func withDeadline(_ timeout: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        // The first answer is the one read; a later one is dropped with the stream.
        let (answers, answer) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingOldest(1))
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            answer.yield(false)
        }
        Task {
            await work()
            answer.yield(true)
            timer.cancel()
        }
        // Read in a task of its own: the caller's cancellation ends neither the wait nor the timer.
        return await withCheckedContinuation { continuation in
            Task {
                for await finished in answers {
                    continuation.resume(returning: finished)
                    return
                }
            }
        }
    }
}

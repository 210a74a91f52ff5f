import Testing
import ZooKeeper

@testable import KafkaFramework

/// The leader lock's decisions, fed input by input.
@Suite struct LeaderLockStateMachineTests {
    typealias Machine = LeaderLockStateMachine
    let first = Session(id: 0x11, generation: 1)
    let second = Session(id: 0x22, generation: 2)

    /// A machine that holds the lock on `first`, with the node `/s/lock/leader-0000000001`.
    func leader() -> Machine {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        _ = machine.handle(.competed(round: 1, .lowest(node: "/s/lock/leader-0000000001")))
        return machine
    }

    @Test func competesOnlyOnceStartedAndConnected() {
        var machine = Machine()
        #expect(machine.handle(.session(.connected(first))).isEmpty)
        #expect(machine.state == .idle)
        #expect(machine.handle(.start) == [.compete(round: 1, node: nil)])
        #expect(machine.state == .contending)

        var notConnected = Machine()
        #expect(notConnected.handle(.start).isEmpty)
        #expect(notConnected.handle(.session(.connecting)).isEmpty)
        #expect(notConnected.handle(.session(.connected(first))) == [.compete(round: 1, node: nil)])
    }

    @Test func lowestNodeAcquiresAndWatchesItself() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        let actions = machine.handle(.competed(round: 1, .lowest(node: "/s/lock/leader-0000000001")))
        #expect(
            actions == [.cancelWatch, .announce(.acquired), .watchOwnNode(path: "/s/lock/leader-0000000001", watch: 1)])
        #expect(machine.state == .leader)
        #expect(machine.node == "/s/lock/leader-0000000001")
    }

    @Test func followerWatchesItsPredecessorAndCompetesWhenItGoes() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        let waiting = machine.handle(
            .competed(round: 1, .waiting(node: "/s/lock/leader-0000000003", predecessor: "/s/lock/leader-0000000002")))
        #expect(waiting == [.cancelWatch, .watchPredecessor(path: "/s/lock/leader-0000000002", watch: 1)])
        #expect(machine.state == .contending)
        // A watch that was replaced does not count.
        #expect(machine.handle(.predecessorGone(watch: 0)).isEmpty)
        #expect(machine.handle(.predecessorGone(watch: 1)) == [.compete(round: 2, node: "/s/lock/leader-0000000003")])
        #expect(
            machine.handle(.competed(round: 2, .lowest(node: "/s/lock/leader-0000000003"))).contains(
                .announce(.acquired)))
    }

    @Test func holderGivesUpAfterTheDisconnectToleranceAndRegainsOnTheSameSession() {
        var machine = leader()
        #expect(machine.handle(.session(.connecting)) == [.startDisconnectDeadline(timer: 1)])
        #expect(machine.state == .leader)
        #expect(
            machine.handle(.disconnectDeadlinePassed(timer: 1)) == [.cancelWatch, .announce(.lost(.connectionLost))])
        #expect(machine.state == .suspended(.connectionLost))
        // Same session: the node survived; a round confirms it is still the lowest.
        let reconnected = machine.handle(.session(.connected(first)))
        #expect(reconnected == [.compete(round: 2, node: "/s/lock/leader-0000000001")])
        #expect(
            machine.handle(.competed(round: 2, .lowest(node: "/s/lock/leader-0000000001"))).contains(
                .announce(.acquired)))
    }

    @Test func reconnectingWithinTheToleranceKeepsTheLock() {
        var machine = leader()
        _ = machine.handle(.session(.connecting))
        #expect(machine.handle(.session(.connected(first))) == [.cancelDisconnectDeadline])
        #expect(machine.state == .leader)
        // The deadline that was running is stale now.
        #expect(machine.handle(.disconnectDeadlinePassed(timer: 1)).isEmpty)
        #expect(machine.state == .leader)
    }

    @Test func expiryLosesAtOnceAndTheRenewedSessionCompetesWithANewNode() {
        var machine = leader()
        _ = machine.handle(.session(.connecting))
        let expired = machine.handle(.session(.expired(first)))
        #expect(expired == [.cancelWatch, .cancelDisconnectDeadline, .announce(.lost(.sessionExpired))])
        #expect(machine.state == .suspended(.sessionExpired))
        #expect(machine.node == nil)
        let renewed = machine.handle(.session(.sessionRenewed(previous: first, current: second)))
        #expect(renewed == [.compete(round: 2, node: nil)])
        // The `.connected` that follows the renewal changes nothing.
        #expect(machine.handle(.session(.connected(second))).isEmpty)
        let waiting = machine.handle(
            .competed(round: 2, .waiting(node: "/s/lock/leader-0000000009", predecessor: "/s/lock/leader-0000000005")))
        #expect(waiting == [.cancelWatch, .watchPredecessor(path: "/s/lock/leader-0000000005", watch: 3)])
        #expect(machine.state == .contending)
    }

    @Test func aRoundThatSpannedAnExpiryIsRepeated() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        _ = machine.handle(.session(.expired(first)))
        _ = machine.handle(.session(.sessionRenewed(previous: first, current: second)))
        // Round 1 ran on the first session; its result must not make this instance the leader.
        let late = machine.handle(.competed(round: 1, .lowest(node: "/s/lock/leader-0000000001")))
        #expect(late == [.compete(round: 2, node: nil)])
        #expect(machine.state == .contending)
    }

    @Test func aRoundThatEndsWhileDisconnectedIsRepeatedAfterReconnecting() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        _ = machine.handle(.session(.connecting))
        #expect(machine.handle(.competed(round: 1, .lowest(node: "/s/lock/leader-0000000001"))).isEmpty)
        #expect(machine.state == .contending)
        #expect(machine.handle(.session(.connected(first))) == [.compete(round: 2, node: nil)])
    }

    @Test func aNewSessionWithoutAnExpiryCountsAsOne() {
        var machine = leader()
        let actions = machine.handle(.session(.connected(second)))
        #expect(actions.contains(.announce(.lost(.sessionExpired))))
        #expect(actions.last == .compete(round: 2, node: nil))
    }

    @Test func deletedNodeLosesAndCompetesAgain() {
        var machine = leader()
        let actions = machine.handle(.ownNodeGone(watch: 1))
        #expect(actions == [.cancelWatch, .announce(.lost(.nodeDeleted)), .compete(round: 2, node: nil)])
        #expect(machine.state == .contending)
    }

    @Test func failedRoundIsRetriedAfterADelay() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        #expect(machine.handle(.competed(round: 1, .failed)) == [.scheduleRetry(timer: 1)])
        #expect(machine.handle(.retryDue(timer: 1)) == [.compete(round: 2, node: nil)])
    }

    @Test func onlyOneRoundRunsAtATime() {
        var machine = Machine()
        _ = machine.handle(.start)
        _ = machine.handle(.session(.connected(first)))
        _ = machine.handle(
            .competed(round: 1, .waiting(node: "/s/lock/leader-0000000002", predecessor: "/s/lock/leader-0000000001")))
        _ = machine.handle(.predecessorGone(watch: 1))
        // Round 2 runs; a retry coming due meanwhile waits for it.
        _ = machine.handle(.competed(round: 2, .failed))
        #expect(machine.handle(.retryDue(timer: 1)) == [.compete(round: 3, node: "/s/lock/leader-0000000002")])
        #expect(machine.handle(.retryDue(timer: 1)).isEmpty)
    }

    @Test func closingAnnouncesTheLossAndReleases() {
        var machine = leader()
        #expect(
            machine.handle(.close) == [
                .cancelWatch, .cancelDisconnectDeadline, .announce(.lost(.closed)), .release(deletingNodes: true),
            ])
        #expect(machine.state == .closed)
        #expect(machine.handle(.session(.connected(second))).isEmpty)
    }

    @Test func closedClientEndsTheLockWithoutDeleting() {
        var machine = leader()
        #expect(
            machine.handle(.session(.closed)) == [
                .cancelWatch, .cancelDisconnectDeadline, .announce(.lost(.clientUnusable)),
                .release(deletingNodes: false),
            ])
        #expect(machine.state == .closed)
    }
}

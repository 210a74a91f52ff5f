import Testing

@testable import ZooKeeper

@Suite struct SessionStateMachineTests {
    @Test func firstConnectionCompletesConnect() {
        var machine = SessionStateMachine()
        #expect(machine.currentEvent == .connecting)
        let transition = machine.connected(generation: 1, sessionID: 7)
        #expect(transition.events == [.connected(Session(id: 7, generation: 1))])
        #expect(transition.becameConnected)
        #expect(machine.connected(generation: 1, sessionID: 7) == .init())
    }

    @Test func reconnectionKeepsTheSession() {
        var machine = SessionStateMachine()
        _ = machine.connected(generation: 1, sessionID: 7)
        #expect(machine.disconnected(generation: 1).events == [.connecting])
        #expect(machine.disconnected(generation: 1).events == [])
        #expect(machine.state == .connecting(Session(id: 7, generation: 1)))
        let transition = machine.connected(generation: 1, sessionID: 7)
        #expect(transition.events == [.connected(Session(id: 7, generation: 1))])
        #expect(!transition.becameConnected)
    }

    @Test func expiryStartsTheNextGenerationAndIgnoresTheOldHandle() {
        var machine = SessionStateMachine()
        let first = Session(id: 7, generation: 1)
        _ = machine.connected(generation: 1, sessionID: 7)
        _ = machine.disconnected(generation: 1)
        let expiry = machine.expired(generation: 1)
        #expect(expiry.events == [.expired(first)])
        #expect(expiry.startGeneration == 2)
        #expect(machine.generation == 2)

        // Late events of the expired handle change nothing.
        #expect(machine.connected(generation: 1, sessionID: 7) == .init())
        #expect(machine.expired(generation: 1) == .init())
        #expect(machine.disconnected(generation: 2) == .init())

        let renewal = machine.connected(generation: 2, sessionID: 9)
        let second = Session(id: 9, generation: 2)
        #expect(renewal.events == [.sessionRenewed(previous: first, current: second), .connected(second)])
        #expect(!renewal.becameConnected)
        #expect(machine.state == .connected(second))
    }

    @Test func authFailureAndCloseAreFinal() {
        var machine = SessionStateMachine()
        _ = machine.connected(generation: 1, sessionID: 7)
        #expect(machine.authFailed(generation: 1).events == [.authFailed])
        #expect(machine.connected(generation: 1, sessionID: 7) == .init())
        #expect(machine.close().events == [.closed])
        #expect(machine.close() == .init())
        #expect(machine.expired(generation: 1) == .init())
        #expect(machine.currentEvent == .closed)
    }
}

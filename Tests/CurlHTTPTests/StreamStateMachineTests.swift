import Testing

@testable import CurlHTTP

@Suite("Stream hand-over state machine")
struct StreamStateMachineTests {
    typealias Machine = StreamStateMachine<String, Int>
    let head = HTTPClient.ResponseHead(status: 200)
    let cancelled = HTTPClientError.cancelled(url: "http://x/")

    private func streaming(limit: Int = 10) -> Machine {
        var machine = Machine(bufferLimit: limit)
        guard case .start = machine.waitForHead("head") else {
            Issue.record("expected start")
            return machine
        }
        guard case .resume("head", let delivered) = machine.headReceived(head), delivered == head else {
            Issue.record("expected the head waiter to resume")
            return machine
        }
        return machine
    }

    @Test func dataGoesStraightToAWaitingReader() {
        var machine = streaming()
        guard case .wait = machine.read(1) else {
            Issue.record("expected wait")
            return
        }
        guard case .deliver(1, [7, 8]) = machine.bodyReceived([7, 8]) else {
            Issue.record("expected deliver")
            return
        }
        #expect(machine.bufferedBytes == 0)
    }

    @Test func bufferFillsThenPausesAndTheNextReadContinues() {
        var machine = streaming(limit: 4)
        guard case .buffered = machine.bodyReceived([1, 2, 3]) else {
            Issue.record("expected buffered")
            return
        }
        guard case .buffered = machine.bodyReceived([4, 5]) else {
            Issue.record("expected buffered")
            return
        }
        #expect(machine.bufferedBytes == 5)
        guard case .pause = machine.bodyReceived([6]) else {
            Issue.record("expected pause")
            return
        }
        #expect(machine.bufferedBytes == 5)
        guard case .resume(1, .success(let chunk?), continueTransfer: true) = machine.read(1) else {
            Issue.record("expected the whole buffer and a continue")
            return
        }
        #expect(chunk == [1, 2, 3, 4, 5])
        #expect(machine.peakBufferedBytes == 5)
        guard case .buffered = machine.bodyReceived([6]) else {
            Issue.record("expected buffered")
            return
        }
        guard case .resume(2, .success([6]), continueTransfer: false) = machine.read(2) else {
            Issue.record("expected the chunk without a continue")
            return
        }
    }

    @Test func endIsDeliveredAfterTheBufferDrains() {
        var machine = streaming()
        _ = machine.bodyReceived([1])
        guard case .none = machine.transferCompleted(.success(())) else {
            Issue.record("expected none")
            return
        }
        guard case .resume(1, .success([1]), _) = machine.read(1) else {
            Issue.record("expected data")
            return
        }
        guard case .resume(2, .success(nil), _) = machine.read(2) else {
            Issue.record("expected end")
            return
        }
        guard case .resume(3, .success(nil), _) = machine.read(3) else {
            Issue.record("expected end again")
            return
        }
    }

    @Test func failureReachesAWaitingReaderOnceThenEnd() {
        var machine = streaming()
        _ = machine.read(1)
        let failure = HTTPClientError.timeout(url: "http://x/", timeout: .seconds(1))
        guard case .resumeReader(1, .failure(failure)) = machine.transferCompleted(.failure(failure)) else {
            Issue.record("expected the reader to get the failure")
            return
        }
        guard case .resume(2, .success(nil), _) = machine.read(2) else {
            Issue.record("expected end")
            return
        }
    }

    @Test func failureBeforeTheHeadFailsTheHeadWaiter() {
        var machine = Machine(bufferLimit: 10)
        _ = machine.waitForHead("head")
        let failure = HTTPClientError.couldNotConnect(url: "http://x/", message: "refused")
        guard case .failHead("head", failure) = machine.transferCompleted(.failure(failure)) else {
            Issue.record("expected failHead")
            return
        }
    }

    @Test func cancelBeforeStartKeepsTheTransferFromStarting() {
        var machine = Machine(bufferLimit: 10)
        guard case .none = machine.cancel(cancelled) else {
            Issue.record("expected none")
            return
        }
        guard case .fail("head", cancelled) = machine.waitForHead("head") else {
            Issue.record("expected fail")
            return
        }
    }

    @Test func cancelWhileWaitingForTheHeadAbortsAndFailsTheWaiter() {
        var machine = Machine(bufferLimit: 10)
        _ = machine.waitForHead("head")
        guard case .abort(headWaiter: "head", reader: nil, transferRunning: true) = machine.cancel(cancelled) else {
            Issue.record("expected abort")
            return
        }
        guard case .none = machine.headReceived(head) else {
            Issue.record("a late head must be dropped")
            return
        }
        guard case .none = machine.transferCompleted(.failure(cancelled)) else {
            Issue.record("expected none")
            return
        }
    }

    @Test func cancelWhileReadingResumesTheReaderAndRefusesMoreData() {
        var machine = streaming()
        _ = machine.read(1)
        guard case .abort(headWaiter: nil, reader: 1, transferRunning: true) = machine.cancel(cancelled) else {
            Issue.record("expected abort with the reader")
            return
        }
        guard case .abort = machine.bodyReceived([1]) else {
            Issue.record("expected abort")
            return
        }
        guard case .resume(2, .success(nil), _) = machine.read(2) else {
            Issue.record("expected end")
            return
        }
    }

    @Test func cancelBetweenReadsIsThrownByTheNextRead() {
        var machine = streaming()
        _ = machine.bodyReceived([1])
        guard case .abort(headWaiter: nil, reader: nil, transferRunning: true) = machine.cancel(cancelled) else {
            Issue.record("expected abort")
            return
        }
        guard case .resume(1, .failure(cancelled), _) = machine.read(1) else {
            Issue.record("expected cancelled")
            return
        }
        guard case .resume(2, .success(nil), _) = machine.read(2) else {
            Issue.record("expected end")
            return
        }
    }

    @Test func cancelAfterTheTransferEndedDoesNotAbortIt() {
        var machine = streaming()
        _ = machine.bodyReceived([1])
        _ = machine.transferCompleted(.success(()))
        guard case .abort(headWaiter: nil, reader: nil, transferRunning: false) = machine.cancel(cancelled) else {
            Issue.record("expected abort without a running transfer")
            return
        }
    }
}

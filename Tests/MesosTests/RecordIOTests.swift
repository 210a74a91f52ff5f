import Foundation
import Testing

@testable import Mesos

@Suite struct RecordIOTests {
    let records: [[UInt8]] = [
        Array(#"{"type":"HEARTBEAT"}"#.utf8),
        Array(#"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"F"}}}"#.utf8),
        [0x0A],
        Array(repeating: UInt8(ascii: "x"), count: 5000),
        Array("é ✓ 🚀".utf8),
    ]

    var stream: [UInt8] {
        records.reduce(into: []) { RecordIO.append($1, to: &$0) }
    }

    @Test func encodesTheFraming() {
        #expect(
            RecordIO.encode(Array(#"{"type":"HEARTBEAT"}"#.utf8)) == Array(("20\n" + #"{"type":"HEARTBEAT"}"#).utf8))
        #expect(RecordIO.encode(Array("é".utf8)) == Array("2\né".utf8))
    }

    @Test func manyRecordsInOneChunk() throws {
        var decoder = RecordIODecoder()
        #expect(try decoder.decode(stream) == records)
        #expect(decoder.isAtRecordBoundary)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4999, 5003])
    func recordsSplitAcrossChunks(chunkSize: Int) throws {
        var decoder = RecordIODecoder()
        var decoded: [[UInt8]] = []
        var start = 0
        let bytes = stream
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            decoded += try decoder.decode(bytes[start..<end])
            start = end
        }
        #expect(decoded == records)
        try decoder.finish()
    }

    @Test func everySplitPointOfTwoRecords() throws {
        let bytes = RecordIO.encode(Array("hello".utf8)) + RecordIO.encode(Array("world!".utf8))
        for split in 0...bytes.count {
            var decoder = RecordIODecoder()
            let first = try decoder.decode(bytes[..<split])
            let second = try decoder.decode(bytes[split...])
            #expect(first + second == [Array("hello".utf8), Array("world!".utf8)], "split at \(split)")
        }
    }

    @Test func acceptsNonContiguousCollectionsAndData() throws {
        var decoder = RecordIODecoder()
        let lazy = stream.lazy.map { $0 }
        #expect(try decoder.decode(lazy) == records)
        var again = RecordIODecoder()
        #expect(try again.decode(Data(stream)) == records)
    }

    @Test func callbackFormDeliversInOrder() throws {
        var decoder = RecordIODecoder()
        var seen: [[UInt8]] = []
        try decoder.decode(stream) { seen.append($0) }
        #expect(seen == records)
    }

    @Test func leadingZerosAreAllowed() throws {
        var decoder = RecordIODecoder()
        #expect(try decoder.decode(Array("005\nhello".utf8)) == [Array("hello".utf8)])
    }

    @Test func nonDigitInLength() throws {
        var decoder = RecordIODecoder()
        _ = try decoder.decode(RecordIO.encode(Array("ok".utf8)))
        #expect(throws: RecordIOError.invalidLengthByte(UInt8(ascii: "a"), offset: 5)) {
            try decoder.decode(Array("1a\nx".utf8))
        }
        // Failed for good, also on empty chunks.
        #expect(throws: RecordIOError.invalidLengthByte(UInt8(ascii: "a"), offset: 5)) {
            try decoder.decode([UInt8]())
        }
        #expect(throws: RecordIOError.invalidLengthByte(UInt8(ascii: "a"), offset: 5)) { try decoder.finish() }

        for text in ["-5\nhello", " 5\nhello", "5\r\nhello", "{\"type\":\"HEARTBEAT\"}"] {
            var fresh = RecordIODecoder()
            #expect(throws: RecordIOError.self, "\(text)") { try fresh.decode(Array(text.utf8)) }
        }
    }

    @Test func zeroAndEmptyLengths() throws {
        var zero = RecordIODecoder()
        #expect(throws: RecordIOError.zeroLength(offset: 1)) { try zero.decode(Array("0\n".utf8)) }
        var zeros = RecordIODecoder()
        #expect(throws: RecordIOError.zeroLength(offset: 3)) { try zeros.decode(Array("000\n".utf8)) }
        var empty = RecordIODecoder()
        #expect(throws: RecordIOError.emptyLength(offset: 0)) { try empty.decode(Array("\n5\nhello".utf8)) }
    }

    @Test func lengthOverTheLimit() throws {
        var decoder = RecordIODecoder(maximumRecordLength: 100)
        #expect(try decoder.decode(Array("100\n".utf8) + Array(repeating: 1, count: 100)).count == 1)
        #expect(throws: RecordIOError.recordTooLong(length: 101, limit: 100)) {
            try decoder.decode(Array("101\n".utf8))
        }
        // Detected at the digit that passes the limit, before any data is buffered.
        var early = RecordIODecoder(maximumRecordLength: 100)
        #expect(throws: RecordIOError.recordTooLong(length: 1000, limit: 100)) { try early.decode(Array("1000".utf8)) }
        var huge = RecordIODecoder(maximumRecordLength: .max)
        #expect(throws: RecordIOError.recordTooLong(length: nil, limit: .max)) {
            try huge.decode(Array(String(repeating: "9", count: 25).utf8))
        }
        #expect(RecordIODecoder().maximumRecordLength == 16 * 1024 * 1024)
        var standard = RecordIODecoder()
        #expect(throws: RecordIOError.recordTooLong(length: 16 * 1024 * 1024 + 1, limit: 16 * 1024 * 1024)) {
            try standard.decode(Array("16777217\n".utf8))
        }
    }

    @Test func lengthPrefixThatNeverEnds() throws {
        var decoder = RecordIODecoder(maximumRecordLength: 1000)
        // "000…" keeps the value at 0 without ever reaching the limit: the digit count stops it.
        var failure: RecordIOError?
        for _ in 0..<100 where failure == nil {
            do {
                _ = try decoder.decode(Array("0".utf8))
            } catch {
                failure = error
            }
        }
        #expect(failure == .lengthPrefixTooLong(digits: 9, offset: 8))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func memoryIsBoundedByWhatArrives() throws {
        var decoder = RecordIODecoder()
        _ = try decoder.decode(Array("16000000\nabc".utf8))
        #expect(decoder.bufferedByteCount == 3)
        #expect(!decoder.isAtRecordBoundary)
        #expect(throws: RecordIOError.truncated(expected: 16_000_000, received: 3)) { try decoder.finish() }
    }

    @Test func streamEndingInsideALength() throws {
        var decoder = RecordIODecoder()
        _ = try decoder.decode(Array("12".utf8))
        #expect(!decoder.isAtRecordBoundary)
        #expect(throws: RecordIOError.truncated(expected: nil, received: 0)) { try decoder.finish() }
    }

    @Test func errorsDescribeThemselves() {
        #expect(RecordIOError.invalidLengthByte(UInt8(ascii: "a"), offset: 3).description.contains("'a'"))
        #expect(RecordIOError.invalidLengthByte(0x0D, offset: 3).description.contains("0xd"))
        #expect(RecordIOError.recordTooLong(length: 20, limit: 10).description.contains("limit of 10"))
    }

    @Test func eventsThroughRecordIO() throws {
        let events: [Event] = [
            .subscribed(frameworkID: "F", heartbeatIntervalSeconds: 15),
            .heartbeat,
            .update(TaskStatus(taskID: "t", state: .running, agentID: "S", uuid: exampleUUID)),
        ]
        var bytes: [UInt8] = []
        for event in events {
            RecordIO.append(try MesosJSON.encode(event), to: &bytes)
        }
        var decoder = RecordIODecoder()
        var decoded: [Event] = []
        for byte in bytes {
            for record in try decoder.decode([byte]) {
                decoded.append(try MesosJSON.decode(Event.self, from: record))
            }
        }
        #expect(decoded == events)
    }
}

/// Incrementally splits a RecordIO byte stream into records.
///
/// Feed it the chunks as they arrive, whatever their boundaries: a record may span chunks and a
/// chunk may hold many records. Memory stays bounded by `maximumRecordLength`: a longer length,
/// a zero length, a non-digit or a length prefix that never ends is a ``RecordIOError``, after
/// which the decoder stays failed.
public struct RecordIODecoder: Sendable {
    private enum State: Sendable {
        case length(value: Int, digits: Int)
        case data(expected: Int)
        case failed(RecordIOError)
    }

    /// The largest record accepted, in bytes.
    public let maximumRecordLength: Int
    private let maximumLengthDigits: Int
    private var state: State = .length(value: 0, digits: 0)
    private var partial: [UInt8] = []
    /// Bytes consumed since the start of the stream, for error offsets.
    private var offset = 0

    public init(maximumRecordLength: Int = RecordIO.defaultMaximumRecordLength) {
        precondition(maximumRecordLength > 0, "maximumRecordLength must be positive")
        self.maximumRecordLength = maximumRecordLength
        // Room for a few leading zeros, never for an unbounded prefix.
        self.maximumLengthDigits = String(maximumRecordLength).count + 4
    }

    /// Whether the stream may end here: no record or length is partly received.
    public var isAtRecordBoundary: Bool {
        if case .length(_, 0) = state { return true }
        return false
    }

    /// Bytes held for a record not yet complete.
    public var bufferedByteCount: Int { partial.count }

    /// Feeds a chunk and returns the records it completes, in order.
    public mutating func decode(_ chunk: some Collection<UInt8>) throws(RecordIOError) -> [[UInt8]] {
        var records: [[UInt8]] = []
        try decode(chunk) { records.append($0) }
        return records
    }

    /// Feeds a chunk and hands each record it completes to `body`, in order.
    public mutating func decode(
        _ chunk: some Collection<UInt8>, _ body: ([UInt8]) -> Void
    ) throws(RecordIOError) {
        // `withContiguousStorageIfAvailable` rethrows untyped errors: carry the typed one out.
        var failure: RecordIOError?
        let done: Void? = chunk.withContiguousStorageIfAvailable { buffer in
            do throws(RecordIOError) { try decode(buffer: buffer, body) } catch { failure = error }
        }
        if done == nil {
            let copy = Array(chunk)
            copy.withUnsafeBufferPointer { buffer in
                do throws(RecordIOError) { try decode(buffer: buffer, body) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// Declares the end of the stream: fails if it ended inside a record or a length.
    public func finish() throws(RecordIOError) {
        switch state {
        case .failed(let error):
            throw error
        case .length(_, let digits):
            if digits > 0 { throw .truncated(expected: nil, received: 0) }
        case .data(let expected):
            throw .truncated(expected: expected, received: partial.count)
        }
    }

    private mutating func decode(buffer: UnsafeBufferPointer<UInt8>, _ body: ([UInt8]) -> Void) throws(RecordIOError) {
        if case .failed(let error) = state { throw error }
        var index = 0
        let count = buffer.count
        while index < count {
            switch state {
            case .failed(let error):
                throw error
            case .length(var value, var digits):
                while index < count {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "\n") {
                        break
                    }
                    guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                        throw fail(.invalidLengthByte(byte, offset: offset + index))
                    }
                    digits += 1
                    guard digits <= maximumLengthDigits else {
                        throw fail(.lengthPrefixTooLong(digits: digits, offset: offset + index))
                    }
                    let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (next, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    guard !overflow1 && !overflow2 else {
                        throw fail(.recordTooLong(length: nil, limit: maximumRecordLength))
                    }
                    guard next <= maximumRecordLength else {
                        throw fail(.recordTooLong(length: next, limit: maximumRecordLength))
                    }
                    value = next
                    index += 1
                }
                if index == count {
                    state = .length(value: value, digits: digits)
                    break
                }
                // At the line feed.
                guard digits > 0 else { throw fail(.emptyLength(offset: offset + index)) }
                guard value > 0 else { throw fail(.zeroLength(offset: offset + index)) }
                index += 1
                state = .data(expected: value)
            case .data(let expected):
                let available = count - index
                let needed = expected - partial.count
                if partial.isEmpty && available >= expected {
                    // The whole record is in this chunk: one copy, straight out.
                    body(Array(UnsafeBufferPointer(rebasing: buffer[index..<(index + expected)])))
                    index += expected
                    state = .length(value: 0, digits: 0)
                } else if available >= needed {
                    partial.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<(index + needed)]))
                    index += needed
                    body(partial)
                    partial = []
                    state = .length(value: 0, digits: 0)
                } else {
                    if partial.isEmpty {
                        // Grow with the data actually received, not the announced length.
                        partial.reserveCapacity(Swift.min(expected, 1 << 16))
                    }
                    partial.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<count]))
                    index = count
                }
            }
        }
        offset += count
    }

    private mutating func fail(_ error: RecordIOError) -> RecordIOError {
        state = .failed(error)
        partial = []
        return error
    }
}

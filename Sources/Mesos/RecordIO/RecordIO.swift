/// RecordIO framing of the scheduler event stream: `record = 1*DIGIT LF record-data`, where
/// the digits are the decimal byte length of the data (never 0). Example: `20\n{"type":"HEARTBEAT"}`.
public enum RecordIO {
    /// The default largest record a decoder accepts: 16 MiB.
    public static let defaultMaximumRecordLength = 16 * 1024 * 1024

    /// Frames one record.
    public static func encode(_ record: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        append(record, to: &output)
        return output
    }

    /// Appends one framed record to `output`.
    public static func append(_ record: some Collection<UInt8>, to output: inout [UInt8]) {
        precondition(!record.isEmpty, "RecordIO records are never empty")
        output.reserveCapacity(output.count + record.count + 12)
        output.append(contentsOf: String(record.count).utf8)
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: record)
    }
}

/// Why a RecordIO stream cannot be decoded. After any of these the decoder stays failed.
public enum RecordIOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A byte other than a decimal digit where the length is expected (`offset` counts from the
    /// start of the stream).
    case invalidLengthByte(UInt8, offset: Int)
    /// A length line without digits (an empty line).
    case emptyLength(offset: Int)
    /// A record length of zero.
    case zeroLength(offset: Int)
    /// A record longer than the decoder's limit (`length` is nil when it does not even fit in an `Int`).
    case recordTooLong(length: Int?, limit: Int)
    /// More length digits than any record within the limit can have, without a line feed.
    case lengthPrefixTooLong(digits: Int, offset: Int)
    /// The stream ended inside a record (`received` of `expected` bytes) or inside a length.
    case truncated(expected: Int?, received: Int)

    public var description: String {
        switch self {
        case .invalidLengthByte(let byte, let offset):
            let shown =
                (0x20..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
            return "RecordIO: expected a decimal length at byte \(offset), found \(shown)"
        case .emptyLength(let offset):
            return "RecordIO: empty record length at byte \(offset)"
        case .zeroLength(let offset):
            return "RecordIO: record length 0 at byte \(offset)"
        case .recordTooLong(let length, let limit):
            let shown = length.map(String.init) ?? "more than \(Int.max)"
            return "RecordIO: record of \(shown) bytes exceeds the limit of \(limit) bytes"
        case .lengthPrefixTooLong(let digits, let offset):
            return "RecordIO: length prefix of \(digits) digits without a line feed at byte \(offset)"
        case .truncated(let expected, let received):
            if let expected {
                return "RecordIO: stream ended inside a record (\(received) of \(expected) bytes)"
            }
            return "RecordIO: stream ended inside a record length"
        }
    }
}

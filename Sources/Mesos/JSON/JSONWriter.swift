#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Appends compact JSON tokens to a byte buffer, the way the Mesos master writes them.
///
/// Doubles always carry a fraction or an exponent (`15.0`, never `15`), so a value that is a
/// `double` in the protos reads back as one in every JSON library; non-finite doubles use the
/// protobuf JSON spellings `"NaN"`, `"Infinity"` and `"-Infinity"`.
struct JSONWriter {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func writeNull() {
        appendASCII("null")
    }

    mutating func writeBool(_ value: Bool) {
        if value { appendASCII("true") } else { appendASCII("false") }
    }

    mutating func writeInteger<T: BinaryInteger>(_ value: T) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        // Small integers become small strings: no allocation.
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            if value.isNaN {
                appendASCII("\"NaN\"")
            } else if value < 0 {
                appendASCII("\"-Infinity\"")
            } else {
                appendASCII("\"Infinity\"")
            }
            return
        }
        // Integral values below 2^53 are exact in Int64: the common case (cpus, mem, seconds).
        if value.rounded(.towardZero) == value && value.magnitude < 9_007_199_254_740_992 {
            if value == 0 && value.sign == .minus {
                appendASCII("-0.0")
                return
            }
            writeInteger(Int64(value))
            appendASCII(".0")
            return
        }
        // Swift prints the shortest representation that reads back exactly; it always contains
        // a '.' or an exponent for non-integral or large values ("0.1", "1e+16").
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func writeString(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    if start < index {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    }
                    writeEscape(byte)
                    start = index + 1
                }
                index += 1
            }
            if start < count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<count]))
            }
        }
        bytes.append(0x22)
    }

    private mutating func writeEscape(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case 0x22: bytes.append(0x22)
        case 0x5C: bytes.append(0x5C)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }

    /// Protobuf `bytes` are standard base64 with padding in the Mesos JSON mapping.
    mutating func writeBase64(_ data: Data) {
        bytes.append(0x22)
        bytes.append(contentsOf: data.base64EncodedString().utf8)
        bytes.append(0x22)
    }
}

/// The few pieces of the Kafka wire protocol that a minimal broker needs: big-endian encoding and decoding,
/// request headers, and the api keys it answers.
///
/// Every request and response is a frame: a 4-byte big-endian size, then that many bytes. A request starts
/// with its header (api key, api version, correlation id, client id); a response starts with the request's
/// correlation id.
public enum KafkaWire {
    /// ApiVersions: which requests (and versions) a broker supports.
    public static let apiVersionsKey: Int16 = 18
    /// Metadata: the cluster's brokers and topics.
    public static let metadataKey: Int16 = 3

    /// Encodes Kafka's primitive types, big-endian.
    public struct Writer: Sendable {
        public private(set) var bytes: [UInt8] = []

        public init() {}

        public mutating func int8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
        public mutating func int16(_ value: Int16) { append(UInt16(bitPattern: value)) }
        public mutating func int32(_ value: Int32) { append(UInt32(bitPattern: value)) }
        public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        /// A STRING: 2-byte length, then UTF-8.
        public mutating func string(_ value: String) {
            int16(Int16(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
        }

        /// A NULLABLE_STRING: length -1 for null.
        public mutating func nullableString(_ value: String?) {
            guard let value else { return int16(-1) }
            string(value)
        }

        /// An UNSIGNED_VARINT (flexible versions).
        public mutating func unsignedVarint(_ value: UInt32) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        /// An ARRAY: 4-byte count, then each element.
        public mutating func array<T>(_ elements: [T], _ write: (inout Writer, T) -> Void) {
            int32(Int32(elements.count))
            for element in elements { write(&self, element) }
        }

        private mutating func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }

        /// The bytes with their 4-byte size prefix.
        public var framed: [UInt8] {
            var frame = Writer()
            frame.int32(Int32(bytes.count))
            return frame.bytes + bytes
        }
    }

    /// Decodes Kafka's primitive types; every read returns nil past the end.
    public struct Reader: Sendable {
        public let bytes: [UInt8]
        public private(set) var offset = 0

        public init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        public mutating func int16() -> Int16? { read(UInt16.self).map { Int16(bitPattern: $0) } }
        public mutating func int32() -> Int32? { read(UInt32.self).map { Int32(bitPattern: $0) } }

        /// A NULLABLE_STRING: `.some(nil)` for null, nil when the bytes end too early.
        public mutating func nullableString() -> String?? {
            guard let length = int16() else { return nil }
            guard length >= 0 else { return .some(nil) }
            guard offset + Int(length) <= bytes.count else { return nil }
            defer { offset += Int(length) }
            return .some(String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self))
        }

        private mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { return nil }
            defer { offset += size }
            return bytes[offset..<offset + size].reduce(T(0)) { ($0 << 8) | T($1) }
        }
    }

    /// A request's header (v1/v2: key, version, correlation id, client id).
    public struct RequestHeader: Sendable, Equatable {
        public var apiKey: Int16
        public var apiVersion: Int16
        public var correlationId: Int32

        public init(apiKey: Int16, apiVersion: Int16, correlationId: Int32) {
            self.apiKey = apiKey
            self.apiVersion = apiVersion
            self.correlationId = correlationId
        }
    }

    /// Reads a request header (the client id is read and dropped); nil when the bytes are too short.
    public static func readHeader(_ reader: inout Reader) -> RequestHeader? {
        guard let key = reader.int16(), let version = reader.int16(), let correlation = reader.int32(),
            reader.nullableString() != nil
        else { return nil }
        return RequestHeader(apiKey: key, apiVersion: version, correlationId: correlation)
    }
}

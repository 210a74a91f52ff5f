#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An `Encoder` that writes JSON bytes as values arrive instead of building a tree first.
///
/// Foundation's `JSONEncoder` writes the double `15.0` as `15` and builds an intermediate tree;
/// this encoder writes doubles the way Mesos does and streams. Streaming needs one rule that every
/// synthesized `encode(to:)` and every type in this module follows: a container is used before
/// its parent container continues. Open containers are closed lazily — when an enclosing
/// container writes its next entry or when the value that opened them returns.
final class StreamingJSONEncoder: Encoder {
    private struct Frame {
        let isObject: Bool
        let id: UInt32
        var count: Int
    }

    var writer: JSONWriter
    private var frames: [Frame] = []
    private var nextFrameID: UInt32 = 0
    /// A key was written (or an element slot opened) and its value has not started yet.
    private var awaitingValue = false

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(capacity: Int = 512) {
        writer = JSONWriter(capacity: capacity)
    }

    /// Encodes one top-level value and returns the bytes written.
    static func encode(_ value: some Encodable, capacity: Int = 512) throws -> [UInt8] {
        let encoder = StreamingJSONEncoder(capacity: capacity)
        try encoder.encodeValue(value)
        encoder.closeFrames(downTo: 0)
        return encoder.writer.bytes
    }

    // MARK: Values

    func encodeValue<T: Encodable>(_ value: T) throws {
        if T.self == Data.self {
            beginValue()
            writer.writeBase64(value as! Data)
            return
        }
        let depth = frames.count
        awaitingValue = true
        try value.encode(to: self)
        closeFrames(downTo: depth)
        if awaitingValue {
            // The value encoded nothing at all; Foundation writes an empty object here too.
            writer.appendASCII("{}")
            awaitingValue = false
        }
    }

    /// Marks the pending slot as filled by a primitive about to be written.
    @inline(__always)
    func beginValue() {
        awaitingValue = false
    }

    // MARK: Frames

    fileprivate func openFrame(isObject: Bool) -> (depth: Int, id: UInt32) {
        precondition(awaitingValue, "a JSON container was requested where no value can be written")
        awaitingValue = false
        writer.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        nextFrameID &+= 1
        frames.append(Frame(isObject: isObject, id: nextFrameID, count: 0))
        return (frames.count - 1, nextFrameID)
    }

    func closeFrames(downTo depth: Int) {
        while frames.count > depth {
            if awaitingValue {
                writer.appendASCII("{}")
                awaitingValue = false
            }
            let frame = frames.removeLast()
            writer.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Prepares the container at `depth` to write its next entry: closes containers opened
    /// inside it, checks it is still open, and writes the separator.
    fileprivate func beginEntry(depth: Int, id: UInt32) {
        if frames.count > depth + 1 {
            closeFrames(downTo: depth + 1)
        }
        precondition(
            frames.count == depth + 1 && frames[depth].id == id,
            "a JSON container was used after its parent container continued"
        )
        if awaitingValue {
            writer.appendASCII("{}")
            awaitingValue = false
        }
        if frames[depth].count > 0 {
            writer.append(UInt8(ascii: ","))
        }
        frames[depth].count += 1
        awaitingValue = true
    }

    fileprivate func beginKey(_ key: String, depth: Int, id: UInt32) {
        beginEntry(depth: depth, id: id)
        writer.writeString(key)
        writer.append(UInt8(ascii: ":"))
    }

    fileprivate func count(depth: Int, id: UInt32) -> Int {
        guard depth < frames.count, frames[depth].id == id else { return 0 }
        return frames[depth].count
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if !awaitingValue, let last = frames.last, last.isObject {
            // A second request for the container of the same value (class hierarchies do this).
            return KeyedEncodingContainer(KeyedContainer(encoder: self, depth: frames.count - 1, id: last.id))
        }
        let (depth, id) = openFrame(isObject: true)
        return KeyedEncodingContainer(KeyedContainer(encoder: self, depth: depth, id: id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let (depth, id) = openFrame(isObject: false)
        return UnkeyedContainer(encoder: self, depth: depth, id: id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

// MARK: - Containers

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingJSONEncoder
    let depth: Int
    let id: UInt32

    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) {
        encoder.beginKey(key.stringValue, depth: depth, id: id)
    }

    mutating func encodeNil(forKey key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeBool(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeDouble(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeDouble(Double(value))
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    private func integer(_ value: some BinaryInteger, _ key: Key) throws {
        self.key(key)
        encoder.beginValue()
        encoder.writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try encoder.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return encoder.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.beginKey("super", depth: depth, id: id)
        return encoder
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.key(key)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: StreamingJSONEncoder
    let depth: Int
    let id: UInt32

    var codingPath: [any CodingKey] { [] }
    var count: Int { encoder.count(depth: depth, id: id) }

    private func element() {
        encoder.beginEntry(depth: depth, id: id)
    }

    mutating func encodeNil() throws {
        element()
        encoder.beginValue()
        encoder.writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        element()
        encoder.beginValue()
        encoder.writer.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        element()
        encoder.beginValue()
        encoder.writer.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        element()
        encoder.beginValue()
        encoder.writer.writeDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        element()
        encoder.beginValue()
        encoder.writer.writeDouble(Double(value))
    }

    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    private func integer(_ value: some BinaryInteger) {
        element()
        encoder.beginValue()
        encoder.writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        element()
        try encoder.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        element()
        return encoder.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        element()
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        element()
        return encoder
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingJSONEncoder

    var codingPath: [any CodingKey] { [] }

    private func begin() {
        encoder.beginValue()
    }

    mutating func encodeNil() throws {
        begin()
        encoder.writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        begin()
        encoder.writer.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        begin()
        encoder.writer.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        begin()
        encoder.writer.writeDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        begin()
        encoder.writer.writeDouble(Double(value))
    }

    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    private func integer(_ value: some BinaryInteger) {
        begin()
        encoder.writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.encodeValue(value)
    }
}

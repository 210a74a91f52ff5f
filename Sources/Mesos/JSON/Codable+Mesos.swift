// Helpers that give hand-written Codable conformances the Mesos JSON mapping in one line a field.

extension KeyedDecodingContainer {
    /// A repeated field: absent or `null` is empty.
    @inline(__always)
    func repeated<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    /// An optional field: absent or `null` is unset.
    @inline(__always)
    func optional<T: Decodable>(_ key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }

    /// A required field.
    @inline(__always)
    func required<T: Decodable>(_ key: Key) throws -> T {
        try decode(T.self, forKey: key)
    }

    /// A required integer, written by Mesos as a number and by proto3 JSON writers as a string.
    func integer<T: FixedWidthInteger & Decodable>(_ key: Key) throws -> T {
        guard let value: T = try optionalInteger(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "Missing required field '\(key.stringValue)'")
            )
        }
        return value
    }

    /// An optional integer from a number or a numeric string.
    func optionalInteger<T: FixedWidthInteger & Decodable>(_ key: Key) throws -> T? {
        do {
            return try decodeIfPresent(T.self, forKey: key)
        } catch DecodingError.typeMismatch {
            let text = try decode(String.self, forKey: key)
            guard let value = T(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: self,
                    debugDescription: "\"\(text.prefix(40))\" is not a valid \(T.self)"
                )
            }
            return value
        }
    }
}

extension KeyedEncodingContainer {
    /// A repeated field is left out when empty, as Mesos writes it.
    @inline(__always)
    mutating func encodeRepeated<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty {
            try encode(values, forKey: key)
        }
    }
}

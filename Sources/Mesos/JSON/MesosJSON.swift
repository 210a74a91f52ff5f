#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Encodes and decodes Mesos messages in the JSON mapping the Mesos master speaks.
///
/// Encoding writes compact JSON with proto field names, enum values as strings, `bytes` as
/// standard base64, integers as numbers and doubles with a fraction (`15.0`). Decoding ignores
/// unknown fields, treats `null` as unset, reads integers from numbers or numeric strings and
/// base64 with or without padding, in the standard or URL-safe alphabet.
public enum MesosJSON {
    /// Encodes a value as compact JSON bytes.
    ///
    /// Only rethrows what a value's own `encode(to:)` throws; every type of this module encodes
    /// without error.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        try StreamingJSONEncoder.encode(value)
    }

    /// Encodes a value as compact JSON text.
    public static func encodeString(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Decodes a value from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(MesosJSONError) -> T {
        try decode(type, from: Data(bytes))
    }

    /// Decodes a value from JSON data.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(MesosJSONError) -> T {
        do {
            return try makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw MesosJSONError(decodingError: error, typeName: String(describing: type))
        } catch {
            throw MesosJSONError(kind: .invalidJSON, typeName: String(describing: type), path: "", detail: "\(error)")
        }
    }

    /// Decodes a value from JSON text.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(MesosJSONError) -> T {
        try decode(type, from: Data(text.utf8))
    }

    private static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dataDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let data = decodeBase64(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "Invalid base64 bytes: \"\(text.prefix(64))\""
                    ))
            }
            return data
        }
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN"
        )
        return decoder
    }

    /// Decodes standard or URL-safe base64, padded or not, as protobuf JSON parsers accept it.
    static func decodeBase64(_ text: String) -> Data? {
        if let data = Data(base64Encoded: text) {
            return data
        }
        var normalized = String(text.map { $0 == "-" ? "+" : ($0 == "_" ? "/" : $0) })
        let remainder = normalized.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 {
            normalized.append(String(repeating: "=", count: 4 - remainder))
        }
        return Data(base64Encoded: normalized)
    }
}

/// A JSON document that does not decode into the expected Mesos message.
public struct MesosJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The bytes are not JSON at all.
        case invalidJSON
        /// A required field is missing.
        case missingField
        /// A field holds a value of the wrong JSON type or an unusable value.
        case invalidValue
    }

    public var kind: Kind
    /// The message type being decoded, e.g. `Call`.
    public var typeName: String
    /// The dotted path of the offending field, e.g. `accept.operations.0.type`.
    public var path: String
    public var detail: String

    public init(kind: Kind, typeName: String, path: String, detail: String) {
        self.kind = kind
        self.typeName = typeName
        self.path = path
        self.detail = detail
    }

    init(decodingError: DecodingError, typeName: String) {
        func dotted(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let path = dotted(context.codingPath + [key])
            self.init(kind: .missingField, typeName: typeName, path: path, detail: "Missing required field '\(path)'")
        case .valueNotFound(_, let context):
            let path = dotted(context.codingPath)
            self.init(kind: .missingField, typeName: typeName, path: path, detail: "Missing value for '\(path)'")
        case .typeMismatch(_, let context):
            self.init(
                kind: .invalidValue, typeName: typeName, path: dotted(context.codingPath),
                detail: context.debugDescription
            )
        case .dataCorrupted(let context):
            // An empty coding path means the document itself did not parse.
            let kind: Kind = context.codingPath.isEmpty ? .invalidJSON : .invalidValue
            self.init(
                kind: kind, typeName: typeName, path: dotted(context.codingPath), detail: context.debugDescription)
        @unknown default:
            self.init(kind: .invalidValue, typeName: typeName, path: "", detail: "\(decodingError)")
        }
    }

    public var description: String {
        switch kind {
        case .invalidJSON:
            return "Invalid JSON for \(typeName): \(detail)"
        case .missingField, .invalidValue:
            return path.isEmpty ? "Invalid \(typeName): \(detail)" : "Invalid \(typeName) at '\(path)': \(detail)"
        }
    }
}

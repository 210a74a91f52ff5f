/// Any JSON value, kept as it was read.
///
/// Used for the parts of Mesos messages this module carries without interpreting them (container
/// infos, health checks, domains, experimental operations), so they survive a decode/encode round
/// trip. Objects are written with sorted keys.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    /// An integral number that fits in `Int64`.
    case integer(Int64)
    /// An integral number above `Int64.max`.
    case unsignedInteger(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(object.allKeys.count)
            for key in object.allKeys {
                result[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(result)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var result: [JSONValue] = []
            if let count = array.count { result.reserveCapacity(count) }
            while !array.isAtEnd {
                result.append(try array.decode(JSONValue.self))
            }
            self = .array(result)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? single.decode(UInt64.self) {
            self = .unsignedInteger(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let streaming = encoder as? StreamingJSONEncoder {
            streaming.beginValue()
            write(to: &streaming.writer)
            return
        }
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .unsignedInteger(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var array = encoder.unkeyedContainer()
            for value in values { try array.encode(value) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for key in members.keys.sorted() {
                try object.encode(members[key]!, forKey: AnyCodingKey(key))
            }
        }
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeNull()
        case .bool(let value): writer.writeBool(value)
        case .integer(let value): writer.writeInteger(value)
        case .unsignedInteger(let value): writer.writeInteger(value)
        case .double(let value): writer.writeDouble(value)
        case .string(let value): writer.writeString(value)
        case .array(let values):
            writer.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { writer.append(UInt8(ascii: ",")) }
                value.write(to: &writer)
            }
            writer.append(UInt8(ascii: "]"))
        case .object(let members):
            writer.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { writer.append(UInt8(ascii: ",")) }
                writer.writeString(key)
                writer.append(UInt8(ascii: ":"))
                members[key]!.write(to: &writer)
            }
            writer.append(UInt8(ascii: "}"))
        }
    }
}

/// A coding key made from any string, for objects whose keys are data.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
    }
}

import Foundation
import Testing

@testable import Mesos

/// A JSON document in a canonical form for semantic comparison, parsed with Foundation (not
/// with the code under test). Numbers compare by value (`1` equals `1.0`); empty arrays count
/// as absent, as an empty repeated field does in protobuf.
indirect enum JSONTree: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(parsing data: Data) throws {
        self.init(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    init(parsing bytes: [UInt8]) throws {
        try self.init(parsing: Data(bytes))
    }

    init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }

    init(_ value: Any) {
        switch value {
        case is NSNull:
            self = .null
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else if Double(number.int64Value) == number.doubleValue {
                self = .integer(number.int64Value)
            } else {
                self = .double(number.doubleValue)
            }
        case let text as String:
            self = .string(text)
        case let array as [Any]:
            self = .array(array.map(JSONTree.init))
        case let object as [String: Any]:
            var members: [String: JSONTree] = [:]
            for (key, member) in object {
                let tree = JSONTree(member)
                if case .array(let items) = tree, items.isEmpty { continue }
                members[key] = tree
            }
            self = .object(members)
        default:
            self = .string("<unexpected \(type(of: value))>")
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    /// The first place where two trees differ, for readable failures.
    func difference(from other: JSONTree, path: String = "$") -> String? {
        switch (self, other) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                guard let l = left[key] else { return "\(path).\(key): missing on the left" }
                guard let r = right[key] else { return "\(path).\(key): missing on the right" }
                if let difference = l.difference(from: r, path: "\(path).\(key)") { return difference }
            }
            return nil
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return "\(path): \(left.count) vs \(right.count) items" }
            for (index, (l, r)) in zip(left, right).enumerated() {
                if let difference = l.difference(from: r, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        default:
            return self == other ? nil : "\(path): \(self) vs \(other)"
        }
    }
}

enum Fixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// The documents of a fixture file: the file itself, or the elements of a top-level array.
    static func documents(_ name: String) throws -> [Data] {
        let data = try data(name)
        let object = try JSONSerialization.jsonObject(with: data)
        if let array = object as? [Any] {
            return try array.map { try JSONSerialization.data(withJSONObject: $0) }
        }
        return [data]
    }

    static let callFiles = ["accept.json", "ack.json", "misc_calls.json", "resubscribe.json", "subscribe.json"]
    static let eventFiles = [
        "events_misc.json", "offers_prerefinement.json", "offers_refinement.json", "subscribed.json", "update.json",
    ]
}

func encodedString(_ value: some Encodable) throws -> String {
    try MesosJSON.encodeString(value)
}

/// The same 16 bytes as the examples' uuid `Wt/XLY8kS366/pdTDZ4Z+Q==`.
let exampleUUID = Data(base64Encoded: "Wt/XLY8kS366/pdTDZ4Z+Q==")!

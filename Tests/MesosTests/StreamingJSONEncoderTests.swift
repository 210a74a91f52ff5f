import Foundation
import Testing

@testable import Mesos

/// The encoder behind `MesosJSON.encode` handles any well-behaved Encodable, not only ours.
@Suite struct StreamingJSONEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var values: [Int64]
        var flag: Bool?
    }

    struct Outer: Codable, Equatable {
        var id: Int
        var ratio: Double
        var inner: Inner
        var list: [Inner]
        var map: [String: [UInt32]]
        var optional: String?
        var nested: [[String]]
        var data: Data
        var empty: [Inner]
    }

    let sample = Outer(
        id: -42, ratio: 2.5,
        inner: Inner(name: "a", values: [1, -2, .max], flag: true),
        list: [Inner(name: "b", values: [], flag: nil), Inner(name: "c\"", values: [3], flag: false)],
        map: ["x": [1, 2], "y": []],
        optional: nil,
        nested: [[], ["p", "q"], ["r"]],
        data: Data([0, 1, 2, 250, 255]),
        empty: []
    )

    @Test func synthesizedCodableMatchesFoundation() throws {
        let ours = try MesosJSON.encode(sample)
        let foundation = try JSONEncoder().encode(sample)
        #expect(try JSONTree(parsing: ours) == JSONTree(parsing: foundation))
        #expect(try JSONDecoder().decode(Outer.self, from: Data(ours)) == sample)
        #expect(!String(decoding: ours, as: UTF8.self).contains("optional"))
    }

    @Test func writesCompactJSONInDeclarationOrder() throws {
        let text = try encodedString(Inner(name: "n", values: [1, 2], flag: nil))
        #expect(text == #"{"name":"n","values":[1,2]}"#)
    }

    @Test func topLevelValuesOfEveryKind() throws {
        #expect(try encodedString("text") == #""text""#)
        #expect(try encodedString(7) == "7")
        #expect(try encodedString(true) == "true")
        #expect(try encodedString(Optional<Int>.none) == "null")
        #expect(try encodedString([Int]()) == "[]")
        #expect(try encodedString([String: Int]()) == "{}")
        #expect(try encodedString(Data("hello".utf8)) == #""aGVsbG8=""#)
        #expect(try encodedString(Resource.RevocableInfo()) == "{}")
        #expect(try encodedString([[1], [], [2, 3]]) == "[[1],[],[2,3]]")
    }

    @Test func jsonValueWritesSortedKeys() throws {
        let value: JSONValue = .object([
            "b": .array([.integer(1), .double(1.5), .null, .bool(false)]),
            "a": .object(["z": .string("s"), "y": .unsignedInteger(.max)]),
        ])
        #expect(try encodedString(value) == #"{"a":{"y":18446744073709551615,"z":"s"},"b":[1,1.5,null,false]}"#)
        let decoded = try MesosJSON.decode(JSONValue.self, from: try MesosJSON.encode(value))
        #expect(decoded == value)
        // Through a foreign encoder too.
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)) == value)
    }

    /// A class hierarchy that shares one keyed container and uses a super encoder.
    class Base: Encodable {
        var base = 1
        enum CodingKeys: String, CodingKey { case base }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(base, forKey: .base)
        }
    }

    final class Derived: Base {
        var extra = "e"
        enum DerivedKeys: String, CodingKey { case extra, parent }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DerivedKeys.self)
            try container.encode(extra, forKey: .extra)
            try super.encode(to: container.superEncoder(forKey: .parent))
            try container.encode(extra + "2", forKey: .extra)
        }
    }

    @Test func superEncodersAndNestedContainers() throws {
        let text = try encodedString(Derived())
        #expect(try JSONTree(parsing: text) == JSONTree(parsing: JSONEncoder().encode(Derived())))

        struct Manual: Encodable {
            enum Keys: String, CodingKey { case a, b, c }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .a)
                try nested.encode(1, forKey: .b)
                var list = nested.nestedUnkeyedContainer(forKey: .c)
                try list.encode("x")
                var inner = list.nestedContainer(keyedBy: Keys.self)
                try inner.encodeNil(forKey: .a)
                try list.encode("y")
                try container.encode(2.0, forKey: .b)
                let unused = container.nestedUnkeyedContainer(forKey: .c)
                _ = unused.count
            }
        }
        #expect(try encodedString(Manual()) == #"{"a":{"b":1,"c":["x",{"a":null},"y"]},"b":2.0,"c":[]}"#)
    }
}

import Foundation

/// A small Mustache renderer, enough for DC/OS package templates: `{{name}}` (HTML-escaped), `{{{name}}}`
/// and `{{&name}}` (as is), dotted names, `.`, sections `{{#name}}…{{/name}}` over booleans, lists, objects
/// and other values, inverted sections `{{^name}}…{{/name}}` and comments `{{! … }}`.
///
/// Truthiness follows mustache.java, the renderer of DC/OS's package manager: null, `false`, the empty string
/// and the empty list are false; everything else, including `0`, is true. Standalone-line whitespace rules
/// are not applied (whitespace is irrelevant in a JSON template). Partials and delimiter changes are refused.
struct MustacheTemplate {
    indirect enum Node: Equatable {
        case text(String)
        case variable(name: String, escaped: Bool)
        case section(name: String, inverted: Bool, children: [Node])
    }

    enum Failure: Error, CustomStringConvertible, Equatable {
        case unclosedTag(offset: Int)
        case unsupportedTag(String)
        case unexpectedClose(String, expected: String?)
        case unclosedSection(String)
        case missing(name: String, context: [String])
        case notRenderable(name: String, value: String)

        var description: String {
            switch self {
            case .unclosedTag(let offset): return "a tag opened at offset \(offset) is not closed"
            case .unsupportedTag(let tag): return "unsupported tag {{\(tag)}}"
            case .unexpectedClose(let name, let expected):
                return "{{/\(name)}} closes " + (expected.map { "{{#\($0)}}" } ?? "nothing")
            case .unclosedSection(let name): return "section {{#\(name)}} is not closed"
            case .missing(let name, let context):
                return "\(name) is not in the context (inside sections: \(context.joined(separator: " > ")))"
            case .notRenderable(let name, let value): return "\(name) is \(value), not a value to render"
            }
        }
    }

    let nodes: [Node]

    init(_ text: String) throws(Failure) {
        var parser = Parser(text: text)
        nodes = try parser.parse()
    }

    /// Every name a tag mentions, with the sections it sits in (outermost first).
    var references: [(name: String, sections: [String])] {
        var found: [(String, [String])] = []
        func walk(_ nodes: [Node], _ sections: [String]) {
            for node in nodes {
                switch node {
                case .text: break
                case .variable(let name, _): found.append((name, sections))
                case .section(let name, _, let children):
                    found.append((name, sections))
                    walk(children, sections + [name])
                }
            }
        }
        walk(nodes, [])
        return found
    }

    /// Renders with `context` as the root of the context stack. With `strict`, a name that resolves to
    /// nothing is an error (a misspelt option) instead of rendering as empty.
    func render(_ context: JSONValue, strict: Bool = true) throws(Failure) -> String {
        var output = ""
        try render(nodes, stack: [context], sections: [], strict: strict, into: &output)
        return output
    }

    private func render(
        _ nodes: [Node], stack: [JSONValue], sections: [String], strict: Bool, into output: inout String
    ) throws(Failure) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .variable(let name, let escaped):
                guard let value = Self.lookup(name, in: stack) else {
                    if strict { throw .missing(name: name, context: sections) }
                    continue
                }
                let text: String
                switch value {
                case .null: text = ""
                case .bool(let flag): text = String(flag)
                case .number(let number): text = JSONValue.format(number)
                case .string(let string): text = string
                case .array, .object: throw .notRenderable(name: name, value: value.description)
                }
                output += escaped ? Self.escapeHTML(text) : text
            case .section(let name, let inverted, let children):
                let value = Self.lookup(name, in: stack)
                if value == nil, strict { throw .missing(name: name, context: sections) }
                let truthy = value.map(Self.isTruthy) ?? false
                if inverted {
                    if !truthy {
                        try render(children, stack: stack, sections: sections + [name], strict: strict, into: &output)
                    }
                } else if truthy, let value {
                    let items = value.arrayValue ?? [value]
                    for item in items {
                        try render(
                            children, stack: stack + [item], sections: sections + [name], strict: strict, into: &output)
                    }
                }
            }
        }
    }

    /// mustache.java's rule: null, false, "" and [] are false.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .string(let string): return !string.isEmpty
        case .array(let items): return !items.isEmpty
        case .number, .object: return true
        }
    }

    /// `.` is the top of the stack; a dotted name's first part is looked up from the top of the stack down,
    /// the rest only inside what the first part found.
    static func lookup(_ name: String, in stack: [JSONValue]) -> JSONValue? {
        if name == "." { return stack.last }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first,
            var current = stack.reversed().lazy.compactMap({ $0[first] }).first
        else { return nil }
        for part in parts.dropFirst() {
            guard let next = current[part] else { return nil }
            current = next
        }
        return current
    }

    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private struct Parser {
        let text: String
        var index: String.Index

        init(text: String) {
            self.text = text
            self.index = text.startIndex
        }

        mutating func parse() throws(Failure) -> [Node] {
            var stack: [(name: String, inverted: Bool, nodes: [Node])] = [("", false, [])]
            while index < text.endIndex {
                guard let open = text.range(of: "{{", range: index..<text.endIndex) else {
                    stack[stack.count - 1].nodes.append(.text(String(text[index...])))
                    index = text.endIndex
                    break
                }
                if open.lowerBound > index {
                    stack[stack.count - 1].nodes.append(.text(String(text[index..<open.lowerBound])))
                }
                let offset = text.distance(from: text.startIndex, to: open.lowerBound)
                let triple = text[open.upperBound...].hasPrefix("{")
                let contentStart = triple ? text.index(after: open.upperBound) : open.upperBound
                let closer = triple ? "}}}" : "}}"
                guard let close = text.range(of: closer, range: contentStart..<text.endIndex) else {
                    throw .unclosedTag(offset: offset)
                }
                let content = text[contentStart..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                index = close.upperBound
                if triple {
                    stack[stack.count - 1].nodes.append(.variable(name: content, escaped: false))
                    continue
                }
                let sigil = content.first
                let name = content.dropFirst().trimmingCharacters(in: .whitespaces)
                switch sigil {
                case "#", "^":
                    stack.append((name, sigil == "^", []))
                case "/":
                    let section = stack.count > 1 ? stack.removeLast() : nil
                    guard let section, section.name == name else {
                        throw .unexpectedClose(name, expected: section?.name)
                    }
                    stack[stack.count - 1].nodes.append(
                        .section(name: section.name, inverted: section.inverted, children: section.nodes))
                case "!":
                    continue
                case "&":
                    stack[stack.count - 1].nodes.append(.variable(name: name, escaped: false))
                case ">", "=", "{", nil:
                    throw .unsupportedTag(content)
                default:
                    stack[stack.count - 1].nodes.append(.variable(name: content, escaped: true))
                }
            }
            guard stack.count == 1 else { throw .unclosedSection(stack.last!.name) }
            return stack[0].nodes
        }
    }
}

extension HTTPClient {
    /// An ordered list of HTTP header fields. Names may repeat; lookup ignores ASCII case.
    public struct Headers: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral,
        CustomStringConvertible
    {
        /// One header field as sent or received.
        public struct Field: Sendable, Hashable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        /// The fields in the order they were added or received.
        public private(set) var fields: [Field]

        public init() {
            self.fields = []
        }

        /// Creates headers from `(name, value)` pairs, keeping their order and repetitions.
        public init(_ pairs: [(String, String)]) {
            self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
        }

        public init(dictionaryLiteral elements: (String, String)...) {
            self.init(elements)
        }

        /// Appends a field, keeping any earlier field of the same name.
        public mutating func add(name: String, value: String) {
            fields.append(Field(name: name, value: value))
        }

        /// Removes every field named `name`, then appends one with `value`.
        public mutating func replaceOrAdd(name: String, value: String) {
            remove(name: name)
            add(name: name, value: value)
        }

        /// Removes every field named `name`.
        public mutating func remove(name: String) {
            fields.removeAll { Self.namesEqual($0.name, name) }
        }

        /// The first value of the field named `name`, or nil.
        public subscript(name: String) -> String? {
            fields.first { Self.namesEqual($0.name, name) }?.value
        }

        /// Every value of the fields named `name`, in order (a field's value is not split on commas).
        public func values(for name: String) -> [String] {
            fields.filter { Self.namesEqual($0.name, name) }.map(\.value)
        }

        /// Whether a field named `name` is present.
        public func contains(_ name: String) -> Bool {
            fields.contains { Self.namesEqual($0.name, name) }
        }

        public var count: Int { fields.count }

        public var isEmpty: Bool { fields.isEmpty }

        public func makeIterator() -> IndexingIterator<[Field]> {
            fields.makeIterator()
        }

        public var description: String {
            fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        }

        /// Joins an obsolete folded continuation line to the last field's value.
        mutating func appendToLastValue(_ continuation: String) {
            guard !fields.isEmpty else { return }
            let last = fields.count - 1
            fields[last].value = fields[last].value.isEmpty ? continuation : fields[last].value + " " + continuation
        }

        /// Header names are ASCII tokens, so comparing their lowercased UTF-8 bytes is exact.
        static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
            let l = lhs.utf8
            let r = rhs.utf8
            guard l.count == r.count else { return false }
            return zip(l, r).allSatisfy { asciiLower($0) == asciiLower($1) }
        }

        private static func asciiLower(_ byte: UInt8) -> UInt8 {
            (byte >= 65 && byte <= 90) ? byte + 32 : byte
        }
    }
}

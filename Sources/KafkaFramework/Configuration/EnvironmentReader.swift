/// Reads typed values from the environment, collecting one error per invalid variable and answering a
/// usable stand-in so that parsing goes on and every error is found in one pass.
struct EnvironmentReader {
    let environment: [String: String]
    private(set) var errors: [EnvironmentError] = []

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The value with surrounding whitespace removed; nil when unset or empty.
    func value(_ name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let trimmed = raw.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The exact value, untrimmed; nil when unset or empty. For secrets.
    func rawValue(_ name: String) -> String? {
        guard let raw = environment[name], !raw.isEmpty else { return nil }
        return raw
    }

    func isSet(_ name: String) -> Bool { rawValue(name) != nil }

    mutating func fail(_ name: String, _ value: String?, _ problem: String) {
        errors.append(EnvironmentError(variable: name, value: value, problem: problem))
    }

    /// A string that `isValid` accepts, else the default.
    mutating func string(
        _ name: String, default fallback: String, allowed: String, isValid: (String) -> Bool
    ) -> String {
        guard let value = value(name) else { return fallback }
        guard isValid(value) else {
            fail(name, value, allowed)
            return fallback
        }
        return value
    }

    /// A whole number in `range`.
    mutating func integer(
        _ name: String, default fallback: Int, range: ClosedRange<Int>, allowed: String
    ) -> Int {
        guard let value = value(name) else { return fallback }
        guard value.allSatisfy(\.isASCIIDigit), value.count <= 18, let number = Int(value), range.contains(number)
        else {
            fail(name, value, allowed)
            return fallback
        }
        return number
    }

    /// A plain decimal number (`1`, `0.5`) in `range`, no exponent, no sign.
    mutating func decimal(
        _ name: String, default fallback: Double, range: ClosedRange<Double>, allowed: String
    ) -> Double {
        guard let value = value(name) else { return fallback }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed =
            (parts.count == 1 || parts.count == 2)
            && parts.allSatisfy { part in part.allSatisfy(\.isASCIIDigit) }
            && !(parts.first?.isEmpty ?? true) && !(parts.count == 2 && parts[1].isEmpty)
            && value.count <= 24
        guard wellFormed, let number = Double(value), number.isFinite, range.contains(number) else {
            fail(name, value, allowed)
            return fallback
        }
        return number
    }

    /// One of an enumeration's raw values, spelled exactly.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ name: String, default fallback: E) -> E
    where E.RawValue == String {
        guard let value = value(name) else { return fallback }
        guard let choice = E(rawValue: value) else {
            fail(name, value, "must be one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return fallback
        }
        return choice
    }

    /// `true` or `false` (any case).
    mutating func boolean(_ name: String, default fallback: Bool) -> Bool {
        guard let value = value(name) else { return fallback }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default:
            fail(name, value, "must be true or false")
            return fallback
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    var containsWhitespaceOrControl: Bool {
        unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }
}

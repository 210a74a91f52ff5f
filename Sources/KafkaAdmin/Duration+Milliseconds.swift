extension Duration {
    /// Whole milliseconds (rounded down).
    var totalMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// "10 s", "1.5 s", "250 ms": for messages.
    var formattedForHumans: String {
        let milliseconds = totalMilliseconds
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        if milliseconds >= 1000 { return "\(Double(milliseconds) / 1000) s" }
        return "\(milliseconds) ms"
    }
}

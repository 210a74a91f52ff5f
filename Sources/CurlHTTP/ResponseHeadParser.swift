/// Builds response heads from the header lines libcurl hands over one at a time.
///
/// libcurl passes the header lines of every response it reads: interim 1xx answers, redirects it
/// follows, the final response, and trailers after a chunked body. Each block starts with a status
/// line and ends with an empty line.
struct ResponseHeadParser {
    private var status: Int?
    private var reason = ""
    private var headers = HTTPClient.Headers()

    /// Feeds one raw header line (CRLF included). Returns the head when the line ends a header block.
    mutating func consume(_ raw: some Collection<UInt8>) -> HTTPClient.ResponseHead? {
        var bytes = Array(raw)
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes.removeLast()
        }
        if bytes.isEmpty {
            guard let status else { return nil }
            let head = HTTPClient.ResponseHead(status: status, reason: reason, headers: headers)
            self = ResponseHeadParser()
            return head
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            parseStatusLine(line)
        } else if let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            headers.appendToLastValue(Self.trimmed(line))
        } else if let colon = line.firstIndex(of: ":") {
            headers.add(name: String(line[..<colon]), value: Self.trimmed(line[line.index(after: colon)...]))
        }
        return nil
    }

    private mutating func parseStatusLine(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        status = parts.count > 1 ? Int(parts[1]) : nil
        reason = parts.count > 2 ? String(parts[2]) : ""
        headers = HTTPClient.Headers()
    }

    private static func trimmed(_ text: some StringProtocol) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isBlank($0) }),
            let end = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[start...end])
    }

    /// Whether `head` is the answer the caller gets, rather than an interim 1xx or a redirect that
    /// libcurl follows (it follows any 3xx that has a `Location` when following is on).
    static func isFinal(_ head: HTTPClient.ResponseHead, followingRedirects: Bool) -> Bool {
        if (100..<200).contains(head.status) {
            return false
        }
        if followingRedirects, (300..<400).contains(head.status), let location = head.headers["Location"],
            !location.isEmpty
        {
            return false
        }
        return true
    }
}

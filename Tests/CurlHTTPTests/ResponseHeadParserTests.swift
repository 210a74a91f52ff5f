import Testing

@testable import CurlHTTP

@Suite("Response head parsing")
struct ResponseHeadParserTests {
    private func feed(_ lines: [String], into parser: inout ResponseHeadParser) -> [HTTPClient.ResponseHead] {
        lines.compactMap { parser.consume(Array(($0 + "\r\n").utf8)) }
    }

    @Test func statusReasonAndRepeatedHeaders() {
        var parser = ResponseHeadParser()
        let heads = feed(
            [
                "HTTP/1.1 307 Temporary Redirect", "Location: //10.0.0.1:5050/api/v1/scheduler",
                "Set-Cookie: a=1", "set-cookie:b=2 ", "X-Folded: one", "\t two", "",
            ],
            into: &parser)
        #expect(heads.count == 1)
        let head = heads[0]
        #expect(head.status == 307)
        #expect(head.reason == "Temporary Redirect")
        #expect(head.headers["location"] == "//10.0.0.1:5050/api/v1/scheduler")
        #expect(head.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(head.headers["X-Folded"] == "one two")
    }

    @Test func eachResponseStartsAFreshHead() {
        var parser = ResponseHeadParser()
        let heads = feed(
            ["HTTP/1.1 100 Continue", "", "HTTP/1.1 200 OK", "Mesos-Stream-Id: abc", "", "Trailer: x"],
            into: &parser)
        #expect(heads.map(\.status) == [100, 200])
        #expect(heads[1].headers.fields == [.init(name: "Mesos-Stream-Id", value: "abc")])
        #expect(heads[1].reason == "OK")
    }

    @Test func statusLineWithoutReason() {
        var parser = ResponseHeadParser()
        #expect(feed(["HTTP/2 204", ""], into: &parser).map(\.status) == [204])
    }

    @Test func finalHeadDecision() {
        let redirect = HTTPClient.ResponseHead(status: 307, headers: ["Location": "/x"])
        #expect(ResponseHeadParser.isFinal(redirect, followingRedirects: false))
        #expect(!ResponseHeadParser.isFinal(redirect, followingRedirects: true))
        #expect(ResponseHeadParser.isFinal(HTTPClient.ResponseHead(status: 304), followingRedirects: true))
        #expect(!ResponseHeadParser.isFinal(HTTPClient.ResponseHead(status: 100), followingRedirects: false))
        #expect(ResponseHeadParser.isFinal(HTTPClient.ResponseHead(status: 404), followingRedirects: true))
    }
}

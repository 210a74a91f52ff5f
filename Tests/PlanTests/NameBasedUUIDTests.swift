import Foundation
@testable import Plan
import Testing

@Suite struct NameBasedUUIDTests {
    @Test func sha1MatchesTheStandardVectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.digest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func version5UUIDsMatchRFCExamples() {
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        #expect(NameBasedUUID.make(namespace: dns, name: "python.org").lowercasedString
            == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        // RFC 9562 appendix A.4
        #expect(NameBasedUUID.make(namespace: dns, name: "www.example.com").lowercasedString
            == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }
}

import Testing

@testable import ZooKeeper

@Suite struct LogSinkTests {
    @Test func parsesTheLibraryFormat() {
        let line = "2024-05-01 10:00:00,123:4242(0x7f00aa):ZOO_ERROR@handle_socket_error_msg@1234: Socket refused\n"
        let parsed = ZooKeeperLogSink.parse(line)
        #expect(parsed.level == .warning)
        #expect(parsed.function == "handle_socket_error_msg")
        #expect(parsed.message == "Socket refused")
    }

    @Test func mapsEveryLevelOneStepDown() {
        #expect(ZooKeeperLogSink.parse("t:1(0x1):ZOO_WARN@f@1: m").level == .notice)
        #expect(ZooKeeperLogSink.parse("t:1(0x1):ZOO_INFO@f@1: m").level == .debug)
        #expect(ZooKeeperLogSink.parse("t:1(0x1):ZOO_DEBUG@f@1: m").level == .trace)
        #expect(ZooKeeperLogSink.parse("something else").message == "something else")
    }

    @Test func ancestorsOfPaths() {
        #expect(ZooKeeperClient.ancestors(of: "/a/b/c") == ["/a", "/a/b"])
        #expect(ZooKeeperClient.ancestors(of: "/a") == [])
        #expect(ZooKeeperClient.ancestors(of: "/a/b/") == ["/a", "/a/b"])
    }
}

import Hummingbird
import NIOCore
import Synchronization

/// The request context of the master's endpoints: it keeps the connection's channel, so that a
/// subscription can watch its connection.
struct MasterRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Calls `onClose` once when the client closes its side of the connection (or the connection goes),
/// passing everything on unchanged. Installed first in a subscription's pipeline: Hummingbird allows
/// half-closed connections, so the end of the client's input arrives as an event, not as a close.
final class ConnectionCloseWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    private let fired = Mutex(false)
    private let onClose: @Sendable () -> Void

    init(onClose: @escaping @Sendable () -> Void) {
        self.onClose = onClose
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { fire() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fire()
        context.fireChannelInactive()
    }

    private func fire() {
        let first = fired.withLock { fired -> Bool in
            defer { fired = true }
            return !fired
        }
        if first { onClose() }
    }

    /// Watches `channel`; `onClose` also runs when the connection is already gone.
    static func watch(_ channel: any Channel, onClose: @escaping @Sendable () -> Void) async {
        let watcher = ConnectionCloseWatcher(onClose: onClose)
        do {
            try await channel.pipeline.addHandler(watcher, position: .first).get()
        } catch {
            watcher.fire()
            return
        }
        if !channel.isActive { watcher.fire() }
    }
}

import Foundation
import Mesos

/// One subscription stream: the RecordIO records the HTTP response writes, in order.
final class EventConnection: Sendable {
    let id: Int
    let streamID: String
    let frameworkID: FrameworkID
    let records: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation

    init(id: Int, streamID: String, frameworkID: FrameworkID) {
        self.id = id
        self.streamID = streamID
        self.frameworkID = frameworkID
        (records, continuation) = AsyncStream.makeStream(of: [UInt8].self)
    }

    func send(_ event: Event) {
        // Every type of the Mesos module encodes without error.
        guard let json = try? MesosJSON.encode(event) else { return }
        continuation.yield(RecordIO.encode(json))
    }

    /// Ends the stream: the HTTP response finishes and its connection closes.
    func close() {
        continuation.finish()
    }
}

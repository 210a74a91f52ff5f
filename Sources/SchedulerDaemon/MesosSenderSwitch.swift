import KafkaFramework
import Mesos
import Synchronization

/// Sends the scheduler's calls through the Mesos client of the current leadership term; between terms there
/// is none and calls fail as not subscribed.
final class MesosSenderSwitch: MesosCallSender {
    private let client = Mutex<MesosSchedulerClient?>(nil)

    func use(_ newClient: MesosSchedulerClient?) {
        client.withLock { $0 = newClient }
    }

    /// Clears the client only if it is still `old` (a newer term may have set its own).
    func clear(_ old: MesosSchedulerClient) {
        client.withLock { current in
            if current === old { current = nil }
        }
    }

    func send(_ call: Call) async throws {
        guard let client = client.withLock({ $0 }) else { throw MesosClientError.notSubscribed }
        try await client.send(call)
    }
}

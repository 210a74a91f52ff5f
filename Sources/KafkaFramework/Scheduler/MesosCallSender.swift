import Mesos

/// Sends calls to the Mesos master of the current subscription. The Mesos client satisfies it with a one-line
/// adapter; tests record the calls.
public protocol MesosCallSender: Sendable {
    /// Sends `call`; throws when the master refused it or could not be reached.
    func send(_ call: Call) async throws
}

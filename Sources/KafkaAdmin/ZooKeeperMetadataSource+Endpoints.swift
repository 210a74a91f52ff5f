import Logging

extension ZooKeeperMetadataSource {
    /// The registered brokers' PLAINTEXT endpoints now, then again each time a broker registers or goes
    /// away (a watch on `/brokers/ids`); a list is yielded only when it differs from the previous one.
    /// Feed it to `KafkaAdminClient.updateBootstrapServers` (together with the endpoints of the brokers
    /// the scheduler runs).
    ///
    /// A read that fails (ZooKeeper unreachable) is logged and skipped: the watch reads again once the
    /// connection is back. The stream ends when the ZooKeeper client closes or the consumer stops, and
    /// throws only what the watch cannot recover from (e.g. `noAuth`).
    public func registeredEndpointUpdates() -> AsyncThrowingStream<[String], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(
            of: [String].self, throwing: (any Error).self, bufferingPolicy: .bufferingNewest(1))
        let membership = client.watchChildren(znodes.brokerIds)
        let task = Task { [self] in
            var last: [String]?
            do {
                for try await _ in membership {
                    let endpoints: [String]
                    do throws(KafkaAdminError) {
                        endpoints = try await registeredEndpoints()
                    } catch {
                        logger.warning(
                            "Cannot read Kafka's broker registrations",
                            metadata: ["error": "\(error.name)", "message": "\(error.message)"])
                        continue
                    }
                    if endpoints != last {
                        last = endpoints
                        continuation.yield(endpoints)
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

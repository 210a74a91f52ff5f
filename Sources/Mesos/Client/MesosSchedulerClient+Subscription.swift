import CurlHTTP
import Logging

extension MesosSchedulerClient {
    /// Subscribes, reads the stream, and subscribes again after each disconnect, until cancelled.
    func subscriptionLoop() async {
        var reconnect = ReconnectBackoff(backoff: configuration.backoff)
        while !Task.isCancelled {
            let reason: MesosDisconnectReason
            switch await openSubscription() {
            case .failure(let error):
                reason = .subscribeFailed(error)
            case .success(let stream):
                reason = await readSubscription(stream, reconnect: &reconnect)
            }
            state.withLock { $0.disconnected() }
            if Task.isCancelled { break }
            let delay = reconnect.nextDelay(after: reason, random: Double.random(in: 0..<1))
            logger.warning(
                "Disconnected from the Mesos master; subscribing again",
                metadata: ["reason": "\(reason)", "delay": "\(delay)"])
            emit(.disconnected(reason))
            await detector.waitForChange(timeout: delay)
        }
    }

    // MARK: SUBSCRIBE

    /// What one SUBSCRIBE request came to.
    private enum SubscribeOutcome {
        case streaming(HTTPClient.StreamingResponse, streamID: String)
        case redirect(location: String?)
        case unreachable(HTTPClientError)
        case failed(MesosClientError)
    }

    /// Finds the leader and opens an event stream: follows redirects, and tries the next master of a
    /// list when one cannot be reached.
    private func openSubscription() async -> Result<ActiveStream, MesosClientError> {
        let candidates: [MasterCandidate]
        do {
            candidates = try await detector.candidates()
        } catch {
            return .failure(error)
        }
        var lastError = MesosClientError.noLeader(reason: "no master to try")
        for candidate in candidates {
            var endpoint = candidate.endpoint
            var redirects = 0
            attempt: while true {
                switch await subscribe(at: endpoint) {
                case .streaming(let response, let streamID):
                    let stream = ActiveStream(
                        candidate: candidate, endpoint: endpoint, streamID: streamID, response: response,
                        silenceLimit: configuration.requestTimeout)
                    await detector.remember(leader: endpoint)
                    logger.info(
                        "Mesos event stream open", metadata: ["endpoint": "\(endpoint)", "stream": "\(streamID)"])
                    return .success(stream)
                case .redirect(let location):
                    guard let next = location.flatMap({ SchedulerEndpoint.resolve(location: $0, against: endpoint) })
                    else {
                        return .failure(.invalidRedirect(url: endpoint, location: location))
                    }
                    redirects += 1
                    guard redirects <= configuration.maximumRedirects else {
                        return .failure(
                            .tooManyRedirects(url: candidate.endpoint, limit: configuration.maximumRedirects))
                    }
                    logger.debug("SUBSCRIBE redirected", metadata: ["from": "\(endpoint)", "to": "\(next)"])
                    endpoint = next
                case .unreachable(let error):
                    if case .cancelled = error { return .failure(.transport(error)) }
                    logger.debug(
                        "Mesos master unreachable", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
                    lastError = .transport(error)
                    break attempt
                case .failed(let error):
                    return .failure(error)
                }
            }
        }
        return .failure(lastError)
    }

    /// Sends one SUBSCRIBE and waits (at most the request timeout) for the answer's head.
    private func subscribe(at endpoint: String) async -> SubscribeOutcome {
        let (frameworkInfo, suppressedRoles) = state.withLock {
            ($0.subscribeFrameworkInfo, configuration.suppressedRoles)
        }
        let body: [UInt8]
        do {
            body = try MesosJSON.encode(Call.subscribe(frameworkInfo, suppressedRoles: suppressedRoles))
        } catch {
            return .failed(.invalidConfiguration(reason: "the FrameworkInfo cannot be encoded: \(error)"))
        }
        let request = makeRequest(url: endpoint, body: body, streamID: nil, timeout: nil)
        let response: HTTPClient.StreamingResponse
        do {
            response = try await withDeadline(configuration.requestTimeout, url: endpoint) {
                [http] () async throws(HTTPClientError) in
                try await http.stream(request)
            }
        } catch {
            return .unreachable(error)
        }
        switch response.status {
        case 200:
            guard let streamID = response.headers["Mesos-Stream-Id"], !streamID.isEmpty else {
                response.cancel()
                return .failed(.missingStreamID(url: endpoint))
            }
            return .streaming(response, streamID: streamID)
        case 301, 302, 303, 307, 308:
            let location = response.headers["Location"]
            response.cancel()
            return .redirect(location: location)
        default:
            let message = await errorMessage(of: response, url: endpoint)
            return .failed(statusError(status: response.status, url: endpoint, message: message))
        }
    }

    /// The text of an error answer (Mesos writes plain text), read within the request timeout.
    private func errorMessage(of response: HTTPClient.StreamingResponse, url: String) async -> String {
        let bytes = try? await withDeadline(configuration.requestTimeout, url: url) {
            () async throws(HTTPClientError) in
            try await response.body.collect(maxBytes: 64 * 1024)
        }
        response.cancel()
        return String(decoding: bytes ?? [], as: UTF8.self).trimmingASCIIWhitespace()
    }

    // MARK: The event stream

    /// Reads events until the stream ends or is dropped, with the heartbeat watchdog and (ZooKeeper)
    /// the leader watch beside it; returns why it ended.
    private func readSubscription(
        _ stream: ActiveStream, reconnect: inout ReconnectBackoff
    ) async -> MesosDisconnectReason {
        state.withLock { $0.streamOpened(stream) }
        let detector = self.detector
        return await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                await stream.watchSilence()
            }
            tasks.addTask {
                await detector.waitUntilLeaderDiffers(from: stream.candidate)
                if !Task.isCancelled {
                    stream.drop(.leaderChanged(location: nil))
                }
            }
            let reason = await readEvents(stream, reconnect: &reconnect)
            stream.drop(reason)
            tasks.cancelAll()
            return reason
        }
    }

    private func readEvents(_ stream: ActiveStream, reconnect: inout ReconnectBackoff) async -> MesosDisconnectReason {
        var decoder = RecordIODecoder(maximumRecordLength: configuration.maximumRecordLength)
        var iterator = stream.response.body.makeAsyncIterator()
        do {
            while let chunk = try await iterator.next() {
                stream.noteActivity()
                let records: [[UInt8]]
                do {
                    records = try decoder.decode(chunk)
                } catch {
                    logger.error("The Mesos event stream is not valid RecordIO", metadata: ["error": "\(error)"])
                    return stream.drop(.framingError(error))
                }
                for record in records {
                    if let reason = handle(record: record, stream: stream, reconnect: &reconnect) {
                        return stream.drop(reason)
                    }
                }
                if let reason = stream.dropReason { return reason }
            }
        } catch {
            return stream.dropReason ?? .streamFailed(error)
        }
        if let reason = stream.dropReason { return reason }
        do {
            try decoder.finish()
        } catch {
            return .framingError(error)
        }
        return .streamEnded
    }

    /// Delivers one record; returns a reason when the stream must end (an ERROR event).
    private func handle(
        record: [UInt8], stream: ActiveStream, reconnect: inout ReconnectBackoff
    ) -> MesosDisconnectReason? {
        let event: Event
        do {
            event = try MesosJSON.decode(Event.self, from: record)
        } catch {
            logger.warning(
                "Skipping a Mesos event that does not decode",
                metadata: ["error": "\(error)", "record": "\(String(decoding: record.prefix(512), as: UTF8.self))"])
            return nil
        }
        switch event.type {
        case .subscribed:
            guard let body = event.subscribed else { return skip(event, "without its 'subscribed' body") }
            var interval =
                body.heartbeatIntervalSeconds.map { Duration.seconds($0) } ?? configuration.defaultHeartbeatInterval
            if interval <= .zero { interval = configuration.defaultHeartbeatInterval }
            let subscription = MesosSubscription(
                frameworkID: body.frameworkID, heartbeatInterval: interval, masterInfo: body.masterInfo,
                streamID: stream.streamID, endpoint: stream.endpoint)
            guard state.withLock({ $0.subscribed(subscription, on: stream) }) else { return nil }
            stream.setSilenceLimit(interval * configuration.heartbeatMissLimit)
            reconnect.subscribed()
            logger.info(
                "Subscribed to the Mesos master",
                metadata: [
                    "framework_id": "\(body.frameworkID)", "endpoint": "\(stream.endpoint)",
                    "heartbeat_interval": "\(interval)",
                ])
            emit(.subscribed(subscription))
            return nil
        case .error:
            let message = event.error?.message ?? ""
            logger.error("The Mesos master sent ERROR", metadata: ["message": "\(message)"])
            emit(.error(message: message))
            return .errorEvent(message: message)
        case .heartbeat:
            if configuration.deliversHeartbeats { emit(.heartbeat) }
            return nil
        default:
            break
        }
        guard state.withLock({ $0.subscription?.streamID == stream.streamID }) else {
            return skip(event, "before SUBSCRIBED")
        }
        switch event.type {
        case .offers:
            guard let body = event.offers else { return skip(event, "without its 'offers' body") }
            emit(.offers(body.offers))
        case .inverseOffers:
            guard let body = event.inverseOffers else { return skip(event, "without its 'inverse_offers' body") }
            emit(.inverseOffers(body.inverseOffers))
        case .rescind:
            guard let body = event.rescind else { return skip(event, "without its 'rescind' body") }
            emit(.rescind(body.offerID))
        case .rescindInverseOffer:
            guard let body = event.rescindInverseOffer else {
                return skip(event, "without its 'rescind_inverse_offer' body")
            }
            emit(.rescindInverseOffer(body.inverseOfferID))
        case .update:
            guard let body = event.update else { return skip(event, "without its 'update' body") }
            emit(.update(body.status))
        case .updateOperationStatus:
            guard let body = event.updateOperationStatus else {
                return skip(event, "without its 'update_operation_status' body")
            }
            emit(.updateOperationStatus(body.status))
        case .message:
            guard let body = event.message else { return skip(event, "without its 'message' body") }
            emit(.message(body))
        case .failure:
            emit(.failure(event.failure ?? Event.Failure()))
        case .unknown, .unrecognized, .subscribed, .error, .heartbeat:
            return skip(event, "of an unknown type")
        }
        return nil
    }

    private func skip(_ event: Event, _ why: String) -> MesosDisconnectReason? {
        logger.warning("Skipping a Mesos event \(why)", metadata: ["type": "\(event.type.wireName)"])
        return nil
    }

    // MARK: Requests

    /// A POST to the scheduler endpoint with the exact headers Mesos expects.
    func makeRequest(url: String, body: [UInt8], streamID: String?, timeout: Duration?) -> HTTPClient.Request {
        var headers: HTTPClient.Headers = [
            "Content-Type": "application/json",
            "Accept": "application/json",
        ]
        if let streamID {
            headers.add(name: "Mesos-Stream-Id", value: streamID)
        }
        let auth = configuration.secret.map {
            HTTPClient.BasicAuth(user: configuration.frameworkInfo.principal ?? "", password: $0)
        }
        return HTTPClient.Request(
            method: .post, url: url, headers: headers, body: body,
            connectTimeout: configuration.connectTimeout, timeout: timeout, basicAuth: auth)
    }

    /// The typed error for a status that is neither success nor redirect.
    func statusError(status: Int, url: String, message: String) -> MesosClientError {
        switch status {
        case 400: .badRequest(url: url, message: message)
        case 401: .unauthorized(url: url, message: message)
        case 403: .forbidden(url: url, message: message)
        case 503: .serviceUnavailable(url: url, message: message)
        default: .unexpectedStatus(url: url, status: status, message: message)
        }
    }
}

/// Runs `operation`, cancelling it and failing with `.timeout` when it takes longer than `limit`.
func withDeadline<T: Sendable>(
    _ limit: Duration, url: String, _ operation: @escaping @Sendable () async throws(HTTPClientError) -> T
) async throws(HTTPClientError) -> T {
    let result = await withTaskGroup(of: Result<T, HTTPClientError>?.self) { tasks in
        tasks.addTask {
            do throws(HTTPClientError) {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        tasks.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await tasks.next() ?? nil
        tasks.cancelAll()
        return first
    }
    switch result {
    case .success(let value)?:
        return value
    case .failure(let error)?:
        throw error
    case nil:
        throw Task.isCancelled ? .cancelled(url: url) : .timeout(url: url, timeout: limit)
    }
}

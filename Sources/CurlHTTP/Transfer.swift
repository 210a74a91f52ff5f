import CCurl
import Synchronization

/// One request on its way through libcurl: the easy handle, the parsing of the response head, and
/// the sink that receives the response.
final class Transfer: @unchecked Sendable {
    // @unchecked: `easy`, `parser`, `headDelivered` and `abortError` are used only by whoever drives
    // the transfer: the creating task until `CurlMultiLoop.submit`, then only the curl thread (the
    // loop's command lock orders the two). `cancelRequested` has its own lock; sinks lock their state.
    /// Released as soon as the transfer is finished, on the thread that finished it, so that libcurl's
    /// handle is never freed by a reading task while the curl thread runs.
    private var easy: CurlEasyHandle?
    /// The easy handle's address: the key the loop knows this transfer by.
    let handle: UnsafeMutableRawPointer
    let request: HTTPClient.Request
    let sink: any TransferSink
    private var parser = ResponseHeadParser()
    private var headDelivered = false
    private var abortError: HTTPClientError?
    private let cancelRequested = Mutex(false)

    init(request: HTTPClient.Request, sink: any TransferSink, userAgent: String?) throws(HTTPClientError) {
        if let error = RequestPlan.validate(request) {
            throw error
        }
        guard let easy = CurlEasyHandle() else {
            throw .transferFailed(
                url: request.url, code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_easy_init failed")
        }
        self.easy = easy
        self.handle = easy.raw
        self.request = request
        self.sink = sink
        try configure(easy, userAgent: userAgent)
    }

    private func configure(_ easy: CurlEasyHandle, userAgent: String?) throws(HTTPClientError) {
        var failed: CURLoption?
        func check(_ code: CURLcode, _ option: CURLoption) {
            if code != CURLE_OK, failed == nil { failed = option }
        }
        // Quiet and thread-safe: no signals, no progress meter, no verbose output.
        check(easy.set(CURLOPT_NOSIGNAL, 1), CURLOPT_NOSIGNAL)
        check(easy.set(CURLOPT_NOPROGRESS, 1), CURLOPT_NOPROGRESS)
        check(easy.set(CURLOPT_VERBOSE, 0), CURLOPT_VERBOSE)
        check(easy.set(CURLOPT_URL, request.url), CURLOPT_URL)
        check(easy.set(CURLOPT_PROTOCOLS_STR, "http,https"), CURLOPT_PROTOCOLS_STR)
        check(easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), CURLOPT_REDIR_PROTOCOLS_STR)
        check(easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1), CURLOPT_HTTP_VERSION)
        check(easy.set(CURLOPT_TCP_KEEPALIVE, 1), CURLOPT_TCP_KEEPALIVE)
        check(easy.setSocketOptionCallback(curlSocketOptionCallback), CURLOPT_SOCKOPTFUNCTION)
        // A proxy's "200 Connection established" must not be taken for the response head.
        check(easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1), CURLOPT_SUPPRESS_CONNECT_HEADERS)
        check(
            easy.set(CURLOPT_CONNECTTIMEOUT_MS, RequestPlan.milliseconds(request.connectTimeout)),
            CURLOPT_CONNECTTIMEOUT_MS)
        check(easy.set(CURLOPT_TIMEOUT_MS, request.timeout.map(RequestPlan.milliseconds) ?? 0), CURLOPT_TIMEOUT_MS)
        check(easy.set(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0), CURLOPT_FOLLOWLOCATION)
        check(easy.set(CURLOPT_MAXREDIRS, request.maxRedirects), CURLOPT_MAXREDIRS)
        if let auth = request.basicAuth {
            check(easy.set(CURLOPT_HTTPAUTH, ccurl_auth_basic()), CURLOPT_HTTPAUTH)
            check(easy.set(CURLOPT_USERNAME, auth.user), CURLOPT_USERNAME)
            check(easy.set(CURLOPT_PASSWORD, auth.password), CURLOPT_PASSWORD)
        }
        switch RequestPlan.methodSetting(for: request.method) {
        case .get:
            check(easy.set(CURLOPT_HTTPGET, 1), CURLOPT_HTTPGET)
        case .head:
            check(easy.set(CURLOPT_NOBODY, 1), CURLOPT_NOBODY)
        case .custom(let method):
            check(easy.set(CURLOPT_CUSTOMREQUEST, method), CURLOPT_CUSTOMREQUEST)
        }
        if let body = RequestPlan.body(for: request), !easy.setBody(body) {
            failed = failed ?? CURLOPT_COPYPOSTFIELDS
        }
        if !easy.setHeaderLines(RequestPlan.headerLines(for: request, userAgent: userAgent)) {
            failed = failed ?? CURLOPT_HTTPHEADER
        }
        // Unretained: the loop holds this transfer while libcurl may call back, and the easy handle,
        // which makes the calls, dies with it.
        let context = Unmanaged.passUnretained(self).toOpaque()
        check(easy.set(CURLOPT_HEADERFUNCTION, curlHeaderCallback), CURLOPT_HEADERFUNCTION)
        check(easy.set(CURLOPT_HEADERDATA, context), CURLOPT_HEADERDATA)
        check(easy.set(CURLOPT_WRITEFUNCTION, curlWriteCallback), CURLOPT_WRITEFUNCTION)
        check(easy.set(CURLOPT_WRITEDATA, context), CURLOPT_WRITEDATA)
        if let failed {
            throw .transferFailed(
                url: request.url, code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                message: "libcurl refused option \(failed.rawValue)")
        }
    }

    // MARK: cancellation (any thread)

    /// Marks the transfer cancelled; the loop stops it, or never starts it.
    func requestCancel() {
        cancelRequested.withLock { $0 = true }
    }

    var isCancelRequested: Bool {
        cancelRequested.withLock { $0 }
    }

    // MARK: libcurl callbacks (curl thread)

    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        guard !headDelivered, let head = parser.consume(line) else { return }
        if ResponseHeadParser.isFinal(head, followingRedirects: request.followRedirects) {
            deliverHead(head)
        }
    }

    /// Returns what the write callback returns: the byte count taken, CURL_WRITEFUNC_PAUSE, or 0 to fail.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if !headDelivered {
            deliverHead(HTTPClient.ResponseHead(status: easy?.responseCode ?? 0))
        }
        switch sink.bodyReceived(bytes) {
        case .consumed:
            return bytes.count
        case .pause:
            return Int(ccurl_writefunc_pause())
        case .abort(let error):
            abortError = error
            return 0
        }
    }

    private func deliverHead(_ head: HTTPClient.ResponseHead) {
        headDelivered = true
        sink.headReceived(head)
    }

    // MARK: completion (curl thread)

    /// libcurl finished the transfer with `code`; it is no longer in the multi handle.
    func finish(code: CURLcode) {
        sink.completed(result(of: code))
        easy = nil
    }

    /// The transfer ends without libcurl finishing it (cancelled, shut down, or never started); it is
    /// not in the multi handle.
    func finish(error: HTTPClientError) {
        sink.completed(.failure(error))
        easy = nil
    }

    private func result(of code: CURLcode) -> Result<Void, HTTPClientError> {
        let responseCode = easy?.responseCode ?? 0
        if code == CURLE_OK {
            if !headDelivered {
                deliverHead(HTTPClient.ResponseHead(status: responseCode))
            }
            return .success(())
        }
        if isCancelRequested {
            return .failure(.cancelled(url: request.url))
        }
        if code == CURLE_WRITE_ERROR, let abortError {
            return .failure(abortError)
        }
        let message = CurlErrorMapping.message(code: code, errorBuffer: easy?.errorMessage ?? "")
        return .failure(
            CurlErrorMapping.error(
                code: Int(code.rawValue), message: message, request: request,
                connectPhaseFinished: easy?.connectPhaseFinished ?? false))
    }
}

import CCurl

/// Runs `curl_global_init` once per process, before the first handle is made.
enum CurlGlobal {
    static let initialised: Bool = ccurl_global_init_all() == CURLE_OK

    static func ensureInitialised() {
        precondition(initialised, "curl_global_init failed")
    }
}

/// Owns one libcurl easy handle together with the memory libcurl reads during its transfer.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes a readable reason for a failure here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        CurlGlobal.ensureInitialised()
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        let size = Int(ccurl_error_size())
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        _ = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        ccurl_setopt_long(raw, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: String) -> CURLcode {
        ccurl_setopt_string(raw, option, value)  // libcurl copies strings
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) -> CURLcode {
        ccurl_setopt_pointer(raw, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: ccurl_data_callback) -> CURLcode {
        ccurl_setopt_data_callback(raw, option, value)
    }

    @discardableResult
    func setSocketOptionCallback(_ value: ccurl_sockopt_callback) -> CURLcode {
        ccurl_setopt_sockopt_callback(raw, value)
    }

    /// Sets CURLOPT_HTTPHEADER; the list lives as long as this handle.
    func setHeaderLines(_ lines: [String]) -> Bool {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                return false
            }
            list = appended
        }
        curl_slist_free_all(headerList)
        headerList = list
        return ccurl_setopt_slist(raw, CURLOPT_HTTPHEADER, list) == CURLE_OK
    }

    /// Sends `body` as the request body; libcurl keeps its own copy.
    func setBody(_ body: [UInt8]) -> Bool {
        guard ccurl_setopt_offset(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) == CURLE_OK else {
            return false
        }
        if body.isEmpty {
            return ccurl_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "") == CURLE_OK
        }
        return body.withUnsafeBytes { bytes in
            ccurl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                == CURLE_OK
        }
    }

    var errorMessage: String {
        String(cString: errorBuffer)
    }

    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Whether name resolution and connecting (TLS included) finished: libcurl records the
    /// pre-transfer time only then, also for a reused connection.
    var connectPhaseFinished: Bool {
        var micros: curl_off_t = 0
        _ = ccurl_getinfo_offset(raw, CURLINFO_PRETRANSFER_TIME_T, &micros)
        return micros > 0
    }
}

/// Owns one libcurl multi handle. Used only by the `CurlMultiLoop` thread, except `wakeup`.
final class CurlMultiHandle {
    let raw: UnsafeMutableRawPointer

    init?() {
        CurlGlobal.ensureInitialised()
        guard let raw = curl_multi_init() else { return nil }
        self.raw = raw
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Makes a running `curl_multi_poll` return at once; safe from any thread.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }
}

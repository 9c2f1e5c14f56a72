import CCurl

/// A blocking HTTP/1.1 client over libcurl that keeps its connections alive between requests.
///
/// One client serves one destination (the Runtime API, the SES endpoint): its libcurl multi handle
/// owns the connection cache, so every request reuses an open connection when there is one, and
/// its easy handles are pooled rather than created per request.
///
/// The client is not thread-safe; give each thread its own. It is deliberately synchronous: a Lambda
/// environment handles one invocation at a time, and a batch of requests is sent concurrently with
/// ``executeAll(_:maxConcurrent:)`` on the calling thread rather than by spreading blocking calls
/// over Swift's cooperative pool.
public final class HTTPClient {
    public struct Configuration: Sendable {
        /// Honour `http_proxy` and friends; `false` for loopback services such as the Runtime API.
        public var useProxy: Bool
        public var connectTimeout: Duration
        /// PEM bundle of trusted CAs for `https`; `nil` uses libcurl's built-in default.
        public var caBundlePath: String?

        public init(useProxy: Bool = true, connectTimeout: Duration = .seconds(5), caBundlePath: String? = nil) {
            self.useProxy = useProxy
            self.connectTimeout = connectTimeout
            self.caBundlePath = caBundlePath
        }
    }

    public let configuration: Configuration
    private let curl: CurlCalls
    private let multi: UnsafeMutableRawPointer
    private var idleHandles: [UnsafeMutableRawPointer] = []

    public convenience init(configuration: Configuration = Configuration()) {
        self.init(configuration: configuration, curl: .libcurl)
    }

    /// A client that makes the libcurl calls in `curl`: ``CurlCalls/libcurl`` except in tests that
    /// make one of them fail.
    init(configuration: Configuration, curl: CurlCalls) {
        _ = curlGlobalInit
        self.configuration = configuration
        self.curl = curl
        // curl_multi_init only fails on allocation failure, which Swift treats as fatal anyway.
        multi = curl_multi_init()!
    }

    deinit {
        for handle in idleHandles {
            curl_easy_cleanup(handle)
        }
        curl_multi_cleanup(multi)
    }

    /// Sends one request and waits for its complete response.
    public func execute(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        try executeAll([request], maxConcurrent: 1)[0].get()
    }

    /// Sends the requests concurrently, at most `maxConcurrent` in flight, and returns one result per
    /// request in the same order.
    ///
    /// A request libcurl refuses to start fails alone, with an error whose
    /// ``HTTPClientError/mayHaveReachedServer`` is `false`; the others go ahead. When libcurl's
    /// multi interface itself fails, every request then in flight fails with
    /// ``HTTPClientError/Kind/other`` (it may have reached the server) and the rest are still sent.
    public func executeAll(
        _ requests: [HTTPRequest],
        maxConcurrent: Int
    ) -> [Result<HTTPResponse, HTTPClientError>] {
        var results = [Result<HTTPResponse, HTTPClientError>?](repeating: nil, count: requests.count)
        var active: [UnsafeMutableRawPointer: (index: Int, transfer: Transfer)] = [:]
        var next = 0
        let limit = max(1, maxConcurrent)

        while next < requests.count || !active.isEmpty {
            while next < requests.count && active.count < limit {
                switch start(requests[next]) {
                case .success(let (handle, transfer)): active[handle] = (next, transfer)
                case .failure(let error): results[next] = .failure(error)
                }
                next += 1
            }
            if active.isEmpty { continue }

            var running: Int32 = 0
            let performed = curl.multiPerform(multi, &running)
            guard performed == CURLM_OK else {
                abandon(&active, into: &results, with: HTTPClientError(multiCode: performed, of: "curl_multi_perform"))
                continue
            }
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let (index, transfer) = active.removeValue(forKey: handle)
                else { continue }
                results[index] = transfer.result(code: message.pointee.data.result)
                withExtendedLifetime(transfer) { finish(handle) }
            }
            // Waits whenever a transfer is unfinished, so that the loop never spins, even should
            // libcurl count none as running.
            if !active.isEmpty {
                let polled = curl.multiPoll(multi, 1000)
                if polled != CURLM_OK {
                    abandon(&active, into: &results, with: HTTPClientError(multiCode: polled, of: "curl_multi_poll"))
                }
            }
        }
        return results.map {
            $0 ?? .failure(HTTPClientError(kind: .other, curlCode: -1, message: "transfer never completed"))
        }
    }

    /// Puts `request` on a pooled handle and hands it to libcurl, or returns why it was not sent.
    private func start(_ request: HTTPRequest) -> Result<(UnsafeMutableRawPointer, Transfer), HTTPClientError> {
        guard let handle = checkOutHandle() else {
            return .failure(HTTPClientError(
                kind: .couldNotConnect, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_easy_init failed: out of memory"))
        }
        let transfer: Transfer
        do throws(HTTPClientError) {
            transfer = try Transfer(request: request, handle: handle, configuration: configuration, curl: curl)
        } catch {
            checkIn(handle)
            return .failure(error)
        }
        let added = curl.multiAddHandle(multi, handle)
        guard added == CURLM_OK else {
            // Not pooled: a handle libcurl refused may be in a state a reset does not undo.
            curl_easy_cleanup(handle)
            return .failure(HTTPClientError(multiCode: added, of: "curl_multi_add_handle", kind: .couldNotConnect))
        }
        return .success((handle, transfer))
    }

    /// Fails every transfer in `active` with `error`, after libcurl's multi interface failed under them.
    private func abandon(
        _ active: inout [UnsafeMutableRawPointer: (index: Int, transfer: Transfer)],
        into results: inout [Result<HTTPResponse, HTTPClientError>?],
        with error: HTTPClientError
    ) {
        for (handle, (index, _)) in active {
            results[index] = .failure(error)
            finish(handle)
        }
        active.removeAll()
    }

    /// Takes a handle out of the multi handle and back into the pool.
    private func finish(_ handle: UnsafeMutableRawPointer) {
        if curl_multi_remove_handle(multi, handle) == CURLM_OK {
            checkIn(handle)
        } else {
            // Still attached: curl_easy_cleanup detaches it before freeing it.
            curl_easy_cleanup(handle)
        }
    }

    private func checkOutHandle() -> UnsafeMutableRawPointer? {
        if let handle = idleHandles.popLast() {
            curl_easy_reset(handle)
            return handle
        }
        return curl_easy_init()
    }

    private func checkIn(_ handle: UnsafeMutableRawPointer) {
        idleHandles.append(handle)
    }
}

extension HTTPClientError {
    /// The failure of `call`, a function of libcurl's multi interface, that returned `code`.
    fileprivate init(multiCode code: CURLMcode, of call: String, kind: Kind = .other) {
        self.init(kind: kind, curlCode: Int(code.rawValue), message: "\(call) failed: \(String(cString: curl_multi_strerror(code)))")
    }
}

private let curlGlobalInit: Void = {
    _ = ccurl_openssl_init_without_strings()
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

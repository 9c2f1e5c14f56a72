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
    private let multi: UnsafeMutableRawPointer
    private var idleHandles: [UnsafeMutableRawPointer] = []

    public init(configuration: Configuration = Configuration()) {
        _ = curlGlobalInit
        self.configuration = configuration
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
                let handle = checkOutHandle()
                do throws(HTTPClientError) {
                    let transfer = try Transfer(request: requests[next], handle: handle, configuration: configuration)
                    curl_multi_add_handle(multi, handle)
                    active[handle] = (next, transfer)
                } catch {
                    results[next] = .failure(error)
                    checkIn(handle)
                }
                next += 1
            }
            if active.isEmpty { continue }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let (index, transfer) = active.removeValue(forKey: handle)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, handle)
                results[index] = transfer.result(code: code)
                checkIn(handle)
            }
            if running > 0 {
                curl_multi_poll(multi, nil, 0, 1000, nil)
            }
        }
        return results.map {
            $0 ?? .failure(HTTPClientError(kind: .other, curlCode: -1, message: "transfer never completed"))
        }
    }

    private func checkOutHandle() -> UnsafeMutableRawPointer {
        if let handle = idleHandles.popLast() {
            curl_easy_reset(handle)
            return handle
        }
        return curl_easy_init()!
    }

    private func checkIn(_ handle: UnsafeMutableRawPointer) {
        idleHandles.append(handle)
    }
}

private let curlGlobalInit: Void = {
    _ = ccurl_openssl_init_without_strings()
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

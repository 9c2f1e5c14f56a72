import CCurl
import WallClock

/// The state of one request on one easy handle: the body being uploaded, the response being
/// collected, and the header list libcurl borrows until the transfer ends.
final class Transfer {
    private let request: HTTPRequest
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// The `host:port:address` entry of ``HTTPRequest/pinnedAddress``, borrowed by libcurl likewise.
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private var uploadOffset = 0
    private var responseHeaders = HTTPHeaders()
    /// Header bytes and fields received so far, interim responses included, against
    /// ``HTTPResponse/maximumHeaderSize`` and ``HTTPResponse/maximumHeaderFieldCount``.
    private var headerBytesReceived = 0
    private var headerFieldsReceived = 0
    private var responseBody: [UInt8] = []
    /// Set, with what was exceeded, when the response outgrew a limit and the transfer was aborted.
    private var limitExceeded: String?
    /// libcurl keeps this pointer and writes its detailed message into it, so it must not move.
    private let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()

    init(request: HTTPRequest, handle: UnsafeMutableRawPointer, configuration: HTTPClient.Configuration, curl: CurlCalls) throws(HTTPClientError) {
        self.request = request
        self.handle = handle
        try configure(configuration, curl: curl)
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_slist_free_all(resolveList)
        errorBuffer.deallocate()
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    func result(code: CURLcode) -> Result<HTTPResponse, HTTPClientError> {
        if let limitExceeded {
            return .failure(HTTPClientError(kind: .responseTooLarge, curlCode: Int(code.rawValue), message: limitExceeded))
        }
        guard code == CURLE_OK else {
            var error = HTTPClientError(code: code, detail: String(validatingCString: errorBuffer) ?? "")
            // A timeout or reset before any byte of the request was written (while connecting or
            // during the TLS handshake) proves the server never saw the request: safe to send again.
            var requestBytesSent = 0
            ccurl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestBytesSent)
            if requestBytesSent == 0, [.timedOut, .connectionLost, .other].contains(error.kind) {
                error.kind = .couldNotConnect
            }
            return .failure(error)
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody))
    }

    private func configure(_ configuration: HTTPClient.Configuration, curl: CurlCalls) throws(HTTPClientError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(ccurl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        try check(ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1))
        try check(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout.wholeMilliseconds)))
        // 0 means "no timeout" to libcurl, so a timeout under a millisecond is rounded up, not dropped.
        try check(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeout.map { max(1, Int($0.wholeMilliseconds)) } ?? 0))
        // Only http and https, also for redirects, which are never followed.
        try check(ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        if !configuration.useProxy {
            try check(ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*"))
        }
        // Refuses a body whose Content-Length is too large before reading it. `appendBody`
        // catches bodies of unknown length, which libcurl before 8.4 lets through, and a limit
        // of 0, which libcurl reads as "no limit".
        try check(ccurl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maximumResponseBodySize)))
        if let caBundlePath = configuration.caBundlePath {
            try check(ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath))
        }

        try check(ccurl_setopt_write_function(handle, curlWriteBody))
        try check(ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, me))
        try check(ccurl_setopt_header_function(handle, curlWriteHeader))
        try check(ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, me))

        switch request.method {
        case .get:
            try check(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case .head:
            try check(ccurl_setopt_long(handle, CURLOPT_NOBODY, 1))
        case .post, .put, .delete:
            // The body is streamed from `request.body` by `readBody`, never copied into libcurl.
            try check(ccurl_setopt_long(handle, CURLOPT_POST, 1))
            try check(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            try check(ccurl_setopt_read_function(handle, curlReadBody))
            try check(ccurl_setopt_ptr(handle, CURLOPT_READDATA, me))
            if request.method != .post {
                try check(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
            }
        }

        // "Expect:" because libcurl would otherwise wait for `100 Continue` before sending a large body.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            // On failure the list is left as it was, and freed with the transfer: the request is
            // never sent short of a field (the `Authorization` one, say).
            guard let extended = curl.slistAppend(headerList, line) else {
                throw HTTPClientError(
                    kind: .couldNotConnect, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue),
                    message: "curl_slist_append failed: could not set the request's header fields")
            }
            headerList = extended
        }
        try check(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        if let pinned = request.pinnedAddress {
            let address = pinned.address.contains(":") ? "[\(pinned.address)]" : pinned.address
            let entry = "\(pinned.host):\(pinned.port):\(address)"
            guard let list = curl.slistAppend(nil, entry) else {
                throw HTTPClientError(
                    kind: .couldNotConnect, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue),
                    message: "curl_slist_append failed: could not pin the request's address")
            }
            resolveList = list
            try check(ccurl_setopt_slist(handle, CURLOPT_RESOLVE, list))
        }
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw HTTPClientError(kind: .invalidRequest, curlCode: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }

    /// Appends a piece of the body, or returns `false` (aborting the transfer) when it would
    /// take the body past `request.maximumResponseBodySize`.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= request.maximumResponseBodySize else {
            limitExceeded = "response body exceeds \(request.maximumResponseBodySize) bytes"
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    /// Takes in one header line, or returns `false` (aborting the transfer) when it would take the
    /// response's header past ``HTTPResponse/maximumHeaderSize`` or
    /// ``HTTPResponse/maximumHeaderFieldCount``.
    fileprivate func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytesReceived += bytes.count
        guard headerBytesReceived <= HTTPResponse.maximumHeaderSize else {
            limitExceeded = "response header exceeds \(HTTPResponse.maximumHeaderSize) bytes"
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new status line (after `100 Continue` or an interim response) starts a new header block.
            responseHeaders = HTTPHeaders()
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        headerFieldsReceived += 1
        guard headerFieldsReceived <= HTTPResponse.maximumHeaderFieldCount else {
            limitExceeded = "response header has more than \(HTTPResponse.maximumHeaderFieldCount) fields"
            return false
        }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingHTTPWhitespace()
        responseHeaders.add(name: name, value: value)
        return true
    }

    fileprivate func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = request.body.withUnsafeBytes { body -> Int in
            let count = min(buffer.count, body.count - uploadOffset)
            guard count > 0, let base = body.baseAddress else { return 0 }
            buffer.baseAddress?.copyMemory(from: base + uploadOffset, byteCount: count)
            return count
        }
        uploadOffset += count
        return count
    }
}

private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    // Returning fewer bytes than given makes libcurl abort with CURLE_WRITE_ERROR.
    return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    // As for the body, returning fewer bytes than given aborts the transfer.
    return transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private func curlReadBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.readBody(into: UnsafeMutableRawBufferPointer(start: data, count: size * count))
}

extension Substring {
    func trimmingHTTPWhitespace() -> String {
        // "\r\n" is a single Character, equal to neither "\r" nor "\n".
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}

extension HTTPClientError {
    init(code: CURLcode, detail: String) {
        let kind: Kind = switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: .connectionLost
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER: .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: .invalidRequest
        case CURLE_FILESIZE_EXCEEDED: .responseTooLarge
        default: .other
        }
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        self.init(kind: kind, curlCode: Int(code.rawValue), message: message)
    }
}

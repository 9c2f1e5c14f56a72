/// One HTTP request, sent by ``HTTPClient``.
///
/// Printing a request shows its method, URL, header fields with the values of
/// ``HTTPHeaders/isSensitive(_:)`` fields as `<redacted>`, and the body's size, never its bytes.
public struct HTTPRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE", head = "HEAD"
    }

    /// The body limit of a request that sets none: 1 MiB. Every AWS answer the project reads
    /// (SES, and the DynamoDB items, Step Functions outputs and secrets to come) is far smaller;
    /// a caller that expects more — an S3 object, a Lambda event — raises the limit for its request.
    public static let defaultMaximumResponseBodySize = 1 << 20

    public var method: Method
    /// Absolute URL, e.g. `http://127.0.0.1:9001/2018-06-01/runtime/invocation/next`.
    public var url: String
    public var headers: HTTPHeaders
    /// Sent as is with a `Content-Length`; empty means no body.
    public var body: [UInt8]
    /// Limit for the whole exchange; `nil` waits for ever (the Runtime API `/next` long poll).
    public var timeout: Duration?
    /// The most response body bytes to accept, ``defaultMaximumResponseBodySize`` unless the caller
    /// chooses. A longer body fails the transfer with ``HTTPClientError/Kind/responseTooLarge`` as
    /// soon as its `Content-Length` announces it, or once that many bytes have arrived, so no more
    /// than this is ever buffered.
    public var maximumResponseBodySize: Int
    /// The IP address to connect to for the URL's host and port (libcurl's `CURLOPT_RESOLVE`),
    /// so that a name the caller resolved and checked is not resolved again — to another
    /// address — when connecting; `nil` resolves the name as usual. TLS still verifies the name.
    public var pinnedAddress: PinnedAddress?

    /// The URL's host (as written in the URL, without brackets) and port, and the numeric IPv4
    /// or IPv6 address to reach them at.
    public struct PinnedAddress: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var address: String

        public init(host: String, port: Int, address: String) {
            self.host = host
            self.port = port
            self.address = address
        }
    }

    public init(
        method: Method,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration?,
        maximumResponseBodySize: Int = HTTPRequest.defaultMaximumResponseBodySize,
        pinnedAddress: PinnedAddress? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumResponseBodySize = maximumResponseBodySize
        self.pinnedAddress = pinnedAddress
    }

    public var description: String {
        "\(method.rawValue) \(url) \(headers) body \(body.count) bytes"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "method": method,
            "url": url,
            "headers": headers,
            "bodySize": body.count,
            "timeout": timeout as Any,
            "maximumResponseBodySize": maximumResponseBodySize,
        ])
    }
}

/// One HTTP request, sent by ``HTTPClient``.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE", head = "HEAD"
    }

    public var method: Method
    /// Absolute URL, e.g. `http://127.0.0.1:9001/2018-06-01/runtime/invocation/next`.
    public var url: String
    public var headers: HTTPHeaders
    /// Sent as is with a `Content-Length`; empty means no body.
    public var body: [UInt8]
    /// Limit for the whole exchange; `nil` waits for ever (the Runtime API `/next` long poll).
    public var timeout: Duration?
    /// The most response body bytes to accept; `nil` accepts any size. A longer body fails the
    /// transfer with ``HTTPClientError/Kind/responseTooLarge`` as soon as its `Content-Length`
    /// announces it, or once that many bytes have arrived, so no more than this is ever buffered.
    public var maximumResponseBodySize: Int?

    public init(
        method: Method,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration?,
        maximumResponseBodySize: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumResponseBodySize = maximumResponseBodySize
    }
}

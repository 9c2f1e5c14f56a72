import FoundationEssentials

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
    public var body: Data
    /// Limit for the whole exchange; `nil` waits for ever (the Runtime API `/next` long poll).
    public var timeout: Duration?

    public init(
        method: Method,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        timeout: Duration?
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

import CurlHTTP

/// A service's successful answer to an ``AWSRequest``: a 2xx, or a `304` to a conditional request.
public struct AWSResponse: Sendable {
    public var http: HTTPResponse
    /// Requests sent for this call, the answered one included.
    public var attempts: Int
    /// From the start of the first attempt to the answer, retries and their delays included.
    public var latency: Duration
}

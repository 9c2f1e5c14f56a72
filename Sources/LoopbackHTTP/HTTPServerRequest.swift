import FoundationEssentials

/// One request as the server read it off the wire.
public struct HTTPServerRequest: Sendable {
    /// The method as sent, e.g. `GET`.
    public var method: String
    /// The request target up to any `?`, as sent (not percent-decoded).
    public var path: String
    /// What follows the `?` in the request target, as sent; `nil` when there is no `?`.
    public var query: String?
    public var headers: HTTPServerHeaders
    /// Exactly `Content-Length` bytes; empty when the request has no body.
    public var body: Data
    /// Which accepted connection carried the request, counting from 1: requests that share a
    /// number arrived on the same kept-alive connection.
    public var connectionNumber: Int

    public init(
        method: String,
        path: String,
        query: String? = nil,
        headers: HTTPServerHeaders = [:],
        body: Data = Data(),
        connectionNumber: Int = 1
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.connectionNumber = connectionNumber
    }
}

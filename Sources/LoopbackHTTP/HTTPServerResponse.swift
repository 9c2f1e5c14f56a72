import FoundationEssentials

/// What the server does with a request: answer it, or end the connection without an answer to
/// stand in for a peer that crashed or a network that failed, optionally after a delay.
public struct HTTPServerResponse: Sendable {
    public enum Action: Sendable, Equatable {
        /// Send the status, headers and body.
        case answer
        /// Close the connection without answering: the client reads an orderly end of stream (FIN).
        case close
        /// Reset the connection without answering: `SO_LINGER` 0 makes the close send an RST.
        case reset
    }

    public var status: Int
    /// Sent as given, followed by a `Content-Length` the server computes (one given here is dropped).
    /// A `Connection: close` field makes the server close the connection after answering.
    public var headers: HTTPServerHeaders
    public var body: Data
    /// How long to wait before the action, e.g. to make a client time out. The wait ends early
    /// (and the connection closes) when the server shuts down.
    public var delay: Duration
    public var action: Action

    public init(
        status: Int = 200,
        headers: HTTPServerHeaders = [:],
        body: Data = Data(),
        delay: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.action = .answer
    }

    /// Closes the connection without answering, after `delay`.
    public static func close(after delay: Duration = .zero) -> HTTPServerResponse {
        var response = HTTPServerResponse(status: 0, delay: delay)
        response.action = .close
        return response
    }

    /// Resets the connection without answering, after `delay`.
    public static func reset(after delay: Duration = .zero) -> HTTPServerResponse {
        var response = HTTPServerResponse(status: 0, delay: delay)
        response.action = .reset
        return response
    }
}

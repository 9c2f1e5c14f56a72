/// A transfer that produced no HTTP response.
///
/// An HTTP error status is not an ``HTTPClientError``: it arrives as an ``HTTPResponse``.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request never left this process: no connection could be made (refused, unresolvable
        /// host), or libcurl could not take the transfer on or build its header fields (out of
        /// memory). Sending it again is safe.
        case couldNotConnect
        /// The request's timeout passed before the response was complete.
        case timedOut
        /// The peer closed or reset the connection mid-exchange.
        case connectionLost
        /// Certificate verification or the TLS handshake failed.
        case tls
        /// The request could not be expressed (bad URL, unsupported option).
        case invalidRequest
        /// The response body is longer than ``HTTPRequest/maximumResponseBodySize``, or its header
        /// is larger than ``HTTPResponse/maximumHeaderSize`` or has more than
        /// ``HTTPResponse/maximumHeaderFieldCount`` fields.
        case responseTooLarge
        /// Anything else libcurl reports, including a failure of libcurl's multi interface while
        /// the transfer was under way.
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`, or its `CURLMcode` when the multi interface failed (the message names
    /// the call), kept for diagnosis.
    public var curlCode: Int
    public var message: String

    public init(kind: Kind, curlCode: Int, message: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
    }

    /// Whether sending the same request again may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .couldNotConnect, .timedOut, .connectionLost, .other: true
        case .tls, .invalidRequest, .responseTooLarge: false
        }
    }

    /// Whether the server may have received the request, and so may have acted on it although no
    /// answer came back. `false` only when the failure proves that no byte of the request went
    /// out: no connection was made, the TLS handshake failed, or libcurl refused the request
    /// before sending it. A request that is not idempotent may be sent again only when this is
    /// `false`.
    public var mayHaveReachedServer: Bool {
        switch kind {
        case .couldNotConnect, .tls, .invalidRequest: false
        case .timedOut, .connectionLost, .responseTooLarge, .other: true
        }
    }

    public var description: String { "HTTP transfer failed (\(kind), curl \(curlCode)): \(message)" }
}

/// A transfer that produced no HTTP response.
///
/// An HTTP error status is not an ``HTTPClientError``: it arrives as an ``HTTPResponse``.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection could be made (refused, unresolvable host, connect timeout).
        case couldNotConnect
        /// The request's timeout passed before the response was complete.
        case timedOut
        /// The peer closed or reset the connection mid-exchange.
        case connectionLost
        /// Certificate verification or the TLS handshake failed.
        case tls
        /// The request could not be expressed (bad URL, unsupported option).
        case invalidRequest
        /// The response body is longer than ``HTTPRequest/maximumResponseBodySize``.
        case responseTooLarge
        /// Anything else libcurl reports.
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`, kept for diagnosis.
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

    public var description: String { "HTTP transfer failed (\(kind), curl \(curlCode)): \(message)" }
}

import CurlHTTP

/// Why an object could not be read, which object, how often it was tried, and whether trying
/// again later can help.
public struct S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// S3 answered with an error, e.g. `NoSuchKey`, `AccessDenied` or `SlowDown`.
        case service(S3ErrorResponse)
        /// No HTTP response: the connection failed, broke or timed out.
        case transport(HTTPClientError)
        /// The object is larger than the `maximumSize` asked for; at most that much was read.
        case objectTooLarge(maximumSize: Int)
        /// The bucket name, key or ETag cannot be sent, or the endpoint is not an http(s) URL;
        /// nothing was sent.
        case invalidRequest(String)
        /// S3 answered with a success GetObject does not give (a `200` without an `ETag`, a
        /// `304` to a request without `If-None-Match`, another 2xx).
        case unexpectedResponse(status: Int, problem: String)
        /// The deadline had passed before a request could be sent.
        case deadlinePassed
    }

    public var reason: Reason
    public var bucket: String
    public var key: String
    /// Requests sent before giving up; 0 when the request was refused before sending.
    public var attempts: Int

    public init(reason: Reason, bucket: String, key: String, attempts: Int) {
        self.reason = reason
        self.bucket = bucket
        self.key = key
        self.attempts = attempts
    }

    /// S3's answer, when it answered with an error.
    public var serviceResponse: S3ErrorResponse? {
        if case .service(let response) = reason { response } else { nil }
    }

    /// S3's error code, e.g. `NoSuchKey`, when it answered with one.
    public var code: String? {
        serviceResponse?.code
    }

    /// Whether reading the same object again later may succeed: S3's internal errors and
    /// throttling (`InternalError`, `SlowDown`, any 5xx), connection failures and a deadline too
    /// short. A missing object or bucket, a refused signature or permission, and an object over
    /// the size limit will fail the same way again.
    public var isRetryable: Bool {
        switch reason {
        case .service(let response):
            response.code.map(Self.retryableCodes.contains) == true || Self.retryableStatuses.contains(response.status)
        case .transport(let error):
            error.isRetryable
        case .deadlinePassed:
            true
        case .objectTooLarge, .invalidRequest, .unexpectedResponse:
            false
        }
    }

    /// S3's transient codes, which the AWS SDKs retry; `RequestTimeout` (400) means S3 gave up
    /// waiting on a slow connection, `OperationAborted` (409) a conflicting operation in progress.
    static let retryableCodes: Set<String> = [
        "InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "OperationAborted",
        "Throttling", "ThrottlingException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    ]
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    public var description: String {
        let object = "s3://\(bucket)/\(key)"
        let outcome = "\(attempts == 1 ? "1 attempt" : "\(attempts) attempts"), \(isRetryable ? "retryable" : "not retryable")"
        switch reason {
        case .service(let response):
            return "S3 refused to read \(object): \(response) (\(outcome))"
        case .transport(let error):
            return "S3 could not be reached to read \(object): \(error) (\(outcome))"
        case .objectTooLarge(let maximumSize):
            return "\(object) is larger than the \(maximumSize) bytes allowed; not read"
        case .invalidRequest(let problem):
            return "cannot read \(object): \(problem); nothing sent"
        case .unexpectedResponse(let status, let problem):
            return "S3 answered HTTP \(status) to reading \(object): \(problem) (\(outcome))"
        case .deadlinePassed:
            return "the deadline passed before \(object) could be read (\(outcome))"
        }
    }
}

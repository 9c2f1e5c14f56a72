import CurlHTTP

/// Why a call to an AWS service failed: which service and operation, what the service (or the
/// network) said, how often it was tried, whether trying again later can help, and whether it may
/// have taken effect although it failed.
///
/// Every service client throws this one type, so that callers decide retries and report
/// duplicates the same way for SES, S3, DynamoDB and whatever comes next.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The service answered with an error, e.g. `MessageRejected`, `NoSuchKey`, `ThrottlingException`.
        case service(AWSErrorResponse)
        /// No HTTP response: the connection failed, broke or timed out.
        case transport(HTTPClientError)
        /// The answer was longer than the request allowed; at most that much was read.
        case responseTooLarge(maximumSize: Int)
        /// The client refused the call before sending anything: `code` names the rule
        /// (`TooManyRecipients`, `MessageTooLarge`, `InvalidRequest`, `InvalidEndpoint`),
        /// `problem` says what broke it.
        case refusedBeforeSending(code: String, problem: String)
        /// The service answered with a success the operation does not give (a 2xx without the
        /// field the operation returns, a `304` to an unconditional request).
        case unexpectedResponse(status: Int, problem: String)
        /// The deadline had passed before a request could be sent.
        case deadlinePassed
    }

    /// The service, e.g. `SES`.
    public var service: String
    /// The operation, e.g. `SendEmail`.
    public var operation: String
    /// What the call was about when that is not secret or personal (`s3://bucket/key`), else `nil`.
    public var resource: String?
    public var reason: Reason
    /// Requests sent before giving up; 0 when the call was refused before sending.
    public var attempts: Int
    /// Whether the service may have carried out the call although no answer says so: the request
    /// went out and its answer was lost (a timeout, a connection broken before the answer, an answer
    /// too large or unreadable), and the operation is not idempotent. Only a connection that could
    /// not be made, or a TLS handshake that failed, proves that the service never saw the request;
    /// an error answer proves that it did not carry it out.
    ///
    /// ``AWSClient`` never retries such a call (SES has no idempotency token: a retry could send a
    /// message twice). The caller reports it failed, and says that it may have been done.
    public var mayHaveBeenSent: Bool

    public init(service: String, operation: String, resource: String? = nil, reason: Reason, attempts: Int, mayHaveBeenSent: Bool = false) {
        self.service = service
        self.operation = operation
        self.resource = resource
        self.reason = reason
        self.attempts = attempts
        self.mayHaveBeenSent = mayHaveBeenSent
    }

    /// The service's answer, when it answered with an error.
    public var serviceResponse: AWSErrorResponse? {
        if case .service(let response) = reason { response } else { nil }
    }

    /// The service's HTTP status, when it answered.
    public var httpStatus: Int? {
        switch reason {
        case .service(let response): response.status
        case .unexpectedResponse(let status, _): status
        default: nil
        }
    }

    /// The AWS error code when the service gave one, else ours: `ConnectionFailed`,
    /// `ResponseTooLarge`, the refusal's code, `UnexpectedResponse`, `DeadlineExceeded`, or
    /// `<service>Error` for an error answer without a code.
    public var code: String {
        switch reason {
        case .service(let response): response.code ?? "\(service)Error"
        case .transport: "ConnectionFailed"
        case .responseTooLarge: "ResponseTooLarge"
        case .refusedBeforeSending(let code, _): code
        case .unexpectedResponse: "UnexpectedResponse"
        case .deadlinePassed: "DeadlineExceeded"
        }
    }

    /// The service's message, or what went wrong in our words.
    public var message: String {
        switch reason {
        case .service(let response): response.message
        case .transport(let error): error.message
        case .responseTooLarge(let maximumSize): "the answer is larger than the \(maximumSize) bytes allowed"
        case .refusedBeforeSending(_, let problem): problem
        case .unexpectedResponse(_, let problem): problem
        case .deadlinePassed: "the deadline passed before a request could be sent"
        }
    }

    /// Whether the same call later may succeed: throttling, server errors, connection failures and
    /// a deadline too short. Rejections, authentication failures, refused limits and answers the
    /// client cannot read will fail the same way again.
    public var isRetryable: Bool {
        switch reason {
        case .service(let response):
            response.code.map(Self.retryableCodes.contains) == true || Self.retryableStatuses.contains(response.status)
        case .transport(let error):
            error.isRetryable
        case .deadlinePassed:
            true
        case .responseTooLarge, .refusedBeforeSending, .unexpectedResponse:
            false
        }
    }

    /// The throttling and transient codes the AWS SDKs retry (botocore's standard retry mode),
    /// and S3's: `RequestTimeout` (400) means S3 gave up waiting on a slow connection,
    /// `OperationAborted` (409) a conflicting operation in progress.
    static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        "RequestTimeout", "RequestTimeoutException",
        "InternalError", "ServiceUnavailable", "OperationAborted",
    ]
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    public var description: String {
        var call = "\(service) \(operation)"
        if let resource { call += " \(resource)" }
        var outcome = "\(attempts == 1 ? "1 attempt" : "\(attempts) attempts"), \(isRetryable ? "retryable" : "not retryable")"
        if mayHaveBeenSent { outcome += ", \(service) may have carried it out" }
        switch reason {
        case .service(let response):
            return "\(call): \(service) answered \(response) (\(outcome))"
        case .transport(let error):
            return "\(call): \(service) could not be reached: \(error) (\(outcome))"
        case .responseTooLarge(let maximumSize):
            return "\(call): the answer is larger than the \(maximumSize) bytes allowed (\(outcome))"
        case .refusedBeforeSending(let code, let problem):
            return "\(call): not sent, \(code): \(problem)"
        case .unexpectedResponse(let status, let problem):
            return "\(call): \(service) answered HTTP \(status), \(problem) (\(outcome))"
        case .deadlinePassed:
            return "\(call): the deadline passed before a request could be sent (\(outcome))"
        }
    }
}

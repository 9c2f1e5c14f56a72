import CurlHTTP

/// Why a message was not sent, how often it was tried, and whether trying again later can help.
public struct SESError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// SES answered with an error, e.g. `MessageRejected` or `TooManyRequestsException`.
        case service(SESErrorResponse)
        /// No HTTP response: the connection failed, broke or timed out.
        case transport(HTTPClientError)
        /// More than ``SendEmailRequest/maximumRecipientCount`` recipients; nothing was sent.
        case tooManyRecipients(count: Int)
        /// More than ``SendEmailRequest/maximumEncodedMessageSize`` bytes once base64-encoded; nothing was sent.
        case messageTooLarge(encodedSize: Int)
        /// The endpoint is not an absolute `http`/`https` URL; nothing was sent.
        case invalidEndpoint(String)
        /// SES answered 2xx without a `MessageId`; the message may have been accepted.
        case unexpectedResponse(status: Int, body: String)
        /// The deadline had passed before a request could be sent.
        case deadlinePassed
    }

    public var reason: Reason
    /// Requests sent before giving up; 0 when the message was refused before sending.
    public var attempts: Int

    public init(reason: Reason, attempts: Int) {
        self.reason = reason
        self.attempts = attempts
    }

    /// SES's answer, when it answered with an error.
    public var serviceResponse: SESErrorResponse? {
        if case .service(let response) = reason { response } else { nil }
    }

    /// SES's error code, e.g. `MessageRejected`, when it answered with one.
    public var code: String? {
        serviceResponse?.code
    }

    /// Whether sending the same message again later may succeed: throttling, server errors,
    /// connection failures and a deadline too short. Rejections, authentication failures and
    /// refused limits will fail the same way again.
    public var isRetryable: Bool {
        switch reason {
        case .service(let response):
            response.code.map(Self.retryableCodes.contains) == true || Self.retryableStatuses.contains(response.status)
        case .transport(let error):
            error.isRetryable
        case .deadlinePassed:
            true
        case .tooManyRecipients, .messageTooLarge, .invalidEndpoint, .unexpectedResponse:
            false
        }
    }

    /// The throttling and transient codes the AWS SDKs retry (botocore's standard retry mode).
    static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        "RequestTimeout", "RequestTimeoutException",
    ]
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    public var description: String {
        let outcome = "\(attempts == 1 ? "1 attempt" : "\(attempts) attempts"), \(isRetryable ? "retryable" : "not retryable")"
        switch reason {
        case .service(let response):
            return "SES refused the message: \(response) (\(outcome))"
        case .transport(let error):
            return "SES could not be reached: \(error) (\(outcome))"
        case .tooManyRecipients(let count):
            return "message has \(count) recipients, SES allows \(SendEmailRequest.maximumRecipientCount); not sent"
        case .messageTooLarge(let size):
            return "message is \(size) bytes base64-encoded, SES allows \(SendEmailRequest.maximumEncodedMessageSize); not sent"
        case .invalidEndpoint(let endpoint):
            return "SES endpoint \"\(endpoint)\" is not an http(s) URL; not sent"
        case .unexpectedResponse(let status, let body):
            return "SES answered HTTP \(status) without a MessageId: \(body.prefix(200)) (\(outcome))"
        case .deadlinePassed:
            return "the deadline passed before the message could be sent (\(outcome))"
        }
    }
}

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

    /// Whether SES may have accepted the message although no `MessageId` came back: the request went
    /// out and its answer was lost — a timeout, a connection that broke or closed before the answer,
    /// a 2xx answer without a readable `MessageId`. Only a connection that could not be made, or a
    /// TLS handshake that failed, proves that SES never saw the request; an error answer proves it
    /// did not send the message.
    ///
    /// ``SESClient`` does not retry such a failure: SES has no idempotency token, so a retry could
    /// send the message twice. The caller reports it failed, and a later retry by the message's
    /// source (SQS redelivery, an API client's retry) may then deliver it a second time.
    public var mayHaveBeenSent: Bool {
        switch reason {
        case .transport(let error):
            switch error.kind {
            case .couldNotConnect, .tls, .invalidRequest: false
            case .timedOut, .connectionLost, .responseTooLarge, .other: true
            }
        case .unexpectedResponse:
            true
        case .service, .tooManyRecipients, .messageTooLarge, .invalidEndpoint, .deadlinePassed:
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
        var outcome = "\(attempts == 1 ? "1 attempt" : "\(attempts) attempts"), \(isRetryable ? "retryable" : "not retryable")"
        if mayHaveBeenSent { outcome += ", SES may have sent it" }
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

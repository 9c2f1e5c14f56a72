/// Why a valid message was not sent, in the terms its source needs to decide about a retry.
struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// SES's error code (`MessageRejected`, `TooManyRequestsException`) or ours
    /// (`DeadlineExceeded`, `ConnectionFailed`, `OutboxWriteFailed`).
    var code: String
    var message: String
    /// Whether sending the same message later may succeed.
    var isRetryable: Bool
    /// The request went out but its answer was lost: SES may have sent the message, and a retry by
    /// the source may deliver it twice.
    var mayHaveBeenSent = false

    var description: String { "\(code): \(message)" }
}

/// What became of one input message.
enum MessageOutcome: Sendable, Equatable {
    /// Accepted by SES (or written to the outbox) under this message id.
    case sent(messageID: String)
    /// Invalid input; sending it again cannot help.
    case rejected(ValidationError)
    case failed(DeliveryFailure)
    /// An API request refused before its message was read: no such route, wrong method, body too
    /// large or not JSON.
    case refused(RequestRefusal)

    var isSent: Bool {
        if case .sent = self { true } else { false }
    }
}

/// Why an API request was refused before its message was read, with the HTTP status it got.
struct RequestRefusal: Sendable, Equatable {
    var status: Int
    /// `NotFound`, `MethodNotAllowed`, `PayloadTooLarge`, `UnsupportedMediaType`, `InvalidBody`.
    var code: String
    var message: String

    /// The refusal as a failure that a retry cannot help.
    var failure: DeliveryFailure {
        DeliveryFailure(code: code, message: message, isRetryable: false)
    }
}

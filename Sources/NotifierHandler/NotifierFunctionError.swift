import JSON

/// The function errors the notifier reports to Lambda; the `errorType` is what a caller, a
/// destination or an alarm filter matches on.
enum NotifierFunctionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input cannot become an e-mail. `errorMessage` is the JSON `{"errors": [...]}`.
    case validation(ValidationError)
    /// A valid message was not sent; `errorMessage` says why and whether a retry may help.
    case delivery(DeliveryFailure)
    /// The event is of no kind this function handles.
    case unsupportedEvent(UnsupportedEventError)
    /// The event itself is not JSON, is over the parser's limits or gives a member name twice.
    case malformedEvent(JSONSyntaxError)
    /// SES events whose status could not be stored or posted to its webhook; the source
    /// delivers them again.
    case statusUpdateFailed([String])

    var errorType: String {
        switch self {
        case .validation: "ValidationError"
        case .delivery(let failure): failure.isRetryable ? "SendFailedRetryable" : "SendFailed"
        case .unsupportedEvent: "UnsupportedEvent"
        case .malformedEvent: "MalformedEvent"
        case .statusUpdateFailed: "StatusUpdateFailed"
        }
    }

    var errorMessage: String {
        switch self {
        case .validation(let error): String(decoding: error.json.serialized(), as: UTF8.self)
        case .delivery(let failure): "\(failure.code): \(failure.message)"
        case .unsupportedEvent(let error): error.description
        case .malformedEvent(let error): "the event cannot be read: \(error.description)"
        case .statusUpdateFailed(let problems): "delivery events not fully recorded: " + problems.prefix(10).joined(separator: "; ")
        }
    }

    var description: String { "\(errorType): \(errorMessage)" }
}

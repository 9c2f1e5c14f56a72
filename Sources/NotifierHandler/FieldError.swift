import JSON

/// One problem with one field of the input, e.g. `to[0]`: `not an e-mail address`.
struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// A stable, PII-free code for the kind of problem, logged beside the field path.
    enum Reason: String, Sendable, Equatable {
        case missing
        case invalidType = "invalid_type"
        case unknownField = "unknown_field"
        case duplicateField = "duplicate_field"
        case malformedJSON = "malformed_json"
        case tooMany = "too_many"
        case tooLong = "too_long"
        case tooLarge = "too_large"
        case invalidAddress = "invalid_address"
        case senderNotAllowed = "sender_not_allowed"
        case headerNotAllowed = "header_not_allowed"
        case unsafeCharacter = "unsafe_character"
        case invalidBase64 = "invalid_base64"
        case invalidValue = "invalid_value"
        case templateFailed = "template_failed"
    }

    /// The longest message kept: messages may quote the producer's values, and they are echoed back.
    static let maximumMessageLength = 512

    /// Where the problem is, as a path into the producer's JSON: `to[0]`, `attachments[1].content`.
    var path: FieldPath
    var reason: Reason
    var message: String

    /// `message` is shortened to ``maximumMessageLength`` characters.
    init(_ path: FieldPath, _ reason: Reason, _ message: String) {
        self.path = path
        self.reason = reason
        self.message = message.shortened(to: Self.maximumMessageLength)
    }

    /// The path as the producer is shown it.
    var field: String { path.shown }

    var description: String { "\(field): \(message)" }

    var json: JSONValue { ["field": .string(field), "message": .string(message)] }
}

import JSON

/// One problem with one field of the input, e.g. `to[0]`: `not an e-mail address`.
struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, as a path into the producer's JSON: `to[0]`, `attachments[1].content`.
    var field: String
    var message: String

    var description: String { "\(field): \(message)" }

    var json: JSONValue { ["field": .string(field), "message": .string(message)] }
}

/// Input that cannot become an e-mail, with every problem found (never just the first).
struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    var errors: [FieldError]

    var description: String {
        "invalid notification: " + errors.map(\.description).joined(separator: "; ")
    }

    var json: JSONValue { ["errors": .array(errors.map(\.json))] }
}

import JSON

/// Input that cannot become an e-mail, with every problem found up to
/// ``maximumReportedErrors``; further ones are only counted, so that an answer stays small
/// however broken the input.
struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    static let maximumReportedErrors = 20

    private(set) var errors: [FieldError] = []
    /// Problems found beyond ``maximumReportedErrors``.
    private(set) var unreportedCount = 0

    init(errors: [FieldError] = []) {
        for error in errors { append(error) }
    }

    init(_ path: FieldPath, _ reason: FieldError.Reason, _ message: String) {
        self.init(errors: [FieldError(path, reason, message)])
    }

    var isEmpty: Bool { errors.isEmpty }

    mutating func append(_ error: FieldError) {
        if errors.count < Self.maximumReportedErrors {
            errors.append(error)
        } else {
            unreportedCount += 1
        }
    }

    mutating func append(_ path: FieldPath, _ reason: FieldError.Reason, _ message: String) {
        append(FieldError(path, reason, message))
    }

    mutating func append(contentsOf other: ValidationError) {
        for error in other.errors { append(error) }
        unreportedCount += other.unreportedCount
    }

    /// The errors `isIncluded` keeps, and as many unreported ones as before.
    func filter(_ isIncluded: (FieldError) -> Bool) -> ValidationError {
        var kept = ValidationError(errors: errors.filter(isIncluded))
        kept.unreportedCount = unreportedCount
        return kept
    }

    /// Each error as `transform` rewrites it, and as many unreported ones as before.
    func map(_ transform: (FieldError) -> FieldError) -> ValidationError {
        var mapped = ValidationError(errors: errors.map(transform))
        mapped.unreportedCount = unreportedCount
        return mapped
    }

    var description: String {
        let more = unreportedCount > 0 ? "; and \(unreportedCount) more" : ""
        return "invalid notification: " + errors.map(\.description).joined(separator: "; ") + more
    }

    /// `{"errors": [...]}`, with `"moreErrors": n` when problems went unreported.
    var json: JSONValue {
        var object = JSONObject([("errors", .array(errors.map(\.json)))])
        if unreportedCount > 0 { object["moreErrors"] = .number(String(unreportedCount)) }
        return .object(object)
    }
}

import JSON

/// Reads one message, from JSON text or an already parsed value, into a validated e-mail.
///
/// The single path every source takes: JSON → ``Notification`` (``NotificationParser``) →
/// ``PreparedEmail`` (``NotificationValidator``). Every failure is a ``ValidationError`` whose
/// field paths start with `path`, so an SQS producer reads `Records[3].body.to[0]`.
struct NotificationReader: Sendable {
    var validator: NotificationValidator

    /// Reads JSON text, e.g. an SQS body, an SNS `Message` or an API Gateway body.
    ///
    /// An SQS body that is itself an SNS envelope (SNS → SQS without raw delivery) is unwrapped,
    /// and the envelope's `Subject` is used when the message has none.
    func read(text: some Collection<UInt8>, path: String, fallbackSubject: String? = nil) -> Result<PreparedEmail, ValidationError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(text))
        } catch {
            let field = path.isEmpty ? "(body)" : String(path.dropLast())
            return .failure(ValidationError(errors: [FieldError(field: field, message: error.description)]))
        }
        if let envelope = value.objectValue.flatMap(SNSRecord.init(envelope:)) {
            return read(text: Array(envelope.message.utf8), path: path + "Message.", fallbackSubject: envelope.subject)
        }
        return read(value, path: path, fallbackSubject: fallbackSubject)
    }

    /// Reads an already parsed notification (a direct invocation).
    ///
    /// Type errors and validation errors are reported together; a field with a type error is not
    /// reported again by validation (a `to` that is a number is not also "missing").
    func read(_ value: JSONValue, path: String, fallbackSubject: String? = nil) -> Result<PreparedEmail, ValidationError> {
        let (parsed, parseErrors) = NotificationParser.parse(value, path: path)
        guard var notification = parsed else { return .failure(ValidationError(errors: parseErrors)) }
        if notification.subject == nil, let fallbackSubject {
            notification.subject = fallbackSubject
        }
        do {
            let email = try validator.validate(notification, path: path)
            return parseErrors.isEmpty ? .success(email) : .failure(ValidationError(errors: parseErrors))
        } catch {
            let reported = Set(parseErrors.map(\.field))
            let further = error.errors.filter { error in
                !reported.contains { error.field == $0 || error.field.hasPrefix($0 + "[") || error.field.hasPrefix($0 + ".") }
            }
            return .failure(ValidationError(errors: parseErrors + further))
        }
    }
}

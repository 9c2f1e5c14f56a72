import JSON
import Mustache

/// Reads one message, from JSON text or an already parsed value, into a validated e-mail.
///
/// The single path every source takes: JSON → ``Notification`` (``NotificationParser``) → its
/// template rendered, if it names one (``TemplateLibrary``) → ``PreparedEmail``
/// (``NotificationValidator``). Invalid input is a ``ValidationError`` whose field paths start
/// with `path`, so an SQS producer reads `Records[3].body.to[0]`.
struct NotificationReader {
    var validator: NotificationValidator
    var templates: TemplateLibrary
    /// Reads S3 attachments and extended-client bodies; refuses them all unless configured.
    var attachments = AttachmentFetcher(settings: .none)

    /// Reads JSON text, e.g. an SQS body, an SNS `Message` or an API Gateway body.
    ///
    /// An SQS body that is itself an SNS envelope (SNS → SQS without raw delivery) is unwrapped,
    /// and the envelope's `Subject` is used when the message has none. A body the extended
    /// clients left in S3 (``ExtendedPayloadPointer``) is read from there first.
    func read(text: some Collection<UInt8>, path: String, fallbackSubject: String? = nil, deadline: ContinuousClock.Instant) -> Result<PreparedEmail, ReadFailure> {
        var value: JSONValue
        let field = path.isEmpty ? "(body)" : String(path.dropLast())
        do {
            value = try JSONParser.parse(Array(text))
        } catch {
            return .failure(.invalid(ValidationError(errors: [FieldError(field: field, message: error.description)])))
        }
        if let pointer = ExtendedPayloadPointer(value) {
            switch storedMessage(pointer, field: field, deadline: deadline) {
            case .success(let stored): value = stored
            case .failure(let failure): return .failure(failure)
            }
        }
        if let envelope = value.objectValue.flatMap(SNSRecord.init(envelope:)) {
            return read(text: Array(envelope.message.utf8), path: path + "Message.", fallbackSubject: envelope.subject, deadline: deadline)
        }
        return read(value, path: path, fallbackSubject: fallbackSubject, deadline: deadline)
    }

    /// Reads an already parsed notification (a direct invocation).
    ///
    /// Type errors and validation errors are reported together; a field with a type error is not
    /// reported again by validation (a `to` that is a number is not also "missing").
    func read(_ value: JSONValue, path: String, fallbackSubject: String? = nil, deadline: ContinuousClock.Instant) -> Result<PreparedEmail, ReadFailure> {
        let (parsed, parseErrors) = NotificationParser.parse(value, path: path)
        guard var notification = parsed else { return .failure(.invalid(ValidationError(errors: parseErrors))) }
        var errors = parseErrors

        if let name = notification.template {
            if notification.subject != nil || notification.text != nil || notification.html != nil {
                errors.append(FieldError(field: path + "template", message: "give either a template (with data) or subject and text/html, not both"))
            } else {
                do {
                    let rendered = try templates.render(name, data: notification.data ?? .object(JSONObject()), deadline: deadline)
                    notification.subject = rendered.subject
                    notification.html = rendered.html
                    notification.text = rendered.text
                } catch {
                    switch error {
                    case .unavailable(let sourceError):
                        return .failure(.unavailable(DeliveryFailure(code: "TemplateUnavailable", message: sourceError.description, isRetryable: sourceError.isRetryable)))
                    case .rendering(_, let mustacheError) where mustacheError.isMissingVariable:
                        errors.append(FieldError(field: path + "data", message: error.description))
                    default:
                        errors.append(FieldError(field: path + "template", message: error.description))
                    }
                }
            }
        } else if notification.data != nil {
            errors.append(FieldError(field: path + "data", message: "template variables need a template"))
        }
        if notification.subject == nil, let fallbackSubject {
            notification.subject = fallbackSubject
        }
        if notification.attachments.contains(where: { $0.s3 != nil }) {
            errors += attachments.referenceErrors(notification, path: path)
            if errors.isEmpty, case .failure(let failure) = readS3Attachments(&notification, path: path, deadline: deadline) {
                switch failure {
                case .invalid(let error): errors += error.errors
                case .unavailable: return .failure(failure)
                }
            }
        }

        do {
            let email = try validator.validate(notification, path: path)
            return errors.isEmpty ? .success(email) : .failure(.invalid(ValidationError(errors: errors)))
        } catch {
            let reported = Set(errors.map(\.field))
            let renderingFailed = reported.contains(path + "template") || reported.contains(path + "data")
            let further = error.errors.filter { error in
                if reported.contains(where: { error.field == $0 || error.field.hasPrefix($0 + "[") || error.field.hasPrefix($0 + ".") }) {
                    return false
                }
                // A template that failed to render leaves no subject or body to complain about.
                let isContent = error.field == path + notification.fieldNames.subject || error.field == path + notification.fieldNames.text
                return !(renderingFailed && isContent)
            }
            return .failure(.invalid(ValidationError(errors: errors + further)))
        }
    }
}

extension NotificationReader {
    /// The notification an extended client stored in S3 for `pointer`, parsed.
    private func storedMessage(_ pointer: ExtendedPayloadPointer, field: String, deadline: ContinuousClock.Instant) -> Result<JSONValue, ReadFailure> {
        func invalid(_ message: String) -> Result<JSONValue, ReadFailure> {
            .failure(.invalid(ValidationError(errors: [FieldError(field: field, message: message)])))
        }
        let stored: JSONValue
        switch attachments.payload(pointer, field: field, deadline: deadline) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let bytes):
            do {
                stored = try JSONParser.parse(bytes)
            } catch {
                return invalid("the message stored at s3://\(pointer.bucket)/\(pointer.key) is not JSON: \(error)")
            }
        }
        if ExtendedPayloadPointer(stored) != nil {
            return invalid("the message stored at s3://\(pointer.bucket)/\(pointer.key) is itself a pointer to S3")
        }
        return .success(stored)
    }

    /// Reads the S3 attachments once everything else about the message is valid, so that an
    /// invalid message downloads nothing; if something else is invalid, the validator reports it.
    private func readS3Attachments(_ notification: inout Notification, path: String, deadline: ContinuousClock.Instant) -> Result<Void, ReadFailure> {
        var rest = notification
        rest.attachments.removeAll { $0.s3 != nil }
        guard (try? validator.validate(rest, path: path)) != nil else { return .success(()) }
        let fixedSize = (rest.text?.utf8.count ?? 0) + (rest.html?.utf8.count ?? 0)
            + rest.attachments.reduce(0) { $0 + $1.content.utf8.count * 78 / 76 }
        return attachments.resolve(&notification, path: path, fixedEncodedSize: fixedSize, deadline: deadline)
    }
}

/// Why a message could not become an e-mail.
enum ReadFailure: Error, Sendable, Equatable {
    /// The input is wrong; sending it again cannot help.
    case invalid(ValidationError)
    /// Something the message needs (its template) could not be read; a later attempt may succeed.
    case unavailable(DeliveryFailure)
}

extension MustacheError {
    var isMissingVariable: Bool {
        if case .missingVariable = self { true } else { false }
    }
}

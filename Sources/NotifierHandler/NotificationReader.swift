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
    /// Makes the links of approval e-mails; `nil` when `NOTIFIER_ACTION_SECRET_ID` is not set.
    var actionLinks: ActionLinkIssuer? = nil

    /// Reads JSON text, e.g. an SQS body, an SNS `Message` or an API Gateway body.
    ///
    /// An SQS body that is itself an SNS envelope (SNS → SQS without raw delivery) is unwrapped,
    /// and the envelope's `Subject` is used when the message has none.
    func read(text: some Collection<UInt8>, path: String, fallbackSubject: String? = nil, deadline: ContinuousClock.Instant) -> Result<PreparedEmail, ReadFailure> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(text))
        } catch {
            let field = path.isEmpty ? "(body)" : String(path.dropLast())
            return .failure(.invalid(ValidationError(errors: [FieldError(field: field, message: error.description)])))
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
        let links: ActionLinkIssuer.IssuedLinks?
        switch issueActionLinks(for: &notification, path: path, errors: &errors, deadline: deadline) {
        case .success(let issued): links = issued
        case .failure(let failure): return .failure(.unavailable(failure))
        }

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
        if let links {
            ActionLinkBlock.place(links, html: &notification.html, text: &notification.text)
        }
        if notification.subject == nil, let fallbackSubject {
            notification.subject = fallbackSubject
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

import JSON

/// Reads one message, from JSON text or an already parsed value, into a validated e-mail.
///
/// The single path every source takes: JSON → ``Notification`` (``NotificationParser``) → its
/// template rendered, if it names one (``TemplateLibrary``) → ``PreparedEmail``
/// (``NotificationValidator``). Invalid input is a ``ValidationError`` whose field paths start
/// with `path`, so an SQS producer reads `Records[3].body.to[0]`.
struct NotificationReader {
    var validator: NotificationValidator
    var templates: TemplateLibrary

    /// Reads JSON text, e.g. an SQS body, an SNS `Message` or an API Gateway body.
    ///
    /// An SQS body that is itself an SNS envelope (SNS → SQS without raw delivery) is unwrapped,
    /// and the envelope's `Subject` is used when the message has none.
    func read(
        text: some Collection<UInt8>, path: String, fallbackSubject: String? = nil, preferredLocales: LocaleChain = .empty,
        deadline: ContinuousClock.Instant
    ) -> Result<PreparedEmail, ReadFailure> {
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
        return read(value, path: path, fallbackSubject: fallbackSubject, preferredLocales: preferredLocales, deadline: deadline)
    }

    /// Reads an already parsed notification (a direct invocation).
    ///
    /// Type errors and validation errors are reported together; a field with a type error is not
    /// reported again by validation (a `to` that is a number is not also "missing").
    ///
    /// A template is rendered in the message's `locale`, else its data's `locale`, then
    /// `preferredLocales` (an API request's `Accept-Language`). An HTML body without a text body
    /// gets one derived from the HTML, so that every mail is `multipart/alternative`.
    func read(
        _ value: JSONValue, path: String, fallbackSubject: String? = nil, preferredLocales: LocaleChain = .empty,
        deadline: ContinuousClock.Instant
    ) -> Result<PreparedEmail, ReadFailure> {
        let (parsed, parseErrors) = NotificationParser.parse(value, path: path)
        guard var notification = parsed else { return .failure(.invalid(ValidationError(errors: parseErrors))) }
        var errors = parseErrors

        if let name = notification.template {
            if notification.subject != nil || notification.text != nil || notification.html != nil {
                errors.append(FieldError(field: path + "template", message: "give either a template (with data) or subject and text/html, not both"))
            } else {
                let data = notification.data ?? .object(JSONObject())
                let locales = LocaleChain(tag: notification.locale ?? data["locale"]?.stringValue ?? "").followed(by: preferredLocales)
                do {
                    let rendered = try templates.render(name, data: data, locales: locales, deadline: deadline)
                    notification.subject = rendered.subject
                    notification.html = rendered.html
                    notification.text = rendered.text
                } catch {
                    switch error {
                    case .unavailable(let sourceError):
                        return .failure(.unavailable(DeliveryFailure(code: "TemplateUnavailable", message: sourceError.description, isRetryable: sourceError.isRetryable)))
                    case .missingVariables(let missing):
                        errors += missing.map { FieldError(field: path + "data", message: $0.description) }
                    default:
                        errors.append(FieldError(field: path + "template", message: error.description))
                    }
                }
            }
        } else if notification.data != nil {
            errors.append(FieldError(field: path + "data", message: "template variables need a template"))
        }
        if notification.text == nil, let html = notification.html {
            notification.text = PlainText.fromHTML(html)
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

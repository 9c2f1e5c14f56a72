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
    /// Makes the links of approval e-mails; `nil` when `NOTIFIER_ACTION_SECRET_ID` is not set.
    var actionLinks: ActionLinkIssuer? = nil

    /// Reads JSON text, e.g. an SNS `Message` or an API Gateway body. A body the extended
    /// clients left in S3 (``ExtendedPayloadPointer``) is read from there first.
    func read(
        text: some Collection<UInt8>, path: FieldPath = .root, fallbackSubject: String? = nil, preferredLocales: LocaleChain = .empty,
        deadline: ContinuousClock.Instant
    ) -> Result<PreparedEmail, ReadFailure> {
        switch parseStored(text, path: path, deadline: deadline) {
        case .success(let value): read(value, path: path, fallbackSubject: fallbackSubject, preferredLocales: preferredLocales, deadline: deadline)
        case .failure(let failure): .failure(failure)
        }
    }

    /// Reads an SQS body, which may itself be an SNS envelope (SNS → SQS without raw delivery):
    /// the envelope is unwrapped, one level only as AWS produces it, and its `Subject` is used
    /// when the message has none. A body the extended clients left in S3 (``ExtendedPayloadPointer``)
    /// is read from there first.
    func read(sqsBody text: some Collection<UInt8>, path: FieldPath, deadline: ContinuousClock.Instant) -> Result<PreparedEmail, ReadFailure> {
        switch parseStored(text, path: path, deadline: deadline) {
        case .success(let value):
            guard let envelope = value.objectValue.flatMap(SNSRecord.init(envelope:)) else {
                return read(value, path: path, deadline: deadline)
            }
            return read(text: envelope.message.utf8, path: path.field("Message"), fallbackSubject: envelope.subject, deadline: deadline)
        case .failure(let failure):
            return .failure(failure)
        }
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
        _ value: JSONValue, path: FieldPath = .root, fallbackSubject: String? = nil, preferredLocales: LocaleChain = .empty,
        deadline: ContinuousClock.Instant
    ) -> Result<PreparedEmail, ReadFailure> {
        let (parsed, parseErrors) = NotificationParser.parse(value, path: path)
        guard var notification = parsed else { return .failure(.invalid(parseErrors)) }
        var errors = parseErrors
        let links: ActionLinkIssuer.IssuedLinks?
        switch issueActionLinks(for: &notification, path: path, errors: &errors, deadline: deadline) {
        case .success(let issued): links = issued
        case .failure(let failure): return .failure(.unavailable(failure))
        }
        if let failure = render(&notification, at: path, preferredLocales: preferredLocales, errors: &errors, deadline: deadline) {
            return .failure(.unavailable(failure))
        }
        if notification.text == nil, let html = notification.html {
            notification.text = PlainText.fromHTML(html)
        }
        if let links {
            ActionLinkBlock.place(links, html: &notification.html, text: &notification.text)
        }
        if notification.subject == nil, let fallbackSubject {
            notification.subject = fallbackSubject
        }
        if notification.attachments.contains(where: { $0.s3 != nil }) {
            errors.append(contentsOf: attachments.referenceErrors(notification, path: path))
            if errors.isEmpty, case .failure(let failure) = readS3Attachments(&notification, path: path, deadline: deadline) {
                switch failure {
                case .invalid(let error): errors.append(contentsOf: error)
                case .unavailable: return .failure(failure)
                }
            }
        }

        do {
            let email = try validator.validate(notification, path: path)
            return errors.isEmpty ? .success(email) : .failure(.invalid(errors))
        } catch {
            let reported = Set(errors.errors.map(\.field))
            let renderingFailed = reported.contains(path.field("template").shown) || reported.contains(path.field("data").shown)
            let content = [notification.fieldNames.subject, notification.fieldNames.text].map { path.field($0).shown }
            let further = error.filter { further in
                if reported.contains(where: { further.field == $0 || further.field.hasPrefix($0 + "[") || further.field.hasPrefix($0 + ".") }) {
                    return false
                }
                // A template that failed to render leaves no subject or body to complain about.
                return !(renderingFailed && content.contains(further.field))
            }
            errors.append(contentsOf: further)
            return .failure(.invalid(errors))
        }
    }

    /// Renders the template `notification` names into its subject and bodies. Returns the failure
    /// when the template could not be read (a retry may help); problems with the input go to `errors`.
    private func render(
        _ notification: inout Notification, at path: FieldPath, preferredLocales: LocaleChain, errors: inout ValidationError,
        deadline: ContinuousClock.Instant
    ) -> DeliveryFailure? {
        guard let name = notification.template else {
            if notification.data != nil {
                errors.append(path.field("data"), .invalidValue, "template variables need a template")
            }
            return nil
        }
        guard notification.subject == nil, notification.text == nil, notification.html == nil else {
            errors.append(path.field("template"), .invalidValue, "give either a template (with data) or subject and text/html, not both")
            return nil
        }
        do {
            let data = notification.data ?? .object(JSONObject())
            let locales = LocaleChain(tag: notification.locale ?? data["locale"]?.stringValue ?? "").followed(by: preferredLocales)
            let rendered = try templates.render(name, data: data, locales: locales, deadline: deadline)
            notification.subject = rendered.subject
            notification.html = rendered.html
            notification.text = rendered.text
        } catch {
            switch error {
            case .unavailable(let sourceError):
                return DeliveryFailure(code: "TemplateUnavailable", message: sourceError.description, isRetryable: sourceError.isRetryable)
            case .missingVariables(let missing):
                // Every one, each naming its file, line and column.
                for variable in missing {
                    errors.append(path.field("data"), .templateFailed, variable.description)
                }
            default:
                errors.append(path.field("template"), .templateFailed, error.description)
            }
        }
        return nil
    }

    /// `text` as JSON, or the reason it is not, at the path of the value at fault.
    static func parse(_ text: some Collection<UInt8>, path: FieldPath) -> Result<JSONValue, ValidationError> {
        do {
            return .success(try JSONParser.parse(Array(text)))
        } catch {
            let reason: FieldError.Reason = switch error.kind {
            case .malformed: .malformedJSON
            case .overLimit: .tooMany
            case .duplicateName: .duplicateField
            }
            return .failure(ValidationError(path.appending(error.path).orWhole("(body)"), reason, error.description))
        }
    }
}

extension NotificationReader {
    /// `text` as JSON; when it is an extended client's pointer, the notification stored in S3 instead.
    private func parseStored(_ text: some Collection<UInt8>, path: FieldPath, deadline: ContinuousClock.Instant) -> Result<JSONValue, ReadFailure> {
        switch Self.parse(text, path: path) {
        case .success(let value):
            guard let pointer = ExtendedPayloadPointer(value) else { return .success(value) }
            return storedMessage(pointer, at: path.orWhole("(body)"), deadline: deadline)
        case .failure(let error):
            return .failure(.invalid(error))
        }
    }

    /// The notification an extended client stored in S3 for `pointer`, parsed.
    private func storedMessage(_ pointer: ExtendedPayloadPointer, at field: FieldPath, deadline: ContinuousClock.Instant) -> Result<JSONValue, ReadFailure> {
        let stored: JSONValue
        switch attachments.payload(pointer, at: field, deadline: deadline) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let bytes):
            do {
                stored = try JSONParser.parse(bytes)
            } catch {
                return .failure(.invalid(ValidationError(field, .malformedJSON, "the message stored at s3://\(pointer.bucket)/\(pointer.key) is not JSON: \(error)")))
            }
        }
        if ExtendedPayloadPointer(stored) != nil {
            return .failure(.invalid(ValidationError(field, .invalidValue, "the message stored at s3://\(pointer.bucket)/\(pointer.key) is itself a pointer to S3")))
        }
        return .success(stored)
    }

    /// Reads the S3 attachments once everything else about the message is valid, so that an
    /// invalid message downloads nothing; if something else is invalid, the validator reports it.
    private func readS3Attachments(_ notification: inout Notification, path: FieldPath, deadline: ContinuousClock.Instant) -> Result<Void, ReadFailure> {
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

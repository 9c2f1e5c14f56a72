import JSON
import Mustache

/// Turns JSON posted for a template (`POST /notify/<template>`, `POST /hooks/<event>`) into that
/// template's e-mail, as its ``TemplateManifest`` says: any template with a `template.json`
/// that names a recipient is a route, with no code.
///
/// The posted JSON is the template's data. For a template that lists `events`, a webhook
/// envelope is unwrapped first: django-rest-hooks posts
/// `{"hook": {"event": "user.signup", …}, "data": {…}}` and the data is its `data`; a flat
/// Zapier-style object is the data itself. Recipients are passed on as `{"name", "address"}`
/// objects, so a rendered name is only ever a display name, and a recipient's problem names the
/// data field it came from (`order_customer.email`).
struct TemplateRoute {
    var reader: NotificationReader
    var library: TemplateLibrary { reader.templates }

    /// Why a request found no e-mail to send.
    enum Failure: Error, Equatable {
        /// No such route; the message names the routes there are.
        case notFound(String)
        case read(ReadFailure)
    }

    /// The e-mail of template `name` for `body`; `event` is the webhook event the request came
    /// in for, which a django-rest-hooks envelope must agree with.
    func read(
        template name: String, body: [UInt8], event: String? = nil, preferredLocales: LocaleChain,
        deadline: ContinuousClock.Instant
    ) -> Result<PreparedEmail, Failure> {
        let manifest: TemplateManifest
        switch self.manifest(name, deadline: deadline) {
        case .success(let found?) where found.declaresRecipient:
            manifest = found
        case .success:
            return .failure(.notFound(notFoundMessage(name, deadline: deadline)))
        case .failure(let failure):
            return .failure(.read(.unavailable(failure)))
        }
        let posted: JSONValue
        switch NotificationReader.parse(body, path: .root) {
        case .success(let value): posted = value
        case .failure(let error): return .failure(.read(.invalid(error)))
        }
        guard posted.objectValue != nil else {
            return .failure(.read(.invalid(ValidationError(.whole("(body)"), .invalidType, "expected a JSON object, found \(posted.typeName)"))))
        }
        var errors = ValidationError()
        var data = posted
        if !manifest.events.isEmpty, let hook = posted["hook"]?.objectValue, let hookData = posted["data"], hookData.objectValue != nil {
            if let event, let hookEvent = hook["event"]?.stringValue, hookEvent != event {
                errors.append(
                    FieldPath.root.field("hook").field("event"), .invalidValue,
                    "is `\(hookEvent.shortened(to: 64))`, but this request was posted for `\(event.shortened(to: 64))`")
            }
            data = hookData
        }
        for (path, reason) in manifest.required where Self.isMissing(path, in: data) {
            errors.append(Self.fieldPath(path), .missing, reason.map { "is required: \($0)" } ?? "is required")
        }
        var notification = JSONObject([("template", .string(name)), ("data", data)])
        // The data field behind each recipient field the reader may report (`to[0].address`).
        var sources: [String: FieldPath] = [:]
        for (key, recipients) in [("to", manifest.to), ("cc", manifest.cc), ("bcc", manifest.bcc), ("replyTo", manifest.replyTo)] where !recipients.isEmpty {
            var entries: [JSONValue] = []
            for recipient in recipients {
                let entry = FieldPath.root.field(key).index(entries.count)
                switch recipient {
                case .text(let expression, let source):
                    let text = Self.render(expression, data).trimmingWhitespace()
                    guard !text.isEmpty else { continue }
                    entries.append(.string(text))
                    sources[entry.shown] = Self.fieldPath(source)
                case .parts(let nameExpression, let addressExpression, let nameSource, let addressSource):
                    let address = Self.render(addressExpression, data).trimmingWhitespace()
                    guard !address.isEmpty else { continue }
                    var mailbox = JSONObject([("address", .string(address))])
                    if let nameExpression { mailbox["name"] = .string(Self.render(nameExpression, data).oneLine) }
                    entries.append(.object(mailbox))
                    sources[entry.field("address").shown] = Self.fieldPath(addressSource)
                    sources[entry.field("name").shown] = Self.fieldPath(nameSource)
                }
            }
            notification[key] = .array(entries)
        }
        for (key, expression) in [("from", manifest.from), ("idempotencyKey", manifest.idempotencyKey)] {
            if let value = expression.map({ Self.render($0, data) }), !value.isEmpty { notification[key] = .string(value) }
        }
        if !manifest.tags.isEmpty {
            notification["tags"] = .object(JSONObject(manifest.tags.map { ($0.name, .string(Self.render($0.value, data))) }))
        }
        let read = reader.read(.object(notification), preferredLocales: preferredLocales, deadline: deadline)
        switch read {
        case .success where errors.isEmpty, .failure(.unavailable):
            return read.mapError(Failure.read)
        case .success:
            return .failure(.read(.invalid(errors)))
        case .failure(.invalid(let readErrors)):
            // A recipient already reported is not reported again as missing; a recipient's
            // problem names the data field it came from, which is what the caller sent.
            let hasErrors = !errors.isEmpty
            errors.append(contentsOf: readErrors.filter { !(["to", "cc", "bcc"].contains($0.field) && hasErrors) }.map { error in
                sources[error.field].map { FieldError($0, error.reason, error.message) } ?? error
            })
            return .failure(.read(.invalid(errors)))
        }
    }

    /// The template whose manifest lists `event`, or nil when none does (or the store cannot be listed).
    func template(forEvent event: String, deadline: ContinuousClock.Instant) -> Result<String?, DeliveryFailure> {
        let names: [String]
        switch templateNames(deadline: deadline) {
        case .success(let listed): names = listed ?? []
        case .failure(let failure): return .failure(failure)
        }
        for name in names {
            switch manifest(name, deadline: deadline) {
            case .success(let manifest?) where manifest.events.contains(event): return .success(name)
            case .success: continue
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(nil)
    }

    /// The names of the templates that are routes (they name a recipient), sorted; nil when the
    /// store cannot be listed.
    func routeNames(deadline: ContinuousClock.Instant) -> [String]? {
        guard case .success(let names?) = templateNames(deadline: deadline) else { return nil }
        return names.filter { name in
            if case .success(let manifest?) = manifest(name, deadline: deadline) { manifest.declaresRecipient } else { false }
        }
    }

    /// Every template folder of the store; nil when it cannot be listed.
    func templateNames(deadline: ContinuousClock.Instant) -> Result<[String]?, DeliveryFailure> {
        do {
            let folders = try library.source.folderNames(deadline: deadline)
            return .success(folders?.filter { TemplateLibrary.isValidName($0) && !TemplateLibrary.reservedFolders.contains($0) })
        } catch {
            return .failure(DeliveryFailure(code: "TemplateUnavailable", message: error.description, isRetryable: error.isRetryable))
        }
    }

    /// The template's manifest; nil when it has none (or its name cannot be a template's).
    func manifest(_ name: String, deadline: ContinuousClock.Instant) -> Result<TemplateManifest?, DeliveryFailure> {
        guard TemplateLibrary.isValidName(name), !TemplateLibrary.reservedFolders.contains(name) else { return .success(nil) }
        let file = "\(name)/template.json"
        do {
            guard let json = try library.settingsFile(file, deadline: deadline) else { return .success(nil) }
            return .success(try TemplateManifest(json: json))
        } catch let error as TemplateError {
            if case .unavailable(let sourceError) = error {
                return .failure(DeliveryFailure(code: "TemplateUnavailable", message: sourceError.description, isRetryable: sourceError.isRetryable))
            }
            return .failure(DeliveryFailure(code: "TemplateInvalid", message: error.description, isRetryable: false))
        } catch {
            return .failure(DeliveryFailure(code: "TemplateInvalid", message: "\(file): \(error)", isRetryable: false))
        }
    }

    private func notFoundMessage(_ name: String, deadline: ContinuousClock.Instant) -> String {
        let available = routeNames(deadline: deadline).map { $0.isEmpty ? "none" : $0.joined(separator: ", ") }
        return "no template route '\(name.shortened(to: 64))'" + (available.map { "; available: \($0)" } ?? "")
    }

    /// An expression as plain text; a missing name is empty (see ``TemplateManifest``).
    private static func render(_ expression: MustacheTemplate, _ data: JSONValue) -> String {
        (try? expression.render(data, options: MustacheRenderOptions(isStrict: false, escapesHTML: false))) ?? ""
    }

    /// The dotted data path `order_customer.email` (from a `template.json`, so the deployer's
    /// names, not the producer's) as a field path.
    private static func fieldPath(_ dotted: String) -> FieldPath {
        dotted.split(separator: ".").reduce(FieldPath.root) { $0.field(String($1)) }
    }

    /// Whether the dotted `path` is absent, null or an empty string in `data`.
    private static func isMissing(_ path: String, in data: JSONValue) -> Bool {
        var value: JSONValue? = data
        for part in path.split(separator: ".") { value = value?[String(part)] }
        switch value {
        case nil, .null?: return true
        case .string(let text)?: return text.trimmingWhitespace().isEmpty
        default: return false
        }
    }
}

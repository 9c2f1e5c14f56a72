import JSON
import Mustache

/// `templates/<name>/template.json`: who gets a template's e-mail when its data is posted to
/// `POST /notify/<name>` (or arrives as a webhook for one of its `events`), with Mustache
/// expressions over the posted data:
///
/// ```json
/// {"to": {"name": "{{order_customer.name}}", "address": "{{order_customer.email}}"},
///  "required": {"order_customer.email": "the order's customer receives the e-mail"},
///  "idempotencyKey": "order-{{id}}-shipped", "tags": {"kind": "order-shipped"},
///  "events": ["order.shipped"]}
/// ```
///
/// - `to`, `cc`, `bcc`, `replyTo`: one recipient or a list. A recipient is
///   `{"name": …, "address": …}`, whose name is only ever a display name (a customer called
///   `Grace <b>Hopper</b>` is not parsed as an address), or a string holding an address
///   (`"{{email}}"`, `"Support <support@example.com>"`). A recipient whose address renders empty
///   is left out.
/// - `from`, `idempotencyKey`, `tags` (an object of strings): expressions too.
/// - `required`: data fields (dotted paths) that must be present and not empty, as a list or
///   as an object of path → why; each one missing is an error naming that field.
/// - `events`: the webhook events (`user.signup`) `POST /hooks/<event>` sends this template for.
///
/// Expressions are rendered as plain text and leniently (a missing name is empty): what must be
/// there is listed in `required`. Unknown keys are an error, so that a misspelt `repyTo` is not
/// silently ignored.
struct TemplateManifest: Sendable {
    /// One recipient expression.
    enum Recipient: Sendable {
        /// A display name and an address, kept apart; the sources name the data fields they come
        /// from (`order_customer.email`) when each is one variable, else the manifest's key.
        case parts(name: MustacheTemplate?, address: MustacheTemplate, nameSource: String, addressSource: String)
        /// An address as text, `Name <address>` allowed.
        case text(MustacheTemplate, source: String)
    }

    var to: [Recipient] = []
    var cc: [Recipient] = []
    var bcc: [Recipient] = []
    var replyTo: [Recipient] = []
    var from: MustacheTemplate?
    var idempotencyKey: MustacheTemplate?
    var tags: [(name: String, value: MustacheTemplate)] = []
    var required: [(path: String, reason: String?)] = []
    var events: [String] = []

    /// Whether `POST /notify/<name>` serves this template: it says who gets it.
    var declaresRecipient: Bool { !to.isEmpty || !cc.isEmpty || !bcc.isEmpty }

    static let knownKeys: Set<String> = ["to", "cc", "bcc", "replyTo", "from", "idempotencyKey", "tags", "required", "events"]

    /// Reads a manifest; a problem is described for the template's author.
    init(json: JSONValue) throws(SettingsProblem) {
        guard let object = json.objectValue else { throw SettingsProblem("expected an object, found \(json.typeName)") }
        for key in object.keys where !Self.knownKeys.contains(key) {
            throw SettingsProblem("unknown key `\(key)` (known: \(Self.knownKeys.sorted().joined(separator: ", ")))")
        }
        to = try Self.recipients(object["to"], key: "to")
        cc = try Self.recipients(object["cc"], key: "cc")
        bcc = try Self.recipients(object["bcc"], key: "bcc")
        replyTo = try Self.recipients(object["replyTo"], key: "replyTo")
        from = try object["from"].map { (value) throws(SettingsProblem) in try Self.expression(value, key: "from") }
        idempotencyKey = try object["idempotencyKey"].map { (value) throws(SettingsProblem) in try Self.expression(value, key: "idempotencyKey") }
        if let tags = object["tags"] {
            guard let members = tags.objectValue?.members else { throw SettingsProblem("`tags` must be an object of strings") }
            for (name, value) in members { self.tags.append((name, try Self.expression(value, key: "tags.\(name)"))) }
        }
        switch object["required"] {
        case nil: break
        case .array(let paths)?:
            for path in paths {
                guard let path = path.stringValue else { throw SettingsProblem("`required` lists field paths (strings)") }
                required.append((path, nil))
            }
        case .object(let reasons)?:
            for (path, reason) in reasons.members {
                guard let reason = reason.stringValue else { throw SettingsProblem("`required.\(path)` must be a string saying why") }
                required.append((path, reason))
            }
        default:
            throw SettingsProblem("`required` must be a list of field paths or an object of path → why")
        }
        if let events = object["events"] {
            guard let names = events.arrayValue?.compactMap(\.stringValue), names.count == events.arrayValue?.count else {
                throw SettingsProblem("`events` must be a list of event names")
            }
            self.events = names
        }
    }

    private static func recipients(_ value: JSONValue?, key: String) throws(SettingsProblem) -> [Recipient] {
        guard let value else { return [] }
        let list = value.arrayValue ?? [value]
        var recipients: [Recipient] = []
        for (index, element) in list.enumerated() {
            let source = value.arrayValue == nil ? key : "\(key)[\(index)]"
            if let object = element.objectValue {
                guard let address = object["address"] else { throw SettingsProblem("`\(source)` needs an `address`") }
                for member in object.keys where member != "name" && member != "address" {
                    throw SettingsProblem("`\(source)` has unknown key `\(member)` (known: name, address)")
                }
                let addressTemplate = try expression(address, key: "\(source).address")
                recipients.append(.parts(
                    name: try object["name"].map { (name) throws(SettingsProblem) in try expression(name, key: "\(source).name") },
                    address: addressTemplate,
                    nameSource: Self.singleVariable(object["name"]?.stringValue ?? "") ?? source,
                    addressSource: Self.singleVariable(address.stringValue ?? "") ?? source))
            } else {
                recipients.append(.text(try expression(element, key: source), source: Self.singleVariable(element.stringValue ?? "") ?? source))
            }
        }
        return recipients
    }

    private static func expression(_ value: JSONValue, key: String) throws(SettingsProblem) -> MustacheTemplate {
        guard let text = value.stringValue else { throw SettingsProblem("`\(key)` must be a string, found \(value.typeName)") }
        do {
            return try MustacheTemplate(text)
        } catch {
            throw SettingsProblem("`\(key)`: \(error)")
        }
    }

    /// `order_customer.email` for the expression `{{order_customer.email}}`, so that an error
    /// names the field the producer sent.
    private static func singleVariable(_ text: String) -> String? {
        guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.utf8.count > 4 else { return nil }
        let inner = text.dropFirst(2).dropLast(2).trimmingWhitespace()
        guard !inner.isEmpty, !inner.contains(where: { "{}#^/>!&= ".contains($0) }) else { return nil }
        return inner
    }
}

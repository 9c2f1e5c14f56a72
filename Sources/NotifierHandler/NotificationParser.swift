import JSON

/// Reads a ``Notification`` out of JSON, checking every field's type and reporting every problem.
///
/// Accepts this project's field names and, so that its producers switch without changes, the
/// A3-Shared-Notifier names: `sender`, `recipients`, `text_content`, `html_content` (and ignores its
/// `bucket_name`). Unknown fields are errors: a misspelt `subjet` must not send a mail without subject.
struct NotificationParser {
    private static let aliases: [String: String] = [
        "sender": "from",
        "recipients": "to",
        "text_content": "text",
        "html_content": "html",
    ]
    private static let ignoredFields: Set<String> = ["bucket_name"]
    private static let knownFields: Set<String> = [
        "from", "to", "cc", "bcc", "replyTo", "subject", "text", "html", "attachments", "headers", "tags",
        "configurationSet", "idempotencyKey", "template", "data", "locale",
    ]

    /// Whether `key` is a notification field or an accepted alias, used to recognise a direct invocation.
    static func isNotificationField(_ key: String) -> Bool {
        knownFields.contains(aliases[key] ?? key)
    }

    /// Parses `value`, returning what could be read and every problem found; `path` prefixes
    /// field names in errors (`Records[2].body.` for an SQS record). The notification is `nil`
    /// only when `value` is not an object at all.
    static func parse(_ value: JSONValue, path: String = "") -> (notification: Notification?, errors: [FieldError]) {
        guard let object = value.objectValue else {
            let field = path.isEmpty ? "(message)" : String(path.dropLast())
            return (nil, [FieldError(field: field, message: "expected a JSON object, found \(value.typeName)")])
        }
        var reader = Reader(path: path)
        let notification = reader.read(object)
        return (notification, reader.errors)
    }

    private struct Reader {
        let path: String
        var errors: [FieldError] = []

        mutating func read(_ object: JSONObject) -> Notification {
            var notification = Notification()
            var seen: [String: String] = [:]  // canonical name → key used
            for (key, value) in object.members {
                if ignoredFields.contains(key) { continue }
                let canonical = aliases[key] ?? key
                guard knownFields.contains(canonical) else {
                    fail(key, "unknown field")
                    continue
                }
                if let earlier = seen[canonical], earlier != key {
                    fail(key, "'\(key)' and '\(earlier)' are the same field; give only one")
                    continue
                }
                seen[canonical] = key
                read(canonical, key: key, value: value, into: &notification)
            }
            return notification
        }

        private mutating func read(_ field: String, key: String, value: JSONValue, into n: inout Notification) {
            switch field {
            case "from": n.from = string(key, value); n.fieldNames.from = key
            case "to": n.to = addresses(key, value); n.fieldNames.to = key
            case "cc": n.cc = addresses(key, value)
            case "bcc": n.bcc = addresses(key, value)
            case "replyTo": n.replyTo = addresses(key, value)
            case "subject": n.subject = string(key, value); n.fieldNames.subject = key
            case "text": n.text = string(key, value); n.fieldNames.text = key
            case "html": n.html = string(key, value); n.fieldNames.html = key
            case "attachments": n.attachments = attachments(key, value)
            case "headers": n.headers = stringMap(key, value)
            case "tags": n.tags = stringMap(key, value)
            case "configurationSet": n.configurationSet = string(key, value)
            case "idempotencyKey": n.idempotencyKey = string(key, value)
            case "template": n.template = string(key, value)
            case "locale": n.locale = string(key, value)
            case "data":
                if value.objectValue == nil && value != .null {
                    fail(key, "expected an object of template variables, found \(value.typeName)")
                } else {
                    n.data = value
                }
            default: break
            }
        }

        /// A string, or `nil` for JSON `null` (treated as absent).
        private mutating func string(_ field: String, _ value: JSONValue) -> String? {
            switch value {
            case .string(let string): return string
            case .null: return nil
            default:
                fail(field, "expected a string, found \(value.typeName)")
                return nil
            }
        }

        /// One address as a string, or several as an array of strings.
        private mutating func addresses(_ field: String, _ value: JSONValue) -> [String] {
            switch value {
            case .string(let string): return [string]
            case .null: return []
            case .array(let elements):
                var result: [String] = []
                for (index, element) in elements.enumerated() {
                    if let string = element.stringValue {
                        result.append(string)
                    } else {
                        fail("\(field)[\(index)]", "expected a string, found \(element.typeName)")
                        // Keeps later elements at their index, so their errors name the right one.
                        result.append("")
                    }
                }
                return result
            default:
                fail(field, "expected a string or an array of strings, found \(value.typeName)")
                return []
            }
        }

        private mutating func stringMap(_ field: String, _ value: JSONValue) -> [(name: String, value: String)] {
            guard let object = value.objectValue else {
                if value != .null { fail(field, "expected an object of strings, found \(value.typeName)") }
                return []
            }
            var result: [(name: String, value: String)] = []
            for (name, member) in object.members {
                if let string = member.stringValue {
                    result.append((name, string))
                } else {
                    fail("\(field).\(name)", "expected a string, found \(member.typeName)")
                }
            }
            return result
        }

        private mutating func attachments(_ field: String, _ value: JSONValue) -> [Notification.Attachment] {
            guard let elements = value.arrayValue else {
                if value != .null { fail(field, "expected an array of attachments, found \(value.typeName)") }
                return []
            }
            var result: [Notification.Attachment] = []
            for (index, element) in elements.enumerated() {
                let itemPath = "\(field)[\(index)]"
                guard let object = element.objectValue else {
                    fail(itemPath, "expected an object, found \(element.typeName)")
                    continue
                }
                for key in object.keys where !["filename", "contentType", "content", "contentId"].contains(key) {
                    fail("\(itemPath).\(key)", "unknown field")
                }
                let filename = required("\(itemPath).filename", object["filename"])
                let content = required("\(itemPath).content", object["content"])
                let contentType = object["contentType"].flatMap { string("\(itemPath).contentType", $0) }
                let contentID = object["contentId"].flatMap { string("\(itemPath).contentId", $0) }
                if let filename, let content {
                    result.append(Notification.Attachment(
                        filename: filename,
                        contentType: contentType ?? "application/octet-stream",
                        content: content,
                        contentID: contentID))
                }
            }
            return result
        }

        private mutating func required(_ field: String, _ value: JSONValue?) -> String? {
            guard let value, value != .null else {
                errors.append(FieldError(field: path + field, message: "is required"))
                return nil
            }
            return string(field, value)
        }

        private mutating func fail(_ field: String, _ message: String) {
            errors.append(FieldError(field: path + field, message: message))
        }
    }
}

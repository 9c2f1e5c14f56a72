import EmailKit
import JSON

/// Reads a ``Notification`` out of JSON, checking every field's type and reporting every problem.
///
/// Accepts this project's field names and, so that its producers switch without changes, the
/// A3-Shared-Notifier names: `sender`, `recipients`, `text_content`, `html_content`, and its
/// `bucket_name`, the bucket of attachments given by key (``S3AttachmentReference``). Unknown fields
/// are errors: a misspelt `subjet` must not send a mail without subject.
/// Lists the format caps (attachments, headers, tags) are refused whole, before their entries are read.
struct NotificationParser {
    private static let aliases: [String: String] = [
        "sender": "from",
        "recipients": "to",
        "text_content": "text",
        "html_content": "html",
    ]
    private static let knownFields: Set<String> = Set([
        "from", "to", "cc", "bcc", "replyTo", "subject", "text", "html", "attachments", "headers", "tags",
        "configurationSet", "idempotencyKey", "template", "data", "locale",
        "statusWebhook",
    ]).union(ApprovalFieldsParser.fields)
    private static let attachmentFields: Set<String> = ["filename", "contentType", "content", "contentId"]

    /// Whether `key` is a notification field or an accepted alias, used to recognise a direct invocation.
    static func isNotificationField(_ key: String) -> Bool {
        knownFields.contains(aliases[key] ?? key)
    }

    /// Whether `name` is a name the notification format or its event envelopes define, and so may
    /// be logged as it is in a field path.
    static func isFormatName(_ name: String) -> Bool {
        isNotificationField(name) || name == "bucket_name" || attachmentFields.contains(name)
            || S3AttachmentReference.attachmentFields.contains(name) || ApprovalFieldsParser.actionFields.contains(name)
            || ["Records", "body", "Sns", "Message", "messages"].contains(name)
    }

    /// Parses `value`, returning what could be read and every problem found; `path` prefixes
    /// field names in errors (`Records[2].body.` for an SQS record). The notification is `nil`
    /// only when `value` is not an object at all.
    static func parse(_ value: JSONValue, path: FieldPath = .root) -> (notification: Notification?, errors: ValidationError) {
        guard let object = value.objectValue else {
            return (nil, ValidationError(path.orWhole("(message)"), .invalidType, "expected a JSON object, found \(value.typeName)"))
        }
        var reader = Reader(path: path)
        let notification = reader.read(object)
        var errors = reader.errors
        errors.append(contentsOf: ApprovalFieldsParser.check(notification.approval, path: path))
        return (notification, errors)
    }

    private struct Reader {
        let path: FieldPath
        var errors = ValidationError()

        mutating func read(_ object: JSONObject) -> Notification {
            var notification = Notification()
            var seen: [String: String] = [:]  // canonical name → key used
            for (key, value) in object.members {
                if key == "bucket_name" {
                    notification.bucketName = string(path.field(key), value)
                    continue
                }
                let canonical = aliases[key] ?? key
                guard knownFields.contains(canonical) else {
                    errors.append(path.key(key, placeholder: "<unknown field>"), .unknownField, "unknown field")
                    continue
                }
                if let earlier = seen[canonical], earlier != key {
                    errors.append(path.field(key), .duplicateField, "'\(key)' and '\(earlier)' are the same field; give only one")
                    continue
                }
                seen[canonical] = key
                read(canonical, key: key, value: value, into: &notification)
            }
            return notification
        }

        private mutating func read(_ field: String, key: String, value: JSONValue, into n: inout Notification) {
            let at = path.field(key)
            switch field {
            case "from": n.from = string(at, value); n.fieldNames.from = key
            case "to": n.to = addresses(at, value); n.fieldNames.to = key
            case "cc": n.cc = addresses(at, value)
            case "bcc": n.bcc = addresses(at, value)
            case "replyTo": n.replyTo = addresses(at, value)
            case "subject": n.subject = string(at, value); n.fieldNames.subject = key
            case "text": n.text = string(at, value); n.fieldNames.text = key
            case "html": n.html = string(at, value); n.fieldNames.html = key
            case "attachments": n.attachments = attachments(at, value)
            case "headers": n.headers = stringMap(at, value, limit: NotificationLimits.maximumHeaders)
            case "tags": n.tags = stringMap(at, value, limit: SESLimits.maximumTags)
            case "configurationSet": n.configurationSet = string(at, value)
            case "idempotencyKey": n.idempotencyKey = string(at, value)
            case "template": n.template = string(at, value)
            case "statusWebhook": n.statusWebhook = string(at, value)
            case "locale": n.locale = string(at, value)
            case "data":
                if value.objectValue == nil && value != .null {
                    errors.append(at, .invalidType, "expected an object of template variables, found \(value.typeName)")
                } else {
                    n.data = value
                }
            case _ where ApprovalFieldsParser.fields.contains(field):
                errors.append(contentsOf: ApprovalFieldsParser.read(field, value, path: path, into: &n.approval))
            default: break
            }
        }

        /// A string, or `nil` for JSON `null` (treated as absent).
        private mutating func string(_ at: FieldPath, _ value: JSONValue) -> String? {
            switch value {
            case .string(let string): return string
            case .null: return nil
            default:
                errors.append(at, .invalidType, "expected a string, found \(value.typeName)")
                return nil
            }
        }

        /// One recipient or an array of them, each a string or a `{"name", "address"}` object. How
        /// many is the validator's to judge, before it parses any of them.
        private mutating func addresses(_ at: FieldPath, _ value: JSONValue) -> [Notification.Recipient] {
            switch value {
            case .null: return []
            case .array(let elements):
                return elements.enumerated().map { index, element in recipient(at.index(index), element) }
            case .string, .object:
                // Named as the validator names it: the first of one.
                return [recipient(at.index(0), value)]
            default:
                errors.append(at, .invalidType, "expected an address, a {\"name\", \"address\"} object or an array of them, found \(value.typeName)")
                return []
            }
        }

        /// One recipient. One that cannot be read is reported here and kept, empty, so that later
        /// entries keep their index; the reader does not report it again.
        private mutating func recipient(_ at: FieldPath, _ value: JSONValue) -> Notification.Recipient {
            switch value {
            case .string(let text):
                return .text(text)
            case .object(let object):
                for key in object.keys where key != "name" && key != "address" {
                    errors.append(at.key(key, placeholder: "<unknown field>"), .unknownField, "unknown field (a recipient has a name and an address)")
                }
                let name = object["name"].flatMap { string(at.field("name"), $0) }
                return .mailbox(name: name, address: required(at.field("address"), object["address"]) ?? "")
            default:
                errors.append(at, .invalidType, "expected an address or a {\"name\", \"address\"} object, found \(value.typeName)")
                return .text("")
            }
        }

        /// An object of strings whose names the producer chooses (`headers`, `tags`), at most `limit` of them.
        private mutating func stringMap(_ at: FieldPath, _ value: JSONValue, limit: Int) -> [(name: String, value: String)] {
            guard let object = value.objectValue else {
                if value != .null { errors.append(at, .invalidType, "expected an object of strings, found \(value.typeName)") }
                return []
            }
            guard object.members.count <= limit else {
                errors.append(at, .tooMany, "at most \(limit) are allowed, found \(object.members.count)")
                return []
            }
            var result: [(name: String, value: String)] = []
            for (name, member) in object.members {
                if let string = member.stringValue {
                    result.append((name, string))
                } else {
                    errors.append(at.key(name), .invalidType, "expected a string, found \(member.typeName)")
                }
            }
            return result
        }

        private mutating func attachments(_ at: FieldPath, _ value: JSONValue) -> [Notification.Attachment] {
            guard let elements = value.arrayValue else {
                if value != .null { errors.append(at, .invalidType, "expected an array of attachments, found \(value.typeName)") }
                return []
            }
            guard elements.count <= NotificationLimits.maximumAttachments else {
                errors.append(at, .tooMany, "at most \(NotificationLimits.maximumAttachments) attachments are allowed, found \(elements.count)")
                return []
            }
            var result: [Notification.Attachment] = []
            for (index, element) in elements.enumerated() {
                let item = at.index(index)
                guard let object = element.objectValue else {
                    errors.append(item, .invalidType, "expected an object, found \(element.typeName)")
                    continue
                }
                let s3Fields = object["s3"] == nil ? [] : S3AttachmentReference.attachmentFields
                for key in object.keys where !attachmentFields.contains(key) && !s3Fields.contains(key) {
                    errors.append(item.key(key, placeholder: "<unknown field>"), .unknownField, "unknown field")
                }
                if object["s3"] != nil {
                    let (attachment, problems) = S3AttachmentReference.attachment(object, at: item)
                    errors.append(contentsOf: problems)
                    if let attachment { result.append(attachment) }
                    continue
                }
                let filename = required(item.field("filename"), object["filename"])
                let content = required(item.field("content"), object["content"])
                let contentType = object["contentType"].flatMap { string(item.field("contentType"), $0) }
                let contentID = object["contentId"].flatMap { string(item.field("contentId"), $0) }
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

        private mutating func required(_ at: FieldPath, _ value: JSONValue?) -> String? {
            guard let value, value != .null else {
                errors.append(at, .missing, "is required")
                return nil
            }
            return string(at, value)
        }
    }
}

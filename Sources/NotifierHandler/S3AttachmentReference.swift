import JSON

/// An attachment whose content is an S3 object instead of base64 `content`:
///
/// ```json
/// {"filename": "invoice-12345.pdf", "contentType": "application/pdf",
///  "s3": {"bucket": "acube-invoices", "key": "2026/12/12345.pdf", "versionId": "…"}}
/// {"s3": "s3://acube-invoices/2026/12/12345.pdf", "deliver": "link", "linkExpiresIn": 86400}
/// ```
///
/// `bucket` may be left out when the message has the A3 field `bucket_name`. `filename` defaults
/// to the key's last segment, `contentType` to the object's `Content-Type`. `deliver` is `attach`
/// (the default) or `link`: a presigned `GET` URL in the bodies instead of the file, valid for
/// `linkExpiresIn` seconds (`NOTIFIER_LINK_EXPIRES_SECONDS` by default, capped at what the
/// credentials allow). The key is the object's name as stored, not URL-encoded, also in the
/// `s3://` form.
struct S3AttachmentReference: Sendable, Equatable {
    enum Delivery: String, Sendable, Equatable {
        case attach, link
    }

    /// `nil` when the message's `bucket_name` is meant.
    var bucket: String?
    var key: String
    var versionID: String?
    var delivery: Delivery
    var linkExpiresIn: Int?
    /// Whether the producer gave the `contentType`; if not, the object's is used.
    var hasContentType: Bool

    /// The attachment fields that only an `s3` attachment has.
    static let attachmentFields: Set<String> = ["s3", "deliver", "linkExpiresIn"]
    /// The fields of the `s3` object.
    static let locationFields: Set<String> = ["bucket", "key", "versionId"]

    /// The key's last segment, the default file name.
    var keyFilename: String {
        String(key.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(key))
    }

    /// Reads the attachment `object`, which has an `s3` member, at `item` (`Records[0].body.attachments[1]`).
    static func attachment(_ object: JSONObject, at item: FieldPath) -> (Notification.Attachment?, ValidationError) {
        var errors = ValidationError()
        func string(_ name: String) -> String? {
            guard let value = object[name], value != .null else { return nil }
            guard let text = value.stringValue else {
                errors.append(item.field(name), .invalidType, "expected a string, found \(value.typeName)")
                return nil
            }
            return text
        }

        if object["content"] != nil {
            errors.append(item.field("content"), .invalidValue, "give either content or s3, not both")
        }
        var reference: S3AttachmentReference?
        switch object["s3"] {
        case .string(let uri)?:
            if let (bucket, key) = bucketAndKey(uri) {
                reference = S3AttachmentReference(bucket: bucket, key: key, versionID: nil, delivery: .attach, linkExpiresIn: nil, hasContentType: false)
            } else {
                errors.append(item.field("s3"), .invalidValue, "expected 's3://bucket/key', found '\(uri)'")
            }
        case .object(let location)?:
            for name in location.keys where !locationFields.contains(name) {
                errors.append(item.field("s3").key(name, placeholder: "<unknown field>"), .unknownField, "unknown field")
            }
            var strings: [String: String] = [:]
            for name in ["bucket", "key", "versionId"] {
                guard let value = location[name], value != .null else { continue }
                if let text = value.stringValue, !text.isEmpty {
                    strings[name] = text
                } else {
                    errors.append(item.field("s3").field(name), value.stringValue == nil ? .invalidType : .invalidValue,
                                  "expected a non-empty string, found \(value.stringValue == nil ? value.typeName : "an empty string")")
                }
            }
            if let key = strings["key"] {
                reference = S3AttachmentReference(bucket: strings["bucket"], key: key, versionID: strings["versionId"],
                                                  delivery: .attach, linkExpiresIn: nil, hasContentType: false)
            } else if location["key"] == nil || location["key"] == .null {
                errors.append(item.field("s3").field("key"), .missing, "is required")
            }
        case let value?:
            errors.append(item.field("s3"), .invalidType, "expected an object {bucket, key, versionId} or an 's3://bucket/key' string, found \(value.typeName)")
        case nil:
            break
        }

        if let text = string("deliver") {
            if let delivery = Delivery(rawValue: text) {
                reference?.delivery = delivery
            } else {
                errors.append(item.field("deliver"), .invalidValue, "expected 'attach' or 'link', found '\(text)'")
            }
        }
        if let value = object["linkExpiresIn"], value != .null {
            if case .number(let text) = value, let seconds = Int(text), seconds > 0 {
                reference?.linkExpiresIn = seconds
            } else {
                errors.append(item.field("linkExpiresIn"), .invalidValue, "expected a whole number of seconds above 0")
            }
        }
        let filename = string("filename")
        let contentType = string("contentType")
        let contentID = string("contentId")
        guard var reference, errors.isEmpty else { return (nil, errors) }
        reference.hasContentType = contentType != nil
        return (Notification.Attachment(
            filename: filename ?? reference.keyFilename,
            contentType: contentType ?? "application/octet-stream",
            content: "",
            contentID: contentID,
            s3: reference), errors)
    }

    /// `s3://bucket/key` split; the key is everything after the bucket's `/`, as stored.
    static func bucketAndKey(_ uri: String) -> (bucket: String, key: String)? {
        guard uri.hasPrefix("s3://") else { return nil }
        let rest = uri.dropFirst("s3://".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let bucket = rest[..<slash]
        let key = rest[rest.index(after: slash)...]
        guard !bucket.isEmpty, !key.isEmpty else { return nil }
        return (String(bucket), String(key))
    }
}

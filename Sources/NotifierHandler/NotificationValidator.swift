import ByteEncoding
import EmailKit

/// Turns a ``Notification`` into a ``PreparedEmail``, or a ``ValidationError`` listing every problem.
struct NotificationValidator: Sendable {
    /// SES v2's limit on recipients (To + Cc + Bcc) of one message.
    static let maximumRecipients = 50
    /// SES v2's limit on the size of one message, attachments base64-encoded.
    static let maximumMessageBytes = 40 * 1024 * 1024
    static let maximumSubjectOctets = 998

    /// Header fields a producer may not set: the ones built from the message itself.
    private static let reservedHeaders: Set<String> = [
        "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
        "return-path",
    ]

    var defaultFrom: EmailAddress?
    var senderPolicy: SenderPolicy
    var defaultConfigurationSet: String?

    init(configuration: NotifierConfiguration) {
        defaultFrom = configuration.defaultFrom
        senderPolicy = configuration.senderPolicy
        defaultConfigurationSet = configuration.configurationSet
    }

    /// Validates `notification`; `path` prefixes field names in errors, as in ``NotificationParser``.
    func validate(_ notification: Notification, path: String = "") throws(ValidationError) -> PreparedEmail {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) {
            errors.append(FieldError(field: path + field, message: message))
        }
        let names = notification.fieldNames

        // Sender
        var from: EmailAddress?
        if let text = notification.from {
            from = parseAddress(text, field: names.from, fail: fail)
        } else if let defaultFrom {
            from = defaultFrom
        } else {
            fail(names.from, "is required (NOTIFIER_DEFAULT_FROM is not set)")
        }
        if let from, !senderPolicy.allows(from) {
            fail(names.from, "sender \(from.address) is not allowed by NOTIFIER_ALLOWED_SENDERS")
        }

        // Recipients
        func addresses(_ texts: [String], field: String) -> [EmailAddress] {
            texts.enumerated().compactMap { index, text in parseAddress(text, field: "\(field)[\(index)]", fail: fail) }
        }
        let to = addresses(notification.to, field: names.to)
        let cc = addresses(notification.cc, field: "cc")
        let bcc = addresses(notification.bcc, field: "bcc")
        let replyTo = addresses(notification.replyTo, field: "replyTo")
        let recipientCount = notification.to.count + notification.cc.count + notification.bcc.count
        if recipientCount == 0 {
            fail(names.to, "at least one recipient (to, cc or bcc) is required")
        } else if recipientCount > Self.maximumRecipients {
            fail(names.to, "at most \(Self.maximumRecipients) recipients in total (to + cc + bcc) are allowed, found \(recipientCount)")
        }

        // Subject and bodies
        let subject = notification.subject ?? ""
        if subject.trimmingWhitespace().isEmpty {
            fail(names.subject, "is required")
        } else if subject.utf8.count > Self.maximumSubjectOctets {
            fail(names.subject, "is \(subject.utf8.count) octets long; at most \(Self.maximumSubjectOctets) are allowed")
        } else if containsLineBreak(subject) {
            fail(names.subject, "must not contain CR, LF or NUL characters")
        }
        let text = notification.text.flatMap { $0.isEmpty ? nil : $0 }
        let html = notification.html.flatMap { $0.isEmpty ? nil : $0 }
        if text == nil && html == nil {
            fail(names.text, "a text or html body is required")
        }

        // Attachments
        var attachments: [EmailAttachment] = []
        var estimatedSize = (text?.utf8.count ?? 0) + (html?.utf8.count ?? 0)
        for (index, attachment) in notification.attachments.enumerated() {
            let field = "attachments[\(index)]"
            let filename = attachment.filename.trimmingWhitespace()
            if filename.isEmpty {
                fail("\(field).filename", "must not be empty")
            } else if containsLineBreak(filename) {
                fail("\(field).filename", "must not contain CR, LF or NUL characters")
            }
            if !MIMEWriter.isAttachableMediaType(attachment.contentType) {
                fail("\(field).contentType", "is not a media type like 'application/pdf' (type/subtype, no parameters, not multipart or message): '\(attachment.contentType)'")
            }
            var contentID = attachment.contentID
            if let id = contentID {
                let trimmed = id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 ? String(id.dropFirst().dropLast()) : id
                if !MIMEWriter.isContentID(trimmed) {
                    fail("\(field).contentId", "must be 1-250 printable ASCII characters without spaces, angle brackets or ()[]\\,;:\"")
                }
                contentID = trimmed
            }
            // Content as encoders write it unbroken is kept as text and sent without decoding;
            // anything else the lenient decoder accepts (line breaks, stray padding bits) is
            // decoded and encoded afresh by the writer.
            let attached: EmailAttachment
            if let data = attachment.data {
                // Read from S3 (AttachmentFetcher): attached as it is, without a copy.
                attached = EmailAttachment(filename: filename, contentType: attachment.contentType, data: data, contentID: contentID)
            } else if let text = Base64Text(canonical: attachment.content.utf8) {
                attached = EmailAttachment(filename: filename, contentType: attachment.contentType, base64: text, contentID: contentID)
            } else if let data = Base64Decoder.decode(attachment.content) {
                attached = EmailAttachment(filename: filename, contentType: attachment.contentType, data: data, contentID: contentID)
            } else {
                fail("\(field).content", "is not valid base64")
                continue
            }
            estimatedSize += (attached.byteCount + 2) / 3 * 4 * 78 / 76
            attachments.append(attached)
        }
        if estimatedSize > Self.maximumMessageBytes {
            fail("attachments", "the message would be about \(estimatedSize / (1024 * 1024)) MiB encoded; SES accepts at most 40 MiB")
        }

        // Headers and tags
        var headers: [EmailHeader] = []
        for (name, value) in notification.headers {
            let field = "headers.\(name)"
            if !MIMEWriter.isHeaderName(name) {
                fail(field, "is not a valid header name (1-76 printable ASCII characters, no spaces or ':')")
            } else if Self.reservedHeaders.contains(name.lowercased()) || name.lowercased().hasPrefix("content-") {
                fail(field, "cannot be set: it is built from the message itself")
            } else if containsLineBreak(value) {
                fail(field, "must not contain CR, LF or NUL characters")
            } else {
                headers.append(EmailHeader(name: name, value: value))
            }
        }
        var tags: [EmailTag] = []
        for (name, value) in notification.tags {
            if !SESNames.isValidTagPart(name) {
                fail("tags.\(name)", "tag names are 1-256 ASCII letters, digits, '_' or '-'")
            } else if !SESNames.isValidTagPart(value) {
                fail("tags.\(name)", "tag values are 1-256 ASCII letters, digits, '_' or '-'")
            } else {
                tags.append(EmailTag(name: name, value: value))
            }
        }
        if let set = notification.configurationSet, !SESNames.isValidConfigurationSetName(set) {
            fail("configurationSet", "must be 1-64 ASCII letters, digits, '_' or '-'")
        }
        if let key = notification.idempotencyKey,
           key.isEmpty || key.utf8.count > 256 || containsLineBreak(key) {
            fail("idempotencyKey", "must be 1-256 characters on one line")
        }

        guard errors.isEmpty, let from else { throw ValidationError(errors: errors) }
        let message = EmailMessage(
            from: from, to: to, cc: cc, bcc: bcc, replyTo: replyTo,
            subject: subject, textBody: text, htmlBody: html,
            attachments: attachments, headers: headers, tags: tags)
        return PreparedEmail(
            message: message,
            configurationSet: notification.configurationSet ?? defaultConfigurationSet,
            idempotencyKey: notification.idempotencyKey)
    }

    private func parseAddress(_ text: String, field: String, fail: (String, String) -> Void) -> EmailAddress? {
        do {
            return try EmailAddress(parsing: text)
        } catch {
            fail(field, "\(error)")
            return nil
        }
    }

    private func containsLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

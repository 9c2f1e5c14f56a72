import EmailKit

extension NotificationValidator {
    /// Refuses a message SES would refuse for its size: the whole MIME message, header fields
    /// included, attachments base64-encoded (``SESLimits/maximumMessageBytes``). The size is exact
    /// (``MIMEWriter/size(of:)``), found without encoding the bodies.
    func checkSize(of message: EmailMessage, notification: Notification, at path: FieldPath) throws(ValidationError) {
        let field = message.attachments.isEmpty ? path.field(notification.fieldNames.text) : path.field("attachments")
        let mimeBytes: Int
        do {
            mimeBytes = try MIMEWriter.size(of: message)
        } catch {
            // The checks above make this unreachable; the writer's own refusal is reported if not.
            throw ValidationError(path.orWhole("(message)"), .invalidValue, error.description)
        }
        guard mimeBytes <= SESLimits.maximumMessageBytes else {
            throw ValidationError(field, .tooLarge, "the message would be \(Self.megabytes(mimeBytes)) MB as SES counts it (the whole MIME message, attachments base64-encoded); SES accepts at most \(Self.megabytes(SESLimits.maximumMessageBytes)) MB")
        }
    }

    /// Decimal megabytes with one decimal, rounded up: `40000001` → `40.1`.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes + 99_999) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}

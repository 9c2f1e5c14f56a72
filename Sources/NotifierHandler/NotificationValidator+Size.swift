import EmailKit

extension NotificationValidator {
    /// Refuses a message SES would refuse for its size, counted as SES counts it: the base64 of
    /// the whole MIME message, header fields included. The MIME size is exact
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
        let encoded = SESLimits.encodedMessageBytes(rawMessageBytes: mimeBytes)
        guard encoded <= SESLimits.maximumEncodedMessageBytes else {
            let mebibytes = (encoded + 1024 * 1024 - 1) / (1024 * 1024)
            throw ValidationError(field, .tooLarge, "the message would be \(mebibytes) MiB as SES counts it (base64 of the whole MIME message); SES accepts at most \(SESLimits.maximumEncodedMessageBytes / (1024 * 1024)) MiB")
        }
    }
}

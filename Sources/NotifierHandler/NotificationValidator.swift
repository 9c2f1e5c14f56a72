import ByteEncoding
import EmailKit

/// Turns a ``Notification`` into a ``PreparedEmail``, or a ``ValidationError`` listing every problem.
///
/// One concern per extension: the sender (`+Sender`), recipients (`+Recipients`), subject and
/// bodies (`+Content`), attachments (`+Attachments`), extra header fields (`+Headers`), SES's
/// sending options (`+SendingOptions`), the template's `locale` (`+Locale`) and, once all of those hold, the size SES will count
/// (`+Size`). Every count is checked before the entries it counts are read.
struct NotificationValidator: Sendable {
    var defaultFrom: EmailAddress?
    var senderPolicy: SenderPolicy
    var defaultConfigurationSet: String?
    /// The hosts a message's `statusWebhook` may name; `nil` when status webhooks are off.
    var statusWebhookPolicy: StatusWebhookPolicy?

    init(configuration: NotifierConfiguration) {
        defaultFrom = configuration.defaultFrom
        senderPolicy = configuration.senderPolicy
        defaultConfigurationSet = configuration.configurationSet
        statusWebhookPolicy = configuration.statusWebhooks?.policy
    }

    /// Validates `notification`; `path` prefixes field names in errors, as in ``NotificationParser``.
    func validate(_ notification: Notification, path: FieldPath = .root) throws(ValidationError) -> PreparedEmail {
        var problems = ValidationError()
        let from = sender(of: notification, at: path, problems: &problems)
        let recipients = recipients(of: notification, at: path, problems: &problems)
        let content = content(of: notification, at: path, problems: &problems)
        let attachments = attachments(of: notification, at: path, problems: &problems)
        let headers = headers(of: notification, at: path, problems: &problems)
        let options = sendingOptions(of: notification, at: path, problems: &problems)

        let statusWebhook = statusWebhook(of: notification, at: path, problems: &problems)
        checkLocale(of: notification, at: path, problems: &problems)

        guard problems.isEmpty, let from, let content else { throw problems }
        let message = EmailMessage(
            from: from, to: recipients.to, cc: recipients.cc, bcc: recipients.bcc, replyTo: recipients.replyTo,
            subject: content.subject, textBody: content.text, htmlBody: content.html,
            attachments: attachments, headers: headers, tags: options.tags)
        try checkSize(of: message, notification: notification, at: path)
        return PreparedEmail(
            message: message,
            configurationSet: options.configurationSet ?? defaultConfigurationSet,
            idempotencyKey: options.idempotencyKey,
            statusWebhook: statusWebhook)
    }

    /// Whether `text` holds CR, LF or NUL, which would end a header line early.
    static func containsLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

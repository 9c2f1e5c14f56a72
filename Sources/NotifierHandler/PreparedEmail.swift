import EmailKit

/// A notification that passed validation: the e-mail to build and how SES should send it.
struct PreparedEmail: Sendable {
    var message: EmailMessage
    /// The SES configuration set: the message's own, else `NOTIFIER_CONFIGURATION_SET`.
    var configurationSet: String?
    /// Messages with the same key are sent once per invocation.
    var idempotencyKey: String?
    /// The message's own status webhook, checked against `NOTIFIER_STATUS_WEBHOOK_HOSTS`.
    var statusWebhook: String? = nil
}

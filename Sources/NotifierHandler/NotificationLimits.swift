import EmailKit

/// How much one notification, or one direct batch, may hold: checked before the work they would
/// cause, so that memory and time follow what is accepted, not what was sent. SES's own limits
/// (recipients, tags, size) are ``SESLimits``; these are the notifier's. README's Limits table
/// lists them all.
enum NotificationLimits {
    /// Attachments of one message.
    static let maximumAttachments = 100
    /// Extra header fields of one message.
    static let maximumHeaders = 50
    /// Notifications in one direct `{"messages": [...]}` invocation; a larger batch is refused whole.
    static let maximumBatchMessages = 100
    /// RFC 5322's limit on a line, which a subject must fit.
    static let maximumSubjectOctets = 998
    /// Length of an idempotency key.
    static let maximumIdempotencyKeyOctets = 256
}

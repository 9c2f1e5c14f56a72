import JSON

/// A request to send one e-mail, as a producer wrote it, whatever the event source.
///
/// This is the one message type every source is normalised into. Its fields hold what was given,
/// typed but not yet validated; ``NotificationValidator`` turns it into an e-mail or a list of
/// problems. The JSON format is documented in README.md and `events/notification.schema.json`.
struct Notification: Sendable, Equatable {
    struct Attachment: Sendable, Equatable {
        var filename: String
        var contentType: String
        /// Base64 text as given; decoded during validation.
        var content: String
        var contentID: String?
        /// Where the content is in S3, instead of ``content``; read by ``AttachmentFetcher``.
        var s3: S3AttachmentReference?
        /// The content read from ``s3``; the validator attaches it as it is.
        var data: [UInt8]?
    }

    /// One entry of `to`, `cc`, `bcc` or `replyTo`.
    enum Recipient: Sendable, Equatable {
        /// `ada@example.org` or `Ada Lovelace <ada@example.org>`, parsed by the validator.
        case text(String)
        /// `{"name": …, "address": …}`: the name is only ever a display name, never parsed, so
        /// `Grace <b>Hopper</b>` or a name with quotes and commas is written as it is (encoded).
        case mailbox(name: String?, address: String)
    }

    /// The sender; `nil` means `NOTIFIER_DEFAULT_FROM`.
    var from: String?
    var to: [Recipient] = []
    var cc: [Recipient] = []
    var bcc: [Recipient] = []
    var replyTo: [Recipient] = []
    var subject: String?
    var text: String?
    var html: String?
    var attachments: [Attachment] = []
    var headers: [(name: String, value: String)] = []
    var tags: [(name: String, value: String)] = []
    var configurationSet: String?
    var idempotencyKey: String?
    /// A template name, rendered with ``data`` into the subject and bodies.
    var template: String?
    /// The template's variables.
    var data: JSONValue?
    /// Where this message's status changes are posted; must be on `NOTIFIER_STATUS_WEBHOOK_HOSTS`.
    var statusWebhook: String?
    /// The A3 field `bucket_name`: the bucket of attachments whose `s3` names only a key.
    var bucketName: String?
    /// `taskToken`, `actions` and `linkExpiresIn`: links that answer a Step Functions task.
    var approval: ApprovalRequest?
    /// The template's language (BCP 47, `fr-CA`); else the data's `locale`; see ``LocaleChain``.
    var locale: String?

    /// The JSON key each field was read from (`recipients` for an A3-format message), so that
    /// errors name the field the producer actually wrote.
    var fieldNames = FieldNames()

    struct FieldNames: Sendable, Equatable {
        var from = "from"
        var to = "to"
        var subject = "subject"
        var text = "text"
        var html = "html"
    }

    static func == (lhs: Notification, rhs: Notification) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.cc == rhs.cc && lhs.bcc == rhs.bcc
            && lhs.replyTo == rhs.replyTo && lhs.subject == rhs.subject && lhs.text == rhs.text
            && lhs.html == rhs.html && lhs.attachments == rhs.attachments
            && lhs.headers.elementsEqual(rhs.headers, by: ==) && lhs.tags.elementsEqual(rhs.tags, by: ==)
            && lhs.configurationSet == rhs.configurationSet && lhs.idempotencyKey == rhs.idempotencyKey
            && lhs.template == rhs.template && lhs.data == rhs.data && lhs.approval == rhs.approval && lhs.locale == rhs.locale
            && lhs.fieldNames == rhs.fieldNames && lhs.statusWebhook == rhs.statusWebhook
            && lhs.bucketName == rhs.bucketName
    }
}

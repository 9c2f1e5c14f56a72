/// An e-mail as the sender thinks of it: who it is from and to, what it says, what it carries.
///
/// A plain value with no validation of its own; `MIMEWriter` checks every field
/// it writes and names the one it rejects. Addresses are validated when the
/// `EmailAddress` values are made.
public struct EmailMessage: Sendable, Hashable {
    /// The author, written to the `From` header.
    public var from: EmailAddress
    /// Primary recipients, written to the `To` header.
    public var to: [EmailAddress]
    /// Copied recipients, written to the `Cc` header.
    public var cc: [EmailAddress]
    /// Blind-copied recipients. Never written into the message: they reach SES only
    /// as envelope destinations, so no other recipient can see them.
    public var bcc: [EmailAddress]
    /// Where replies should go, written to the `Reply-To` header when not empty.
    public var replyTo: [EmailAddress]
    /// The subject line; any Unicode text without CR, LF or NUL.
    public var subject: String
    /// The plain-text body; `nil` or empty for none.
    public var textBody: String?
    /// The HTML body; `nil` or empty for none.
    public var htmlBody: String?
    /// Files to attach. Those with a `contentID` are inline parts the HTML body refers to as `cid:…`.
    public var attachments: [EmailAttachment]
    /// Extra header fields, written after the standard ones in this order.
    public var headers: [EmailHeader]
    /// SES message tags, for event publishing; they are not part of the MIME message.
    public var tags: [EmailTag]

    public init(
        from: EmailAddress,
        to: [EmailAddress] = [],
        cc: [EmailAddress] = [],
        bcc: [EmailAddress] = [],
        replyTo: [EmailAddress] = [],
        subject: String,
        textBody: String? = nil,
        htmlBody: String? = nil,
        attachments: [EmailAttachment] = [],
        headers: [EmailHeader] = [],
        tags: [EmailTag] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.headers = headers
        self.tags = tags
    }
}

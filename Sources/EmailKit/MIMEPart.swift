/// One node of the MIME tree a message becomes (RFC 2046).
enum MIMEPart {
    /// A `text/plain` or `text/html` body.
    case text(String, subtype: String)
    /// An attachment, with its index in `EmailMessage.attachments` for error messages.
    case attachment(EmailAttachment, index: Int)
    /// A `multipart/*` container of at least two parts.
    case multipart(subtype: String, [MIMEPart])

    /// The tree for `message`:
    ///
    ///     multipart/mixed
    ///     ├── multipart/alternative
    ///     │   ├── text/plain
    ///     │   └── multipart/related
    ///     │       ├── text/html
    ///     │       └── inline images (attachments with a content ID)
    ///     └── attachments
    ///
    /// A container that would hold a single part is left out and the part takes its
    /// place, so a text-only message is a single `text/plain` part. Inline images
    /// without an HTML body to show them travel as ordinary attachments. A message
    /// with no body and no attachments is an empty `text/plain` part, never an empty
    /// multipart.
    init(message: EmailMessage) {
        let textBody = message.textBody.flatMap { $0.isEmpty ? nil : $0 }
        let htmlBody = message.htmlBody.flatMap { $0.isEmpty ? nil : $0 }
        var related: [MIMEPart] = []
        var mixed: [MIMEPart] = []
        for (index, attachment) in message.attachments.enumerated() {
            if attachment.isInline && htmlBody != nil {
                related.append(.attachment(attachment, index: index))
            } else {
                mixed.append(.attachment(attachment, index: index))
            }
        }
        var bodies: [MIMEPart] = []
        if let textBody {
            bodies.append(.text(textBody, subtype: "plain"))
        }
        if let htmlBody {
            bodies.append(Self.wrapping([.text(htmlBody, subtype: "html")] + related, in: "related"))
        }
        if !bodies.isEmpty {
            mixed.insert(Self.wrapping(bodies, in: "alternative"), at: 0)
        }
        self = mixed.isEmpty ? .text("", subtype: "plain") : Self.wrapping(mixed, in: "mixed")
    }

    private static func wrapping(_ parts: [MIMEPart], in subtype: String) -> MIMEPart {
        parts.count == 1 ? parts[0] : .multipart(subtype: subtype, parts)
    }
}

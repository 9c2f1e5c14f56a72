/// What Amazon SES v2 accepts in one `SendEmail` request, defined once: the validator reports a
/// message over a limit with the field at fault, and `SendEmailRequest` refuses it again before
/// sending.
public enum SESLimits {
    /// Recipients of one message, counted across To, Cc and Bcc.
    public static let maximumRecipients = 50
    /// `ReplyToAddresses` of one message. SES documents no limit of its own; the header that carries
    /// them is written in full, so they are held to the recipient limit.
    public static let maximumReplyToAddresses = 50
    /// Message tags (`EmailTags`) of one message.
    public static let maximumTags = 50
    /// Length of a tag name or value, in ASCII characters.
    public static let maximumTagPartLength = 256
    /// The size of one message as SES counts it, "40 MB per message (after base64 encoding)": the
    /// raw MIME message, header fields included, its attachments base64-encoded as MIME carries
    /// them. Counted in decimal megabytes, the smaller reading, so that SES never refuses what
    /// passed here. An attachment grows to about 137 % in MIME, so the largest is about 29 MB.
    public static let maximumMessageBytes = 40_000_000
}

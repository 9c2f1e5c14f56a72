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
    /// The size of one message as SES counts it: the base64 text of the whole raw MIME message,
    /// header fields included, as it travels in the request.
    public static let maximumEncodedMessageBytes = 40 * 1024 * 1024

    /// The size SES counts for a raw MIME message of `rawMessageBytes` bytes: its base64 length.
    public static func encodedMessageBytes(rawMessageBytes: Int) -> Int {
        (rawMessageBytes + 2) / 3 * 4
    }
}

import EmailKit

/// One raw MIME message for SES v2 `SendEmail`, with its envelope and sending options.
///
/// The message is sent exactly as given. Its `From`, `To`, `Cc` and `Reply-To` header fields are
/// what recipients see; the address lists here are the envelope SES delivers to, which is the
/// only place Bcc recipients appear. Addresses must be ASCII: SES does not support SMTPUTF8, so a
/// non-ASCII domain must already be in Punycode.
public struct SendEmailRequest: Sendable, Equatable {
    /// SES refuses messages with more recipients, counted across To, Cc and Bcc.
    public static let maximumRecipientCount = SESLimits.maximumRecipients
    /// SES v2 refuses larger raw MIME messages (``SESLimits/maximumMessageBytes``).
    public static let maximumMessageSize = SESLimits.maximumMessageBytes

    /// The raw MIME message.
    public enum Content: Sendable, Equatable {
        /// Already written: header fields, a blank line, the body; CRLF line ends.
        case raw([UInt8])
        /// Written by ``MIMEWriter`` (dated when the body is made, with a fresh Message-ID)
        /// straight into the request body and base64-encoded there: its MIME text never exists
        /// in a buffer of its own, which keeps a message with a 25 MB attachment at two copies
        /// (the attachment and the request body) instead of three.
        case message(EmailMessage)
    }

    public var content: Content
    /// `FromEmailAddress`, a verified identity; `nil` lets SES take the message's `From` field.
    public var fromEmailAddress: String?
    public var toAddresses: [String]
    public var ccAddresses: [String]
    public var bccAddresses: [String]
    /// The configuration set whose event destinations receive this message's sending events.
    public var configurationSetName: String?
    /// Published with the sending events; SES allows ASCII letters, digits, `_` and `-` in names and values.
    public var tags: [EmailTag]

    public init(
        content: Content,
        fromEmailAddress: String? = nil,
        toAddresses: [String] = [],
        ccAddresses: [String] = [],
        bccAddresses: [String] = [],
        configurationSetName: String? = nil,
        tags: [EmailTag] = []
    ) {
        self.content = content
        self.fromEmailAddress = fromEmailAddress
        self.toAddresses = toAddresses
        self.ccAddresses = ccAddresses
        self.bccAddresses = bccAddresses
        self.configurationSetName = configurationSetName
        self.tags = tags
    }

    /// Recipients across To, Cc and Bcc.
    public var recipientCount: Int {
        toAddresses.count + ccAddresses.count + bccAddresses.count
    }

    /// The size of the raw MIME message, the size SES limits; for ``Content/message(_:)`` exact
    /// without writing it (``MIMEWriter/size(of:)``).
    public func messageSize() throws(MIMEError) -> Int {
        switch content {
        case .raw(let bytes): bytes.count
        case .message(let message): try MIMEWriter.size(of: message)
        }
    }

    /// Why a request is not sent: a code for ``AWSServiceError/Reason/refusedBeforeSending(code:problem:)``
    /// (`TooManyRecipients`, `MessageTooLarge`, `InvalidMessage`) and the problem.
    struct Refusal: Error {
        var code: String
        var problem: String
    }

    /// The JSON body, or why SES would refuse this request for its recipients or size, or why its
    /// message cannot be written. The message is sized once, for the check and the body's capacity.
    func checkedJSONBody() throws(Refusal) -> [UInt8] {
        if recipientCount > Self.maximumRecipientCount {
            throw Refusal(code: "TooManyRecipients", problem: "message has \(recipientCount) recipients, SES allows \(Self.maximumRecipientCount)")
        }
        let size: Int
        do throws(MIMEError) {
            size = try messageSize()
        } catch {
            throw Refusal(code: "InvalidMessage", problem: error.description)
        }
        if size > Self.maximumMessageSize {
            throw Refusal(code: "MessageTooLarge", problem: "message is \(size) bytes, SES allows \(Self.maximumMessageSize)")
        }
        do throws(MIMEError) {
            return try jsonBody(messageSize: size)
        } catch {
            throw Refusal(code: "InvalidMessage", problem: error.description)
        }
    }

    /// The JSON body of `POST /v2/email/outbound-emails`; empty lists and absent options are left
    /// out. The raw message comes last, written (for ``Content/message(_:)``) and base64-encoded
    /// in place at the end of the body, whose capacity is reserved once from its exact size.
    public func jsonBody() throws(MIMEError) -> [UInt8] {
        try jsonBody(messageSize: messageSize())
    }

    /// ``jsonBody()`` for a message of `messageSize` bytes (``messageSize()``).
    private func jsonBody(messageSize: Int) throws(MIMEError) -> [UInt8] {
        var json = JSONText(capacity: 512)
        json.beginObject()
        if let fromEmailAddress { json.member("FromEmailAddress", fromEmailAddress) }
        if recipientCount > 0 {
            json.key("Destination")
            json.beginObject()
            if !toAddresses.isEmpty { json.member("ToAddresses", toAddresses) }
            if !ccAddresses.isEmpty { json.member("CcAddresses", ccAddresses) }
            if !bccAddresses.isEmpty { json.member("BccAddresses", bccAddresses) }
            json.endObject()
        }
        if let configurationSetName { json.member("ConfigurationSetName", configurationSetName) }
        if !tags.isEmpty {
            json.key("EmailTags")
            json.beginArray()
            for tag in tags {
                json.beginObject()
                json.member("Name", tag.name)
                json.member("Value", tag.value)
                json.endObject()
            }
            json.endArray()
        }
        json.key("Content")
        json.beginObject()
        json.key("Raw")
        json.beginObject()
        json.key("Data")
        let closing = 3
        switch content {
        case .raw(let bytes):
            json.base64String(ofSize: messageSize, followedBy: closing) { $0.append(contentsOf: bytes) }
        case .message(let message):
            try json.base64String(ofSize: messageSize, followedBy: closing) { (body) throws(MIMEError) in
                try MIMEWriter().write(message, appendingTo: &body)
            }
        }
        json.endObject()
        json.endObject()
        json.endObject()
        return json.bytes
    }
}

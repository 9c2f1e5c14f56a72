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
    /// SES v2 refuses messages larger than 40 MiB once base64-encoded, as they travel in the request.
    public static let maximumEncodedMessageSize = SESLimits.maximumEncodedMessageBytes

    /// The complete message: header fields, a blank line, the body; CRLF line ends.
    public var rawMessage: [UInt8]
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
        rawMessage: [UInt8],
        fromEmailAddress: String? = nil,
        toAddresses: [String] = [],
        ccAddresses: [String] = [],
        bccAddresses: [String] = [],
        configurationSetName: String? = nil,
        tags: [EmailTag] = []
    ) {
        self.rawMessage = rawMessage
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

    /// The size of ``rawMessage`` once base64-encoded, the size SES limits.
    public var encodedMessageSize: Int {
        SESLimits.encodedMessageBytes(rawMessageBytes: rawMessage.count)
    }

    /// Why SES would refuse this request for its size or recipients, if it would: a code for
    /// ``AWSServiceError/Reason/refusedBeforeSending(code:problem:)`` and the problem.
    var limitViolation: (code: String, problem: String)? {
        if recipientCount > Self.maximumRecipientCount {
            return ("TooManyRecipients", "message has \(recipientCount) recipients, SES allows \(Self.maximumRecipientCount)")
        }
        if encodedMessageSize > Self.maximumEncodedMessageSize {
            return ("MessageTooLarge", "message is \(encodedMessageSize) bytes base64-encoded, SES allows \(Self.maximumEncodedMessageSize)")
        }
        return nil
    }

    /// The JSON body of `POST /v2/email/outbound-emails`; empty lists and absent options are left out.
    public func jsonBody() -> [UInt8] {
        // Written by hand rather than with JSONEncoder: its base64 of a large message was the most
        // expensive step of sending a message with an attachment. JSONText encodes the message
        // once, into the final buffer, so the capacity here is for the other fields only.
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
        json.key("Content")
        json.beginObject()
        json.key("Raw")
        json.beginObject()
        json.key("Data")
        json.base64String(rawMessage)
        json.endObject()
        json.endObject()
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
        json.endObject()
        return json.bytes
    }
}

import FoundationEssentials

/// One raw MIME message for SES v2 `SendEmail`, with its envelope and sending options.
///
/// The message is sent exactly as given. Its `From`, `To`, `Cc` and `Reply-To` header fields are
/// what recipients see; the address lists here are the envelope SES delivers to, which is the
/// only place Bcc recipients appear. Addresses must be ASCII: SES does not support SMTPUTF8, so a
/// non-ASCII domain must already be in Punycode.
public struct SendEmailRequest: Sendable, Equatable {
    /// SES refuses messages with more recipients, counted across To, Cc and Bcc.
    public static let maximumRecipientCount = 50
    /// SES v2 refuses messages larger than 40 MB once base64-encoded, as they travel in the request.
    public static let maximumEncodedMessageSize = 40 * 1024 * 1024

    /// The complete message: header fields, a blank line, the body; CRLF line ends.
    public var rawMessage: Data
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
        rawMessage: Data,
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
        (rawMessage.count + 2) / 3 * 4
    }

    /// The reason SES would refuse this request for its size or recipients, if it would.
    var limitViolation: SESError.Reason? {
        if recipientCount > Self.maximumRecipientCount {
            return .tooManyRecipients(count: recipientCount)
        }
        if encodedMessageSize > Self.maximumEncodedMessageSize {
            return .messageTooLarge(encodedSize: encodedMessageSize)
        }
        return nil
    }

    /// The JSON body of `POST /v2/email/outbound-emails`; empty lists and absent options are left out.
    func jsonBody() -> Data {
        let hasRecipients = recipientCount > 0
        let body = Body(
            fromEmailAddress: fromEmailAddress,
            destination: hasRecipients ? Body.Destination(
                toAddresses: toAddresses.isEmpty ? nil : toAddresses,
                ccAddresses: ccAddresses.isEmpty ? nil : ccAddresses,
                bccAddresses: bccAddresses.isEmpty ? nil : bccAddresses
            ) : nil,
            content: Body.Content(raw: Body.Raw(data: rawMessage)),
            configurationSetName: configurationSetName,
            emailTags: tags.isEmpty ? nil : tags.map { Body.Tag(name: $0.name, value: $0.value) }
        )
        let encoder = JSONEncoder()
        // Base64 is full of `/`; escaping each as `\/` would only make the request larger.
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Strings, string arrays and Data (as base64) always encode.
        return (try? encoder.encode(body)) ?? Data()
    }

    private struct Body: Encodable {
        struct Destination: Encodable {
            var toAddresses: [String]?
            var ccAddresses: [String]?
            var bccAddresses: [String]?

            enum CodingKeys: String, CodingKey {
                case toAddresses = "ToAddresses", ccAddresses = "CcAddresses", bccAddresses = "BccAddresses"
            }
        }

        struct Content: Encodable {
            var raw: Raw
            enum CodingKeys: String, CodingKey { case raw = "Raw" }
        }

        struct Raw: Encodable {
            /// JSONEncoder writes `Data` as base64, as the API wants it.
            var data: Data
            enum CodingKeys: String, CodingKey { case data = "Data" }
        }

        struct Tag: Encodable {
            var name: String
            var value: String
            enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }
        }

        var fromEmailAddress: String?
        var destination: Destination?
        var content: Content
        var configurationSetName: String?
        var emailTags: [Tag]?

        enum CodingKeys: String, CodingKey {
            case fromEmailAddress = "FromEmailAddress", destination = "Destination", content = "Content"
            case configurationSetName = "ConfigurationSetName", emailTags = "EmailTags"
        }
    }
}

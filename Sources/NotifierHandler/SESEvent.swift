import AWSCore
import ByteEncoding
import JSON

/// One SES sending event about one message, in any of the shapes SES publishes it: an event
/// publishing record (`eventType` + `mail`, SNS or EventBridge `detail`) or the older identity
/// notification (`notificationType` + `mail`).
///
/// Only what the message's status, its timeline, the logs and the metrics need is kept; the
/// addresses it names (``affectedRecipients``, ``destination``) go to the status table, never to logs.
struct SESEvent: Sendable, Equatable {
    /// The type as SES names it: `Bounce`, `DeliveryDelay`, `Open`…
    var type: String
    /// SES's `MessageId` of the message the event is about.
    var messageID: String
    /// When it happened, as SES wrote it (ISO 8601): the event's own time, else the send time.
    var timestamp: String
    /// The status this event means, `nil` for events that do not change one (`Open`, `Click`).
    var status: MessageStatus?
    /// `Permanent`, `Transient`, `Undetermined` for a bounce.
    var bounceType: String?
    /// `General`, `NoEmail`, `OnAccountSuppressionList`… for a bounce.
    var bounceSubType: String?
    /// The receiving server's answer for the first affected recipient of a bounce or delay,
    /// e.g. `smtp; 550 5.1.1 user unknown`. It may quote an address: never logged.
    var diagnosticCode: String?
    /// `abuse`, `not-spam`… for a complaint; `InternalFailure`, `MailboxFull`… for a delay;
    /// the reason of a reject.
    var detail: String?
    /// The addresses the event is about: bounced, complained, delivered or delayed recipients.
    var affectedRecipients: [String]
    /// Every recipient of the message (`mail.destination`).
    var destination: [String]
    /// The configuration set the message was sent with (`mail.tags["ses:configuration-set"]`).
    var configurationSet: String?
    /// Names this event whatever route it came by and however often: a digest of its type, time,
    /// feedback id and affected recipients.
    var eventID: String

    /// The longest diagnostic code kept; SES passes on what the receiving server said.
    static let maximumDiagnosticCodeLength = 1000
    /// SES sends a message to at most 50 recipients; more in an event is not SES speaking.
    static let maximumRecipients = 50

    /// Whether `object` has the shape of an SES event: a type and a `mail` object.
    static func isSESEvent(_ object: JSONObject) -> Bool {
        (object["eventType"]?.stringValue ?? object["notificationType"]?.stringValue) != nil && object["mail"]?.objectValue != nil
    }

    /// Reads an SES event, or says which required part is missing or malformed.
    init(_ object: JSONObject) throws(SESEventError) {
        guard let type = object["eventType"]?.stringValue ?? object["notificationType"]?.stringValue, !type.isEmpty, type.utf8.count <= 64 else {
            throw SESEventError(problem: "no eventType or notificationType")
        }
        guard let mail = object["mail"]?.objectValue else { throw SESEventError(problem: "no mail object") }
        guard let messageID = mail["messageId"]?.stringValue, !messageID.isEmpty, messageID.utf8.count <= 256 else {
            throw SESEventError(problem: "mail.messageId is missing, empty or longer than 256 bytes")
        }
        self.type = type
        self.messageID = messageID
        // The type's own object: `bounce` for Bounce, `deliveryDelay` for DeliveryDelay.
        let details = object[type.prefix(1).lowercased() + type.dropFirst()]?.objectValue ?? JSONObject()
        let sendTime = mail["timestamp"]?.stringValue ?? ""
        timestamp = String((details["timestamp"]?.stringValue ?? sendTime).prefix(64))
        destination = Self.strings(mail["destination"])
        configurationSet = mail["tags"]?["ses:configuration-set"]?.arrayValue?.first?.stringValue

        let recipientObjects: [JSONObject]
        switch type {
        case "Bounce":
            bounceType = details["bounceType"]?.stringValue
            bounceSubType = details["bounceSubType"]?.stringValue
            status = ["OnAccountSuppressionList", "OnSuppressionList"].contains(bounceSubType) ? .suppressed : .bounced
            recipientObjects = (details["bouncedRecipients"]?.arrayValue ?? []).compactMap(\.objectValue)
        case "Complaint":
            status = .complained
            detail = details["complaintFeedbackType"]?.stringValue
            recipientObjects = (details["complainedRecipients"]?.arrayValue ?? []).compactMap(\.objectValue)
        case "DeliveryDelay":
            status = .delayed
            detail = details["delayType"]?.stringValue
            recipientObjects = (details["delayedRecipients"]?.arrayValue ?? []).compactMap(\.objectValue)
        case "Delivery":
            status = .delivered
            recipientObjects = Self.strings(details["recipients"]).map { ["emailAddress": .string($0)] }
        case "Reject":
            status = .rejected
            detail = details["reason"]?.stringValue
            recipientObjects = []
        case "Send":
            status = .sent
            recipientObjects = []
        default:
            recipientObjects = []
        }
        affectedRecipients = recipientObjects.prefix(Self.maximumRecipients).compactMap { $0["emailAddress"]?.stringValue }
        diagnosticCode = recipientObjects.lazy.compactMap { $0["diagnosticCode"]?.stringValue }.first
            .map { String($0.prefix(Self.maximumDiagnosticCodeLength)) }
        detail = detail.map { String($0.prefix(128)) }

        let feedbackID = details["feedbackId"]?.stringValue ?? ""
        let identity = [type, timestamp, feedbackID, affectedRecipients.sorted().joined(separator: ",")].joined(separator: "\u{0}")
        eventID = String(Digest.sha256(identity).lowercaseHex.prefix(32))
    }

    /// The domains of ``affectedRecipients``, each once: what logs and the timeline may show.
    var affectedDomains: [String] {
        var domains: [String] = []
        for address in affectedRecipients {
            let domain = address.split(separator: "@").last.map { $0.lowercased() } ?? ""
            if !domain.isEmpty, !domains.contains(domain) { domains.append(domain) }
        }
        return domains
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).prefix(maximumRecipients).compactMap(\.stringValue)
    }
}

/// An SES event that lacks what every event has (its type, `mail.messageId`).
struct SESEventError: Error, Sendable, Equatable, CustomStringConvertible {
    var problem: String
    var description: String { "unreadable SES event: \(problem)" }
}

import JSON

/// One SNS notification, delivered to Lambda (`Records[]` with `EventSource` `aws:sns`) or, as a
/// JSON envelope, in the body of an SQS message when raw delivery is off.
struct SNSRecord: Sendable, Equatable {
    var messageID: String
    /// The notification JSON the publisher sent.
    var message: String
    /// The publish call's `Subject`, used when the notification has none.
    var subject: String?

    /// Reads a Lambda SNS record.
    init?(_ object: JSONObject) {
        guard object["EventSource"]?.stringValue == "aws:sns", let sns = object["Sns"]?.objectValue,
              let envelope = SNSRecord(envelope: sns)
        else { return nil }
        self = envelope
    }

    /// Reads the SNS envelope itself (`Type` `Notification`, `MessageId`, `TopicArn`, `Message`).
    init?(envelope: JSONObject) {
        guard envelope["Type"]?.stringValue == "Notification",
              envelope["TopicArn"]?.stringValue != nil,
              let messageID = envelope["MessageId"]?.stringValue,
              let message = envelope["Message"]?.stringValue
        else { return nil }
        self.messageID = messageID
        self.message = message
        subject = envelope["Subject"]?.stringValue
    }
}

import JSON

/// An SES sending event as it reached the function: the `Message` of an SNS record, or the
/// `detail` of an EventBridge event (`source` `aws.ses`). It is about a message already sent and
/// is never mailed on.
struct DeliveryEventEnvelope: Sendable, Equatable {
    /// The SNS `MessageId` or the EventBridge `id`, naming the delivery in logs.
    var sourceID: String
    /// The SES event: `eventType` (or `notificationType`) and `mail`.
    var event: JSONObject

    /// The SES event an SNS record carries, `nil` when its `Message` is something else (a notification).
    init?(sns record: SNSRecord) {
        guard let message = try? JSONParser.parse(Array(record.message.utf8)).objectValue,
              SESEvent.isSESEvent(message)
        else { return nil }
        sourceID = record.messageID
        event = message
    }

    /// The SES event of an EventBridge event from `aws.ses`. EventBridge's `detail` is the event
    /// publishing record; should it lack `eventType`, the `detail-type` names it.
    init?(eventBridge object: JSONObject) {
        guard object["source"]?.stringValue == "aws.ses", let detailType = object["detail-type"]?.stringValue,
              let id = object["id"]?.stringValue, var detail = object["detail"]?.objectValue,
              detail["mail"]?.objectValue != nil
        else { return nil }
        if detail["eventType"] == nil, detail["notificationType"] == nil, let type = Self.eventTypes[detailType] {
            detail["eventType"] = .string(type)
        }
        guard SESEvent.isSESEvent(detail) else { return nil }
        sourceID = id
        event = detail
    }

    /// EventBridge's `detail-type` of each SES sending event → the event publishing `eventType`.
    private static let eventTypes: [String: String] = [
        "Email Sent": "Send", "Email Delivered": "Delivery", "Email Bounced": "Bounce",
        "Email Complaint Received": "Complaint", "Email Rejected": "Reject", "Email Delivery Delayed": "DeliveryDelay",
        "Email Opened": "Open", "Email Clicked": "Click", "Email Rendering Failed": "Rendering Failure",
        "Email Subscribed": "Subscription",
    ]
}

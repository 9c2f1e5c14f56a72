import JSON

/// One message of an SQS batch (`Records[]` with `eventSource` `aws:sqs`).
struct SQSRecord: Sendable, Equatable {
    /// Named in `batchItemFailures` when this record is not sent.
    var messageID: String
    var body: String
    var eventSourceARN: String?
    /// FIFO queues only.
    var messageGroupID: String?

    init?(_ object: JSONObject) {
        guard object["eventSource"]?.stringValue == "aws:sqs",
              let messageID = object["messageId"]?.stringValue,
              let body = object["body"]?.stringValue
        else { return nil }
        self.messageID = messageID
        self.body = body
        eventSourceARN = object["eventSourceARN"]?.stringValue
        messageGroupID = object["attributes"]?["MessageGroupId"]?.stringValue
    }

    /// Records from a `.fifo` queue must keep their order within a message group.
    var isFromFIFOQueue: Bool { eventSourceARN?.hasSuffix(".fifo") ?? false }
}

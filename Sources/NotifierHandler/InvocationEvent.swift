import JSON

/// What invoked the function, recognised from the event's whole shape rather than one field.
enum InvocationEvent: Sendable {
    case sqs([SQSRecord])
    case sns([SNSRecord])
    /// SES sending events (bounces, deliveries, complaints…), by SNS or EventBridge: they update
    /// the status of messages already sent and are never mailed on.
    case deliveryEvents([DeliveryEventEnvelope])
    case apiGateway(APIGatewayRequest)
    /// One notification invoked directly (console, SDK, Step Functions).
    case direct(JSONValue)
    /// `{"messages": [...]}` invoked directly.
    case directBatch([JSONValue])

    /// Recognises `event`, or explains what was seen when it is none of the supported shapes.
    static func recognise(_ event: JSONValue) throws(UnsupportedEventError) -> InvocationEvent {
        guard let object = event.objectValue else {
            throw UnsupportedEventError(seen: "a JSON \(event.typeName.dropArticle) instead of an object")
        }
        if let records = object["Records"] {
            return try recogniseRecords(records)
        }
        if let envelope = DeliveryEventEnvelope(eventBridge: object) {
            return .deliveryEvents([envelope])
        }
        if let request = APIGatewayRequest(object) {
            return .apiGateway(request)
        }
        if object.keys == ["messages"] {
            guard let messages = object["messages"]?.arrayValue, !messages.isEmpty else {
                throw UnsupportedEventError(seen: "'messages' that is not a non-empty array")
            }
            return .directBatch(messages)
        }
        if object.keys.contains(where: NotificationParser.isNotificationField) {
            return .direct(event)
        }
        // The keys are the caller's: a few of them, each shortened, so the error stays small.
        let keys = object.keys.prefix(8).map { $0.shortened(to: 64) }.joined(separator: ", ")
        throw UnsupportedEventError(seen: object.keys.isEmpty ? "an empty object" : "an object with keys \(keys)")
    }

    private static func recogniseRecords(_ records: JSONValue) throws(UnsupportedEventError) -> InvocationEvent {
        guard let elements = records.arrayValue, let first = elements.first?.objectValue else {
            throw UnsupportedEventError(seen: "'Records' that is not a non-empty array of objects")
        }
        if first["eventSource"]?.stringValue == "aws:sqs" {
            var sqs: [SQSRecord] = []
            for (index, element) in elements.enumerated() {
                guard let record = element.objectValue.flatMap({ SQSRecord($0) }) else {
                    throw UnsupportedEventError(seen: "an SQS batch whose record \(index) lacks messageId, body or eventSource 'aws:sqs'")
                }
                sqs.append(record)
            }
            return .sqs(sqs)
        }
        if first["EventSource"]?.stringValue == "aws:sns" {
            var sns: [SNSRecord] = []
            for (index, element) in elements.enumerated() {
                guard let record = element.objectValue.flatMap({ SNSRecord($0) }) else {
                    throw UnsupportedEventError(seen: "an SNS event whose record \(index) lacks Sns.Message, Sns.MessageId or EventSource 'aws:sns'")
                }
                sns.append(record)
            }
            let events = sns.compactMap(DeliveryEventEnvelope.init(sns:))
            if events.count == sns.count {
                return .deliveryEvents(events)
            }
            guard events.isEmpty else {
                throw UnsupportedEventError(seen: "an SNS event mixing SES delivery events and notifications")
            }
            return .sns(sns)
        }
        let source = first["eventSource"]?.stringValue ?? first["EventSource"]?.stringValue ?? "none"
        throw UnsupportedEventError(seen: "'Records' from event source '\(source.shortened(to: 64))'; only aws:sqs and aws:sns are handled")
    }
}

/// An event of a kind this function does not handle.
struct UnsupportedEventError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the event looked like, e.g. `'Records' from event source 'aws:s3'`.
    var seen: String

    var description: String {
        "unsupported event: expected an SQS batch, an SNS notification, an SES event, an API Gateway request, a notification or {\"messages\": [...]}; got \(seen)"
    }
}

private extension String {
    var dropArticle: Substring {
        if hasPrefix("an ") { return dropFirst(3) }
        if hasPrefix("a ") { return dropFirst(2) }
        return self[...]
    }
}

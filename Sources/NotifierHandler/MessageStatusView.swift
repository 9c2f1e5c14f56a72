import DynamoDB
import JSON

/// A status record as the status API answers it and as status webhooks carry it.
enum MessageStatusView {
    /// `GET /messages/…`: `{"messageId", "status", "events": [{"type", "timestamp", …}],
    /// "recipients", "idempotencyKey"?, "tags"?, "sentAt"?, "updatedAt"?}`.
    static func json(_ item: DynamoDBItem) -> JSONValue {
        var object = JSONObject([
            ("messageId", json(item["messageId"] ?? .null)),
            ("status", json(item["status"] ?? .string(MessageStatus.sent.rawValue))),
            ("events", json(item["events"] ?? .list([]))),
            ("recipients", json(item["recipients"] ?? .list([]))),
        ])
        for name in ["idempotencyKey", "tags", "sentAt", "updatedAt"] {
            if let value = item[name] { object[name] = json(value) }
        }
        return .object(object)
    }

    /// The body of a status webhook, in the Standard Webhooks shape `{"type", "timestamp",
    /// "data"}`: the new status, the event that caused it, and the producer's key and tags.
    /// Recipients' addresses are not sent; the event names their domains.
    static func webhookPayload(_ item: DynamoDBItem, status: MessageStatus, event: SESEvent, at timestamp: String) -> JSONValue {
        var data = JSONObject([
            ("messageId", .string(event.messageID)),
            ("status", .string(status.rawValue)),
            // Null for the first announcement: a record's own `sent` was never a status posted before.
            ("previousStatus", (item["statusRank"]?.integerValue ?? MessageStatusStore.unannouncedRank) == MessageStatusStore.unannouncedRank
                ? .null : json(item["status"] ?? .null)),
        ])
        var entry = JSONObject([("type", .string(event.type)), ("timestamp", .string(event.timestamp))])
        if let bounceType = event.bounceType { entry["bounceType"] = .string(bounceType) }
        if let bounceSubType = event.bounceSubType { entry["bounceSubType"] = .string(bounceSubType) }
        if let diagnosticCode = event.diagnosticCode { entry["diagnosticCode"] = .string(diagnosticCode) }
        if let detail = event.detail { entry["detail"] = .string(detail) }
        if !event.affectedDomains.isEmpty { entry["recipientDomains"] = .array(event.affectedDomains.map(JSONValue.string)) }
        data["event"] = .object(entry)
        for name in ["idempotencyKey", "tags"] {
            if let value = item[name] { data[name] = json(value) }
        }
        return .object(JSONObject([("type", "message.status"), ("timestamp", .string(timestamp)), ("data", .object(data))]))
    }

    /// A DynamoDB value as plain JSON, map members sorted by name.
    static func json(_ value: DynamoDBValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .number(let text): .number(text)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .list(let values): .array(values.map(json))
        case .map(let members): .object(JSONObject(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: json($0.value)) }))
        }
    }
}

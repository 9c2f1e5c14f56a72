import AWSCore
import DynamoDB
import WallClock

/// The message status table (`NOTIFIER_STATUS_TABLE`): one item per SES `messageId`.
///
/// Item: `messageId`; `status` and its `statusRank` (``MessageStatus/precedence``); `events`, the
/// timeline (type, timestamp, bounce facts, affected domains), and `eventIds`, the ids of the
/// events in it; `recipients`; `idempotencyKey` (the index's key), `tags`, `statusWebhook`,
/// `configurationSet` when the message had them; `sentAt`, `updatedAt`; `expiresAt` (TTL,
/// refreshed by every event).
///
/// Out of order and more than once: an event is appended only when its id is not in `eventIds`
/// (a conditional update), and the status is raised only when the event's rank is higher than
/// the stored one (another conditional update), so replays and late deliveries change nothing.
final class MessageStatusStore {
    let settings: MessageStatusSettings
    private let client: DynamoDBClient

    /// The most events kept per message; later ones still raise the status.
    static let maximumTimelineEvents = 20

    init(settings: MessageStatusSettings) {
        self.settings = settings
        client = DynamoDBClient(configuration: settings.dynamoDB)
    }

    func send(_ operations: [DynamoDBOperation], deadline: ContinuousClock.Instant) -> [Result<DynamoDBAnswer, AWSServiceError>] {
        operations.isEmpty ? [] : client.send(operations, maxConcurrent: 10, deadline: deadline)
    }

    private func key(_ messageID: String) -> DynamoDBItem { ["messageId": .string(messageID)] }

    private func expiry(from now: WallClockTime) -> DynamoDBValue {
        .integer((now + settings.timeToLive).secondsSince1970)
    }

    // MARK: Writes

    /// The `statusRank` of a record whose `sent` status no event has announced yet: below
    /// every ``MessageStatus/precedence``.
    static let unannouncedRank: Int64 = -1

    /// Starts (or completes) the record of a message SES accepted: status `sent` unless an event
    /// came first, an `accepted` timeline entry, and what the producer gave.
    ///
    /// Its rank starts below `sent`'s (``unannouncedRank``): the status is `sent`, but the change
    /// to it has not been announced, so SES's `Send` event still counts as a change and posts
    /// `sent` to the status webhook, as every other status change is posted.
    func recordSent(_ message: SentMessage, at now: WallClockTime) -> DynamoDBOperation {
        var names = ["#status": "status", "#rank": "statusRank", "#events": "events", "#eventIds": "eventIds",
                     "#recipients": "recipients", "#sentAt": "sentAt", "#expiresAt": "expiresAt"]
        var values: [String: DynamoDBValue] = [
            ":sent": .string(MessageStatus.sent.rawValue), ":unannounced": .integer(Self.unannouncedRank), ":empty": .list([]),
            ":accepted": .list([.map(["type": .string("accepted"), "timestamp": .string(now.description)])]),
            ":acceptedId": .list([.string("accepted")]),
            ":recipients": .list(message.recipients.map(DynamoDBValue.string)),
            ":now": .string(now.description), ":expiresAt": expiry(from: now),
        ]
        var sets = [
            "#status = if_not_exists(#status, :sent)", "#rank = if_not_exists(#rank, :unannounced)",
            "#events = list_append(if_not_exists(#events, :empty), :accepted)",
            "#eventIds = list_append(if_not_exists(#eventIds, :empty), :acceptedId)",
            "#recipients = :recipients", "#sentAt = :now", "#expiresAt = :expiresAt",
        ]
        func set(_ attribute: String, _ value: DynamoDBValue) {
            names["#\(attribute)"] = attribute
            values[":\(attribute)"] = value
            sets.append("#\(attribute) = :\(attribute)")
        }
        if let key = message.idempotencyKey { set("idempotencyKey", .string(key)) }
        if !message.tags.isEmpty { set("tags", .map(message.tags.mapValues(DynamoDBValue.string))) }
        if let webhook = message.statusWebhook { set("statusWebhook", .string(webhook)) }
        if let configurationSet = message.configurationSet { set("configurationSet", .string(configurationSet)) }
        return .updateItem(
            table: settings.table, key: key(message.messageID),
            update: DynamoDBExpression("SET " + sets.joined(separator: ", "), names: names, values: values))
    }

    /// Appends `event` to its message's timeline unless it is there already or the timeline is
    /// full; a refused condition carries the stored item (``DynamoDBClient/conditionFailureItem(_:)``).
    func append(_ event: SESEvent, at now: WallClockTime) -> DynamoDBOperation {
        var entry: [String: DynamoDBValue] = ["type": .string(event.type), "timestamp": .string(event.timestamp)]
        if let bounceType = event.bounceType { entry["bounceType"] = .string(bounceType) }
        if let bounceSubType = event.bounceSubType { entry["bounceSubType"] = .string(bounceSubType) }
        if let diagnosticCode = event.diagnosticCode { entry["diagnosticCode"] = .string(diagnosticCode) }
        if let detail = event.detail { entry["detail"] = .string(detail) }
        if !event.affectedDomains.isEmpty { entry["recipientDomains"] = .list(event.affectedDomains.map(DynamoDBValue.string)) }
        let names = ["#events": "events", "#eventIds": "eventIds", "#recipients": "recipients", "#updatedAt": "updatedAt", "#expiresAt": "expiresAt"]
        let update = DynamoDBExpression(
            "SET #events = list_append(if_not_exists(#events, :empty), :entry), "
                + "#eventIds = list_append(if_not_exists(#eventIds, :empty), :idList), "
                + "#recipients = if_not_exists(#recipients, :destination), #updatedAt = :now, #expiresAt = :expiresAt",
            names: names,
            values: [
                ":empty": .list([]), ":entry": .list([.map(entry)]), ":idList": .list([.string(event.eventID)]),
                ":destination": .list(event.destination.map(DynamoDBValue.string)),
                ":now": .string(now.description), ":expiresAt": expiry(from: now),
            ])
        let condition = DynamoDBExpression(
            "attribute_not_exists(#eventIds) OR (NOT contains(#eventIds, :id) AND size(#eventIds) < :maximum)",
            names: ["#eventIds": "eventIds"],
            values: [":id": .string(event.eventID), ":maximum": .integer(Self.maximumTimelineEvents + 1)])
        return .updateItem(table: settings.table, key: key(event.messageID), update: update, condition: condition,
                           returnOldItemOnConditionFailure: true)
    }

    /// Sets the status to `status` only if that outranks the stored one.
    func raise(_ messageID: String, to status: MessageStatus, at now: WallClockTime) -> DynamoDBOperation {
        .updateItem(
            table: settings.table, key: key(messageID),
            update: DynamoDBExpression(
                "SET #status = :status, #rank = :rank, #updatedAt = :now",
                names: ["#status": "status", "#rank": "statusRank", "#updatedAt": "updatedAt"],
                values: [":status": .string(status.rawValue), ":rank": .integer(status.precedence), ":now": .string(now.description)]),
            condition: DynamoDBExpression(
                "attribute_not_exists(#rank) OR #rank < :rank", names: ["#rank": "statusRank"],
                values: [":rank": .integer(status.precedence)]))
    }

    // MARK: Reads

    /// The record of `messageID`, `nil` when there is none.
    func record(messageID: String, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> DynamoDBItem? {
        try client.send(.getItem(table: settings.table, key: key(messageID), consistentRead: true), deadline: deadline).item
    }

    /// The most recently sent message with `idempotencyKey`, `nil` when there is none.
    func record(idempotencyKey: String, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> DynamoDBItem? {
        let answer = try client.send(
            .query(table: settings.table, index: MessageStatusSettings.idempotencyKeyIndex,
                   keyCondition: DynamoDBExpression("#key = :key", names: ["#key": "idempotencyKey"], values: [":key": .string(idempotencyKey)]),
                   limit: 100),
            deadline: deadline)
        return answer.items.max { ($0["sentAt"]?.stringValue ?? "") < ($1["sentAt"]?.stringValue ?? "") }
    }
}

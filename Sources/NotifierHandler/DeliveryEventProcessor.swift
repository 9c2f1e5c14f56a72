import AWSCore
import DynamoDB
import JSON
import LambdaRuntime
import WallClock

/// Handles SES sending events: logs each (no addresses), records it in its message's timeline,
/// raises the message's status when the event outranks it, and posts each status change to the
/// message's status webhook before storing it.
///
/// A status that could not be stored or a webhook that kept failing fails the invocation, so SNS
/// (or EventBridge) delivers the event again; the replay finds the event already in the timeline
/// and redoes only what is missing. An event without a message id cannot be recorded by any
/// retry: it is logged and skipped.
struct DeliveryEventProcessor {
    var store: MessageStatusStore?
    var webhooks: StatusWebhookSender?

    /// What became of the invocation's events.
    struct Outcome {
        var result: Result<JSONValue, NotifierFunctionError>
        /// Events seen for the first time (not replays), for the metrics.
        var newEvents: [SESEvent]
    }

    func process(_ envelopes: [DeliveryEventEnvelope], logger: LambdaLogger, deadline: ContinuousClock.Instant) -> Outcome {
        var events: [SESEvent] = []
        for envelope in envelopes {
            do {
                let event = try SESEvent(envelope.event)
                events.append(event)
                logger.info("delivery event", fields: [
                    "source": "ses-events", "sourceMessageId": .string(envelope.sourceID), "sesMessageId": .string(event.messageID),
                    "eventType": .string(event.type), "status": .string(event.status?.rawValue ?? "unchanged"),
                    "bounceType": .string(event.bounceType ?? ""), "bounceSubType": .string(event.bounceSubType ?? ""),
                    "recipientDomains": .string(event.affectedDomains.joined(separator: ",")),
                ])
            } catch {
                logger.warn("delivery event skipped: unreadable", fields: [
                    "source": "ses-events", "sourceMessageId": .string(envelope.sourceID), "errorCode": "UnreadableSESEvent",
                    "problem": .string(error.problem),
                ])
            }
        }
        guard let store else {
            return Outcome(result: .success(["events": .number(String(events.count)), "recorded": false]), newEvents: events)
        }

        let now = WallClockTime.now()
        var problems: [String] = []
        var newEvents: [SESEvent] = []
        var changes: [(event: SESEvent, status: MessageStatus, item: DynamoDBItem)] = []
        for (event, result) in zip(events, store.send(events.map { store.append($0, at: now) }, deadline: deadline)) {
            let item: DynamoDBItem
            switch result {
            case .success(let answer):
                item = answer.item ?? [:]
                newEvents.append(event)
            case .failure(let error):
                guard let stored = DynamoDBClient.conditionFailureItem(error) else {
                    problems.append("\(event.type) of \(event.messageID): \(error.code)")
                    continue
                }
                item = stored
                let isReplay = stored["eventIds"]?.listValue?.contains(.string(event.eventID)) ?? false
                logger.info(isReplay ? "delivery event already recorded" : "delivery event not added: timeline full", fields: [
                    "sesMessageId": .string(event.messageID), "eventType": .string(event.type),
                ])
            }
            let storedRank = item["statusRank"]?.integerValue ?? MessageStatusStore.unannouncedRank
            if let status = event.status, status.precedence > storedRank {
                changes.append((event, status, item))
            }
        }

        var raises: [DynamoDBOperation] = []
        for change in changes {
            if let problem = notify(change.item, status: change.status, event: change.event, logger: logger, deadline: deadline) {
                // Not stored, so that the redelivered event posts it again.
                problems.append(problem)
                continue
            }
            raises.append(store.raise(change.event.messageID, to: change.status, at: now))
        }
        for result in store.send(raises, deadline: deadline) {
            // A failed condition means a higher status got there first: nothing to do.
            if case .failure(let error) = result, error.code != "ConditionalCheckFailedException" {
                problems.append("status of a message: \(error.code)")
            }
        }
        guard problems.isEmpty else {
            logger.error("delivery events not fully recorded", fields: ["errorCode": "StatusUpdateFailed", "problems": .string(problems.joined(separator: "; "))])
            return Outcome(result: .failure(.statusUpdateFailed(problems)), newEvents: newEvents)
        }
        return Outcome(result: .success(["events": .number(String(events.count)), "recorded": true]), newEvents: newEvents)
    }

    /// Posts a status change to the message's webhook, or the default one; the problem when it
    /// could not be delivered. A stored webhook the policy no longer allows is skipped, logged.
    private func notify(_ item: DynamoDBItem, status: MessageStatus, event: SESEvent, logger: LambdaLogger, deadline: ContinuousClock.Instant) -> String? {
        guard let webhooks else { return nil }
        let url: StatusWebhookURL
        if let text = item["statusWebhook"]?.stringValue {
            do {
                url = try webhooks.settings.policy.check(text)
            } catch {
                logger.warn("status webhook skipped", fields: ["sesMessageId": .string(event.messageID), "errorCode": "StatusWebhookRefused", "problem": .string(error.description)])
                return nil
            }
        } else if let defaultURL = webhooks.settings.defaultURL {
            url = defaultURL
        } else {
            return nil
        }
        let payload = MessageStatusView.webhookPayload(item, status: status, event: event, at: WallClockTime.now().description)
        switch webhooks.post(payload, id: "msg_" + event.eventID, to: url, deadline: deadline) {
        case .success(let attempts):
            logger.info("status webhook delivered", fields: [
                "sesMessageId": .string(event.messageID), "status": .string(status.rawValue), "webhookHost": .string(url.host), "attempts": .int(attempts),
            ])
            return nil
        case .failure(let failure):
            logger.error("status webhook failed", fields: [
                "sesMessageId": .string(event.messageID), "status": .string(status.rawValue), "errorCode": "StatusWebhookFailed",
                "webhookHost": .string(url.host), "attempts": .int(failure.attempts), "problem": .string(failure.problem),
            ])
            return failure.description
        }
    }
}

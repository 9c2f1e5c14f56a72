import AWSCore
import DynamoDB

extension IdempotencyStore {
    /// What recording an accepted webhook delivery gave.
    enum WebhookDeliveryRecord: Equatable {
        /// Recorded: no execution environment of the function accepted it before.
        case recorded
        /// Already recorded and not yet expired: a replay, wherever it was first accepted.
        case replayed
        /// The table could not be written; the failure says whether a retry may help.
        case unavailable(DeliveryFailure)
    }

    /// Records `delivery` as accepted, so that a replay reaching any execution environment of the
    /// function is refused, not only one reaching this environment (``WebhookReplayCache``).
    ///
    /// One conditional `PutItem` before the mail is sent: the item `id`
    /// (``IdempotencyKey/webhookDelivery(_:)``, hashed and scoped by function like every key),
    /// `kind` `webhookDelivery` and `expiration` (``InboundWebhookSignature/Delivery/rememberUntil``,
    /// after which the signature check refuses a replay anyway; the table's TTL attribute), on
    /// condition that no item holds the id or that it has expired. No body, header or address.
    func record(_ delivery: InboundWebhookSignature.Delivery, now: Int64, deadline: ContinuousClock.Instant) -> WebhookDeliveryRecord {
        let operation = DynamoDBOperation.putItem(
            table: table,
            item: [
                "id": .string(webhookDeliveryID(delivery)), "kind": .string("webhookDelivery"),
                "expiration": .integer(delivery.rememberUntil),
            ],
            condition: DynamoDBExpression(
                "attribute_not_exists(#id) OR #expiration < :now", names: ["#id": "id", "#expiration": "expiration"],
                values: [":now": .integer(now)]))
        do {
            _ = try client.send(operation, deadline: deadline)
            return .recorded
        } catch where error.code == "ConditionalCheckFailedException" {
            return .replayed
        } catch {
            return .unavailable(DeliveryFailure(
                code: Self.unavailableCode, message: "not sent: the webhook delivery could not be recorded against replays: \(error)",
                isRetryable: error.isRetryable))
        }
    }

    /// Forgets a delivery ``record(_:now:deadline:)`` recorded whose mail then failed for a
    /// reason a retry may fix, so that the sender's retry is accepted. Only the item this
    /// recording wrote is deleted; if forgetting fails, the sender's retries are refused until it
    /// expires, and the error is returned for the log.
    func forget(_ delivery: InboundWebhookSignature.Delivery, deadline: ContinuousClock.Instant) -> AWSServiceError? {
        let operation = DynamoDBOperation.deleteItem(
            table: table, key: ["id": .string(webhookDeliveryID(delivery))],
            condition: DynamoDBExpression("#expiration = :expiration", names: ["#expiration": "expiration"],
                                          values: [":expiration": .integer(delivery.rememberUntil)]))
        do {
            _ = try client.send(operation, deadline: deadline + settleAllowance)
            return nil
        } catch {
            return error
        }
    }

    private func webhookDeliveryID(_ delivery: InboundWebhookSignature.Delivery) -> String {
        IdempotencyKey.webhookDelivery(delivery.replayKey).storedID(functionName: functionName)
    }
}

import AWSCore

/// What a message is deduplicated by across invocations: the producer's key (the notification's
/// `idempotencyKey`, or API Gateway's `Idempotency-Key` header), else the source's own id for the
/// message, which stays the same on every redelivery of it. Each kind has its own namespace, so
/// that an SQS message id never stands for a producer's key.
struct IdempotencyKey: Hashable, Sendable {
    /// `key:<producer key>`, `sqs:<message id>`, `sns:<message id>` or `hook:<event> <delivery>`.
    let name: String

    /// A key the producer chose.
    static func producer(_ key: String) -> IdempotencyKey { IdempotencyKey(name: "key:" + key) }
    /// An SQS record's `messageId`.
    static func sqsMessage(_ messageID: String) -> IdempotencyKey { IdempotencyKey(name: "sqs:" + messageID) }
    /// An SNS notification's `MessageId`.
    static func snsMessage(_ messageID: String) -> IdempotencyKey { IdempotencyKey(name: "sns:" + messageID) }
    /// A webhook delivery accepted by `POST /hooks/<event>` (``InboundWebhookSignature/Delivery/replayKey``):
    /// not a message's key, but kept in the same table against replays.
    static func webhookDelivery(_ replayKey: String) -> IdempotencyKey { IdempotencyKey(name: "hook:" + replayKey) }

    /// The table's `id` for this key in function `functionName`: SHA-256 in hex of the function
    /// name and the key, so that functions sharing a table never meet and no producer string is a
    /// table key as is. (Lambda function names hold no newline, which keeps the two parts apart.)
    func storedID(functionName: String) -> String {
        Digest.sha256(functionName + "\n" + name).lowercaseHex
    }
}

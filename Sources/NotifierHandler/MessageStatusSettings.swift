import AWSCore

/// Where message statuses are kept: `NOTIFIER_STATUS_TABLE`, a DynamoDB table keyed by SES's
/// `messageId` with a global secondary index on `idempotencyKey`.
struct MessageStatusSettings: Sendable {
    var table: String
    var dynamoDB: AWSClientConfiguration
    /// `NOTIFIER_STATUS_TTL_SECONDS`: how long a record lives after its last event.
    var timeToLive: Duration

    /// The index `GET /messages?idempotencyKey=` queries.
    static let idempotencyKeyIndex = "idempotencyKey"
    static let defaultTimeToLiveSeconds = 7 * 24 * 3600
}

/// Status webhooks: `NOTIFIER_STATUS_WEBHOOK_HOSTS` and the settings that go with it.
struct StatusWebhookSettings: Sendable {
    var policy: StatusWebhookPolicy
    /// `NOTIFIER_STATUS_WEBHOOK_URL`: where a message that names no `statusWebhook` reports.
    var defaultURL: StatusWebhookURL?
    /// `NOTIFIER_STATUS_WEBHOOK_SECRET` (`whsec_…`).
    var signature: WebhookSignature
    /// `NOTIFIER_STATUS_WEBHOOK_TIMEOUT_MS`: the limit of one attempt.
    var attemptTimeout: Duration
    /// `NOTIFIER_STATUS_WEBHOOK_ATTEMPTS`: attempts per status change within one invocation.
    var maximumAttempts: Int
}

/// The webhook deliveries this process has accepted lately, so that the same delivery posted
/// again is refused (``InboundWebhookSignature``).
///
/// It lives in one Lambda execution environment's memory and is the first check, which costs no
/// request. A replay that reaches another concurrent environment, or this one after a cold start,
/// is recognised only through the idempotency table, when there is one
/// (``IdempotencyStore/record(_:now:deadline:)``); without it, for timestamped signatures the
/// timestamp tolerance still bounds a replay to that window. Entries expire after the tolerance,
/// and at most ``capacity`` are kept (the oldest go first).
struct WebhookReplayCache: Sendable {
    /// Delivery → when it may be forgotten (Unix seconds), in the order accepted.
    private var entries: [(key: String, expiry: Int64)] = []
    private var keys: Set<String> = []
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func contains(_ key: String, now: Int64) -> Bool {
        keys.contains(key) && entries.contains { $0.key == key && $0.expiry >= now }
    }

    /// Remembers an accepted delivery until `expiry`. Called once its mail was sent or refused
    /// for good: a delivery that failed for a retryable reason may come again.
    mutating func remember(_ key: String, until expiry: Int64, now: Int64) {
        forgetExpired(now: now)
        guard keys.insert(key).inserted else { return }
        entries.append((key, expiry))
        if entries.count > capacity {
            keys.remove(entries.removeFirst().key)
        }
    }

    private mutating func forgetExpired(now: Int64) {
        let expired = entries.prefix { $0.expiry < now }.count
        guard expired > 0 else { return }
        for entry in entries.prefix(expired) { keys.remove(entry.key) }
        entries.removeFirst(expired)
    }
}

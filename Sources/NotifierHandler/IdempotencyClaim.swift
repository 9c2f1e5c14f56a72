/// One message's claim on its idempotency key: the table's `id` for the key, and the hash of the
/// e-mail it stands for, which a later claim on the same key must match.
struct IdempotencyClaim: Sendable, Equatable {
    /// ``IdempotencyKey/storedID(functionName:)``.
    var id: String
    /// ``PreparedEmail/payloadHash``.
    var payloadHash: String

    /// What trying to claim a key found.
    enum Answer: Sendable, Equatable {
        /// The key is this invocation's: send, then complete or release it.
        case claimed
        /// A message with this key and this content was sent before, under this SES message id.
        case alreadySent(messageID: String)
        /// Not sent: the key is taken by another content (`IdempotencyKeyReused`), is being sent by
        /// another invocation (`IdempotencyInProgress`), or could not be claimed
        /// (`IdempotencyStoreUnavailable`).
        case refused(DeliveryFailure)
    }

    /// What became of a claimed key's message.
    enum Settlement: Sendable, Equatable {
        /// SES accepted it under this message id: the key is `COMPLETED`.
        case completed(messageID: String)
        /// It was certainly not sent: the key is deleted so that a retry can send it.
        case released
    }
}

/// The bookkeeping of one input message: what became of it, and what may be logged about it
/// (recipients only as a count and their domains, never addresses or content).
struct DeliveryRecord: Sendable, Equatable {
    /// The source's id for the message: the SQS or SNS message id, `messages[2]`, or `nil`.
    var sourceID: String?
    var outcome: MessageOutcome
    var recipientCount: Int
    var recipientDomains: [String]
    var latency: Duration?
    /// Sent as another message with the same idempotency key, in this invocation or (with the
    /// idempotency store) an earlier one: its outcome is that message's, and nothing was sent for this one.
    var isDuplicate: Bool
    /// Sent, but the idempotency store could not mark its key completed (the AWS error code; set
    /// after the answer, when the completions are written): the key is released when its claim
    /// expires, and a producer's retry after that sends it again.
    var completionFailureCode: String? = nil
    /// What the message status record keeps of a message SES accepted (addresses included, for
    /// the status API); `nil` for every other outcome and for duplicates. Never logged.
    var sent: SentMessage?

    init(sourceID: String?, outcome: MessageOutcome, email: PreparedEmail?, latency: Duration? = nil, isDuplicate: Bool = false) {
        self.sourceID = sourceID
        self.outcome = outcome
        self.latency = latency
        self.isDuplicate = isDuplicate
        let recipients = (email?.message.to ?? []) + (email?.message.cc ?? []) + (email?.message.bcc ?? [])
        recipientCount = recipients.count
        var domains: [String] = []
        for recipient in recipients where !domains.contains(String(recipient.domain)) {
            domains.append(String(recipient.domain))
        }
        recipientDomains = domains
        if case .sent(let messageID) = outcome, !isDuplicate, let email {
            sent = SentMessage(messageID: messageID, email: email)
        }
    }
}

import AWSCore

/// Sends the valid messages of an invocation through a ``MailTransport``, gives every input
/// message an outcome, and keeps a ``DeliveryRecord`` of each: nothing is dropped unrecorded.
///
/// A message's idempotency key is its notification's `idempotencyKey`, else the source's own id
/// for it (``Item/sourceKey``). Messages that share a key are sent once; every one of them gets
/// that send's outcome, and all but the first are recorded as duplicates.
///
/// With an ``IdempotencyStore``, keys are also kept across invocations: every keyed send is
/// claimed first (all claims of the call at once), a key already sent with the same content is
/// answered with the stored SES message id and recorded as a duplicate, and after the sends the
/// claims are completed or released (all at once). A message whose claim was refused or could not
/// be made is not sent.
struct MailDispatcher {
    var transport: any MailTransport
    var store: IdempotencyStore?
    private var records: [DeliveryRecord] = []

    init(transport: any MailTransport, store: IdempotencyStore? = nil) {
        self.transport = transport
        self.store = store
    }

    /// One input message: what reading it gave, and the source's ids for it.
    struct Item {
        var read: Result<PreparedEmail, ReadFailure>
        var sourceID: String?
        /// The source's stable id for the message (SQS `messageId`, SNS `MessageId`, API Gateway's
        /// `Idempotency-Key` header), the key when the notification names none; `nil` for a
        /// direct invocation, which is then not deduplicated.
        var sourceKey: IdempotencyKey? = nil
    }

    /// One e-mail to send, the items it answers (the first carries it, the rest share its key),
    /// its claim on the key, and what became of it.
    private struct Send {
        var email: PreparedEmail
        var key: IdempotencyKey?
        var items: [Int]
        var claim: IdempotencyClaim?
        var result: Result? = nil
        /// Why the store could not record this send as completed.
        var completionFailure: AWSServiceError? = nil

        enum Result {
            case delivered(Delivery)
            /// Sent by an earlier invocation under this SES message id.
            case previouslySent(messageID: String)
            case failed(DeliveryFailure)
        }
    }

    /// One outcome per item, in order: items that could not be read keep their failure, valid ones
    /// are claimed, sent and settled together.
    mutating func dispatch(_ items: [Item], deadline: ContinuousClock.Instant) -> [MessageOutcome] {
        var sends = Self.sends(of: items)
        if let store {
            claim(&sends, in: store, deadline: deadline)
        }
        let pending = sends.indices.filter { sends[$0].result == nil }
        let results = pending.isEmpty ? [] : transport.deliver(pending.map { sends[$0].email }, deadline: deadline)
        precondition(results.count == pending.count, "a MailTransport answered \(results.count) of \(pending.count) e-mails")
        for (index, result) in zip(pending, results) {
            sends[index].result = switch result {
            case .success(let delivery): .delivered(delivery)
            case .failure(let failure): .failed(failure)
            }
        }
        if let store {
            settle(&sends, in: store, deadline: deadline)
        }
        return record(items, sends: sends)
    }

    /// The valid items grouped by key, in the order of their first item.
    private static func sends(of items: [Item]) -> [Send] {
        var sends: [Send] = []
        var sendOfKey: [IdempotencyKey: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .success(let email) = item.read else { continue }
            let key = email.idempotencyKey.map(IdempotencyKey.producer) ?? item.sourceKey
            if let key, let earlier = sendOfKey[key] {
                sends[earlier].items.append(index)
                continue
            }
            if let key { sendOfKey[key] = sends.count }
            sends.append(Send(email: email, key: key, items: [index]))
        }
        return sends
    }

    /// Claims the key of every keyed send at once; a send whose claim is refused gets its result.
    private func claim(_ sends: inout [Send], in store: IdempotencyStore, deadline: ContinuousClock.Instant) {
        let keyed = sends.indices.filter { sends[$0].key != nil }
        for index in keyed {
            if let key = sends[index].key { sends[index].claim = store.claim(for: key, email: sends[index].email) }
        }
        let answers = store.claim(keyed.compactMap { sends[$0].claim }, deadline: deadline)
        for (index, answer) in zip(keyed, answers) {
            switch answer {
            case .claimed:
                continue
            case .alreadySent(let messageID):
                sends[index].claim = nil
                sends[index].result = .previouslySent(messageID: messageID)
            case .refused(let failure):
                sends[index].claim = nil
                sends[index].result = .failed(failure)
            }
        }
    }

    /// Completes the claims of sent messages and releases those of messages certainly not sent,
    /// all at once; a message that may have been sent keeps its claim until it expires.
    private func settle(_ sends: inout [Send], in store: IdempotencyStore, deadline: ContinuousClock.Instant) {
        var settled: [(send: Int, claim: IdempotencyClaim, settlement: IdempotencyClaim.Settlement)] = []
        for (index, send) in sends.enumerated() {
            guard let claim = send.claim else { continue }
            switch send.result {
            case .delivered(let delivery): settled.append((index, claim, .completed(messageID: delivery.messageID)))
            case .failed(let failure) where !failure.mayHaveBeenSent: settled.append((index, claim, .released))
            case .failed, .previouslySent, nil: continue
            }
        }
        let errors = store.settle(settled.map { ($0.claim, $0.settlement) }, deadline: deadline)
        for (write, error) in zip(settled, errors) where write.settlement != .released {
            sends[write.send].completionFailure = error
        }
    }

    /// Records every item and returns its outcome.
    private mutating func record(_ items: [Item], sends: [Send]) -> [MessageOutcome] {
        var recordOfItem: [Int: DeliveryRecord] = [:]
        for send in sends {
            for (position, index) in send.items.enumerated() {
                let sourceID = items[index].sourceID
                recordOfItem[index] = switch send.result {
                case .delivered(let delivery):
                    DeliveryRecord(sourceID: sourceID, outcome: .sent(messageID: delivery.messageID), email: send.email,
                                   latency: delivery.latency, isDuplicate: position > 0, completionFailureCode: send.completionFailure?.code)
                case .previouslySent(let messageID):
                    DeliveryRecord(sourceID: sourceID, outcome: .sent(messageID: messageID), email: send.email, isDuplicate: true)
                case .failed(let failure):
                    DeliveryRecord(sourceID: sourceID, outcome: .failed(failure), email: send.email)
                case nil:
                    preconditionFailure("send of item \(index) has no result")
                }
            }
        }
        return items.enumerated().map { index, item in
            let record: DeliveryRecord
            switch item.read {
            case .failure(.invalid(let error)):
                record = DeliveryRecord(sourceID: item.sourceID, outcome: .rejected(error), email: nil)
            case .failure(.unavailable(let failure)):
                record = DeliveryRecord(sourceID: item.sourceID, outcome: .failed(failure), email: nil)
            case .success:
                guard let sent = recordOfItem[index] else { preconditionFailure("valid item \(index) belongs to no send") }
                record = sent
            }
            records.append(record)
            return record.outcome
        }
    }

    /// Records an outcome decided without sending (a FIFO record skipped after a failure in its group).
    mutating func record(_ outcome: MessageOutcome, sourceID: String?) {
        records.append(DeliveryRecord(sourceID: sourceID, outcome: outcome, email: nil))
    }

    /// The records made since the last call, for logging and metrics at the end of an invocation.
    mutating func takeRecords() -> [DeliveryRecord] {
        defer { records = [] }
        return records
    }
}

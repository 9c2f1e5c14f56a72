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
/// claims of messages certainly not sent are released (all at once), so that a retry the answer
/// asks for can send. The claims of sent messages are completed by ``finish(deadline:)``, after
/// the invocation's answer, which does not depend on them; when claims are released, in the same
/// round as the releases. A message whose claim was refused or could not be made is not sent.
struct MailDispatcher {
    var transport: any MailTransport
    var store: IdempotencyStore?
    private var records: [DeliveryRecord] = []
    /// Sent messages whose claims ``finish(deadline:)`` completes.
    private var completions: [Completion] = []

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

        enum Result {
            case delivered(Delivery)
            /// Sent by an earlier invocation under this SES message id.
            case previouslySent(messageID: String)
            case failed(DeliveryFailure)
        }
    }

    /// A sent message's claim, to be marked completed under SES's message id, and the indices in
    /// ``records`` of the items it answers.
    private struct Completion {
        var claim: IdempotencyClaim
        var messageID: String
        var records: [Int]
    }

    /// One outcome per item, in order: items that could not be read keep their failure, valid ones
    /// are claimed and sent together, and the claims of those certainly not sent are released.
    ///
    /// Completions left by an earlier call of the same invocation (the rounds of a FIFO batch) are
    /// written first, so that a later message with the same key finds it sent, not in progress.
    /// When claims are released, the completions go in the same round: the answer waits for that
    /// round anyway, and one round leaves more of the deadline than two.
    mutating func dispatch(_ items: [Item], deadline: ContinuousClock.Instant) -> [MessageOutcome] {
        var sends = Self.sends(of: items)
        if let store {
            settle(releasing: [], in: store, deadline: deadline)
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
        let outcomes = record(items, sends: sends)
        // A message that may have been sent keeps its claim until it expires.
        let releases = sends.compactMap { send -> IdempotencyClaim? in
            guard case .failed(let failure) = send.result, !failure.mayHaveBeenSent else { return nil }
            return send.claim
        }
        if let store, !releases.isEmpty {
            settle(releasing: releases, in: store, deadline: deadline)
        }
        return outcomes
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

    /// Writes `releases` (claims of messages certainly not sent, so that a retry can send them) and
    /// the completions waiting (claims of sent messages, marked completed), all at once. A failed
    /// completion is noted on the records of its items: the key stays `INPROGRESS` until its claim
    /// expires. A failed release only delays a retry until then.
    private mutating func settle(releasing releases: [IdempotencyClaim], in store: IdempotencyStore, deadline: ContinuousClock.Instant) {
        guard !releases.isEmpty || !completions.isEmpty else { return }
        let settlements = releases.map { ($0, IdempotencyClaim.Settlement.released) }
            + completions.map { ($0.claim, IdempotencyClaim.Settlement.completed(messageID: $0.messageID)) }
        let errors = store.settle(settlements, deadline: deadline)
        for (completion, error) in zip(completions, errors.dropFirst(releases.count)) {
            guard let error else { continue }
            for index in completion.records {
                records[index].completionFailureCode = error.code
            }
        }
        completions = []
    }

    /// Records every item and returns its outcome; a sent message's claim waits in ``completions``.
    private mutating func record(_ items: [Item], sends: [Send]) -> [MessageOutcome] {
        // Item `i` becomes record `firstRecord + i`.
        let firstRecord = records.count
        var recordOfItem: [Int: DeliveryRecord] = [:]
        for send in sends {
            if case .delivered(let delivery) = send.result, let claim = send.claim {
                completions.append(Completion(claim: claim, messageID: delivery.messageID, records: send.items.map { firstRecord + $0 }))
            }
            for (position, index) in send.items.enumerated() {
                let sourceID = items[index].sourceID
                recordOfItem[index] = switch send.result {
                case .delivered(let delivery):
                    DeliveryRecord(sourceID: sourceID, outcome: .sent(messageID: delivery.messageID), email: send.email,
                                   latency: delivery.latency, isDuplicate: position > 0)
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

    /// Completes the claims of the messages sent since the last call (all at once, within
    /// `deadline` and the store's settle allowance), then hands over the records made since then,
    /// for logging and metrics at the end of an invocation, after its answer.
    mutating func finish(deadline: ContinuousClock.Instant) -> [DeliveryRecord] {
        if let store {
            settle(releasing: [], in: store, deadline: deadline)
        }
        defer { records = [] }
        return records
    }
}

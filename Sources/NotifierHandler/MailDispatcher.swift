/// Sends the valid messages of an invocation through a ``MailTransport``, gives every input
/// message an outcome, and keeps a ``DeliveryRecord`` of each: nothing is dropped unrecorded.
///
/// Messages that share an idempotency key are sent once; every one of them gets that send's
/// outcome, and all but the first are recorded as duplicates.
struct MailDispatcher {
    var transport: any MailTransport
    private var records: [DeliveryRecord] = []

    init(transport: any MailTransport) {
        self.transport = transport
    }

    /// One input message: what reading it gave, and the source's id for it.
    struct Item {
        var read: Result<PreparedEmail, ReadFailure>
        var sourceID: String?
    }

    /// One e-mail to send, and the items it answers: the first carries it, the rest share its key.
    private struct Send {
        var email: PreparedEmail
        var items: [Int]
    }

    /// One outcome per item, in order: items that could not be read keep their failure, valid ones
    /// are sent together.
    mutating func dispatch(_ items: [Item], deadline: ContinuousClock.Instant) -> [MessageOutcome] {
        var sends: [Send] = []
        var sendOfKey: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .success(let email) = item.read else { continue }
            if let key = email.idempotencyKey, let earlier = sendOfKey[key] {
                sends[earlier].items.append(index)
                continue
            }
            if let key = email.idempotencyKey { sendOfKey[key] = sends.count }
            sends.append(Send(email: email, items: [index]))
        }
        let results = sends.isEmpty ? [] : transport.deliver(sends.map(\.email), deadline: deadline)
        precondition(results.count == sends.count, "a MailTransport answered \(results.count) of \(sends.count) e-mails")

        var sendOutcomes: [Int: SendOutcome] = [:]
        for (send, result) in zip(sends, results) {
            for (position, index) in send.items.enumerated() {
                sendOutcomes[index] = switch result {
                case .success(let delivery):
                    SendOutcome(outcome: .sent(messageID: delivery.messageID), email: send.email, latency: delivery.latency, isDuplicate: position > 0)
                case .failure(let failure):
                    SendOutcome(outcome: .failed(failure), email: send.email, latency: nil, isDuplicate: false)
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
                guard let sent = sendOutcomes[index] else { preconditionFailure("valid item \(index) belongs to no send") }
                record = DeliveryRecord(sourceID: item.sourceID, outcome: sent.outcome, email: sent.email,
                                        latency: sent.latency, isDuplicate: sent.isDuplicate)
            }
            records.append(record)
            return record.outcome
        }
    }

    /// What a send gave one of the items it answers.
    private struct SendOutcome {
        var outcome: MessageOutcome
        var email: PreparedEmail
        var latency: Duration?
        var isDuplicate: Bool
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

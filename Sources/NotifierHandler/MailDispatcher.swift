/// Sends the valid messages of an invocation through a ``MailTransport``, gives every input
/// message an outcome, and keeps a ``DeliveryRecord`` of each: nothing is dropped unrecorded.
///
/// Messages that share an idempotency key are sent once; every one of them gets that send's outcome.
struct MailDispatcher {
    var transport: any MailTransport
    private var records: [DeliveryRecord] = []

    init(transport: any MailTransport) {
        self.transport = transport
    }

    /// One outcome per item, in order: items that could not be read keep their failure, valid ones
    /// are sent together. `sourceIDs` name the items in the records.
    mutating func dispatch(
        _ items: [Result<PreparedEmail, ReadFailure>],
        sourceIDs: [String?],
        deadline: ContinuousClock.Instant
    ) -> [MessageOutcome] {
        var emails: [PreparedEmail] = []
        var sendIndexOfItem = [Int?](repeating: nil, count: items.count)
        var sendIndexOfKey: [String: Int] = [:]

        for (index, item) in items.enumerated() {
            guard case .success(let email) = item else { continue }
            if let key = email.idempotencyKey, let earlier = sendIndexOfKey[key] {
                sendIndexOfItem[index] = earlier
                continue
            }
            sendIndexOfItem[index] = emails.count
            if let key = email.idempotencyKey { sendIndexOfKey[key] = emails.count }
            emails.append(email)
        }

        let results = emails.isEmpty ? [] : transport.deliver(emails, deadline: deadline)
        var outcomes: [MessageOutcome] = []
        outcomes.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let sourceID = index < sourceIDs.count ? sourceIDs[index] : nil
            switch item {
            case .failure(.invalid(let error)):
                outcomes.append(.rejected(error))
                records.append(DeliveryRecord(sourceID: sourceID, outcome: .rejected(error), email: nil))
            case .failure(.unavailable(let failure)):
                outcomes.append(.failed(failure))
                records.append(DeliveryRecord(sourceID: sourceID, outcome: .failed(failure), email: nil))
            case .success(let email):
                let result = sendIndexOfItem[index].map { results[$0] }
                    ?? .failure(DeliveryFailure(code: "InternalError", message: "message was not sent", isRetryable: true))
                switch result {
                case .success(let delivery):
                    outcomes.append(.sent(messageID: delivery.messageID))
                    records.append(DeliveryRecord(sourceID: sourceID, outcome: .sent(messageID: delivery.messageID), email: email, latency: delivery.latency))
                case .failure(let failure):
                    outcomes.append(.failed(failure))
                    records.append(DeliveryRecord(sourceID: sourceID, outcome: .failed(failure), email: email))
                }
            }
        }
        return outcomes
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

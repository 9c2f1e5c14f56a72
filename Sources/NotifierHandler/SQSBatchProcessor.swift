import JSON

/// Sends an SQS batch and names exactly the records that were not sent.
///
/// Records are sent concurrently. On a FIFO queue, records of one message group are sent in
/// order, one round at a time, and the first failure in a group fails every later record of that
/// group unsent, so SQS redelivers them in order.
struct SQSBatchProcessor {
    var reader: NotificationReader

    /// One outcome per record, in order.
    func process(_ records: [SQSRecord], dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant) -> [MessageOutcome] {
        let items = records.enumerated().map { index, record in
            MailDispatcher.Item(
                read: reader.read(sqsBody: record.body.utf8, path: FieldPath.root.field("Records").index(index).field("body"), deadline: deadline),
                sourceID: record.messageID, sourceKey: .sqsMessage(record.messageID))
        }
        guard records.contains(where: \.isFromFIFOQueue) else {
            return dispatcher.dispatch(items, deadline: deadline)
        }

        // FIFO: each round sends the first pending record of every group; a group's first failure
        // fails its later records unsent.
        var groups: [(id: String, pending: ArraySlice<Int>)] = []
        for (index, record) in records.enumerated() {
            let id = record.messageGroupID ?? ""
            if let group = groups.firstIndex(where: { $0.id == id }) {
                groups[group].pending.append(index)
            } else {
                groups.append((id, [index]))
            }
        }
        var outcomes: [Int: MessageOutcome] = [:]
        while case let round = groups.filter({ !$0.pending.isEmpty }), !round.isEmpty {
            let heads = round.compactMap(\.pending.first)
            let results = dispatcher.dispatch(heads.map { items[$0] }, deadline: deadline)
            for (head, outcome) in zip(heads, results) {
                outcomes[head] = outcome
                guard let group = groups.firstIndex(where: { $0.pending.first == head }) else { continue }
                groups[group].pending.removeFirst()
                guard !outcome.isSent else { continue }
                for later in groups[group].pending {
                    let skipped = MessageOutcome.failed(DeliveryFailure(
                        code: "PreviousMessageInGroupFailed",
                        message: "not attempted: an earlier message of FIFO group '\(groups[group].id)' was not sent",
                        isRetryable: true))
                    outcomes[later] = skipped
                    dispatcher.record(skipped, sourceID: records[later].messageID)
                }
                groups[group].pending = []
            }
        }
        return records.indices.map { index in
            guard let outcome = outcomes[index] else { preconditionFailure("SQS record \(index) was given no outcome") }
            return outcome
        }
    }

    /// The partial batch response Lambda expects with `ReportBatchItemFailures`.
    static func batchResponse(records: [SQSRecord], outcomes: [MessageOutcome]) -> JSONValue {
        let failures = zip(records, outcomes).filter { !$1.isSent }.map { record, _ -> JSONValue in
            ["itemIdentifier": .string(record.messageID)]
        }
        return ["batchItemFailures": .array(failures)]
    }
}

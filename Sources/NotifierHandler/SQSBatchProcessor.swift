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
            reader.read(sqsBody: record.body.utf8, path: FieldPath.root.field("Records").index(index).field("body"), deadline: deadline)
        }
        guard records.contains(where: \.isFromFIFOQueue) else {
            return dispatcher.dispatch(items, sourceIDs: records.map(\.messageID), deadline: deadline)
        }

        // FIFO: round k sends the k-th pending record of every group that has not failed.
        var outcomes = [MessageOutcome?](repeating: nil, count: records.count)
        var queues: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (index, record) in records.enumerated() {
            let group = record.messageGroupID ?? ""
            if queues[group] == nil { groupOrder.append(group) }
            queues[group, default: []].append(index)
        }
        while true {
            let round = groupOrder.compactMap { queues[$0]?.first }
            if round.isEmpty { break }
            let results = dispatcher.dispatch(round.map { items[$0] }, sourceIDs: round.map { records[$0].messageID }, deadline: deadline)
            for (index, outcome) in zip(round, results) {
                outcomes[index] = outcome
                let group = records[index].messageGroupID ?? ""
                queues[group]?.removeFirst()
                if !outcome.isSent {
                    for later in queues[group] ?? [] {
                        let skipped = MessageOutcome.failed(DeliveryFailure(
                            code: "PreviousMessageInGroupFailed",
                            message: "not attempted: an earlier message of FIFO group '\(group)' was not sent",
                            isRetryable: true))
                        outcomes[later] = skipped
                        dispatcher.record(skipped, sourceID: records[later].messageID)
                    }
                    queues[group] = nil
                }
            }
        }
        return outcomes.map { $0 ?? .failed(DeliveryFailure(code: "InternalError", message: "record was not processed", isRetryable: true)) }
    }

    /// The partial batch response Lambda expects with `ReportBatchItemFailures`.
    static func batchResponse(records: [SQSRecord], outcomes: [MessageOutcome]) -> JSONValue {
        let failures = zip(records, outcomes).filter { !$1.isSent }.map { record, _ -> JSONValue in
            ["itemIdentifier": .string(record.messageID)]
        }
        return ["batchItemFailures": .array(failures)]
    }
}

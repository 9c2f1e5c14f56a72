import JSON

/// Sends the notifications of an SNS event. Any message not sent makes the invocation fail, so
/// Lambda's asynchronous retries and the on-failure destination take over.
struct SNSProcessor {
    var reader: NotificationReader

    func process(_ records: [SNSRecord], dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> (result: Result<JSONValue, NotifierFunctionError>, outcomes: [MessageOutcome])
    {
        let items = records.enumerated().map { index, record in
            let path = FieldPath.root.field("Records").index(index).field("Sns").field("Message")
            return MailDispatcher.Item(
                read: reader.read(text: record.message.utf8, path: path, fallbackSubject: record.subject, deadline: deadline),
                sourceID: record.messageID, sourceKey: .snsMessage(record.messageID))
        }
        let outcomes = dispatcher.dispatch(items, deadline: deadline)
        var validationErrors = ValidationError()
        for outcome in outcomes {
            if case .failed(let failure) = outcome { return (.failure(.delivery(failure)), outcomes) }
            if case .rejected(let error) = outcome { validationErrors.append(contentsOf: error) }
        }
        if !validationErrors.isEmpty {
            return (.failure(.validation(validationErrors)), outcomes)
        }
        let ids: [JSONValue] = outcomes.compactMap { if case .sent(let id) = $0 { .string(id) } else { nil } }
        return (.success(["messageIds": .array(ids)]), outcomes)
    }
}

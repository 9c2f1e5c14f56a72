import JSON

/// Serves direct invocations: one notification, or `{"messages": [...]}`.
struct DirectInvocationProcessor {
    var reader: NotificationReader

    /// One notification: `{"messageId"}` when sent; otherwise the function error its outcome calls for.
    func processSingle(_ value: JSONValue, dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> (result: Result<JSONValue, NotifierFunctionError>, outcome: MessageOutcome)
    {
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: reader.read(value, path: "", deadline: deadline), sourceID: nil)], deadline: deadline)[0]
        let result: Result<JSONValue, NotifierFunctionError> = switch outcome {
        case .sent(let messageID): .success(["messageId": .string(messageID)])
        case .rejected(let error): .failure(.validation(error))
        case .failed(let failure): .failure(.delivery(failure))
        }
        return (result, outcome)
    }

    /// Several notifications: `{"results": [...]}` with, per message and in order, `{"messageId"}`,
    /// `{"errors": [...]}` or `{"error": {"code", "message", "retryable"}}`.
    func processBatch(_ values: [JSONValue], dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> (response: JSONValue, outcomes: [MessageOutcome])
    {
        let items = values.enumerated().map { index, value in
            MailDispatcher.Item(read: reader.read(value, path: "messages[\(index)].", deadline: deadline), sourceID: "messages[\(index)]")
        }
        let outcomes = dispatcher.dispatch(items, deadline: deadline)
        let results: [JSONValue] = outcomes.map { outcome in
            switch outcome {
            case .sent(let messageID): ["messageId": .string(messageID)]
            case .rejected(let error): error.json
            case .failed(let failure):
                ["error": ["code": .string(failure.code), "message": .string(failure.message), "retryable": .bool(failure.isRetryable)]]
            }
        }
        return (["results": .array(results)], outcomes)
    }
}

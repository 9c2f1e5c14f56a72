import JSON

/// Serves direct invocations: one notification, or `{"messages": [...]}`.
struct DirectInvocationProcessor {
    var reader: NotificationReader

    /// One notification: `{"messageId"}` when sent; otherwise the function error its outcome calls for.
    func processSingle(_ value: JSONValue, dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> (result: Result<JSONValue, NotifierFunctionError>, outcome: MessageOutcome)
    {
        let outcome = dispatcher.dispatch([MailDispatcher.Item(read: reader.read(value, deadline: deadline), sourceID: nil)], deadline: deadline)[0]
        let result: Result<JSONValue, NotifierFunctionError> = switch outcome {
        case .sent(let messageID): .success(["messageId": .string(messageID)])
        case .rejected(let error): .failure(.validation(error))
        case .failed(let failure): .failure(.delivery(failure))
        case .refused(let refusal): .failure(.delivery(refusal.failure))
        }
        return (result, outcome)
    }

    /// Several notifications: `{"results": [...]}` with, per message and in order, `{"messageId"}`,
    /// `{"errors": [...]}` or `{"error": {"code", "message", "retryable"}}`.
    ///
    /// A batch of more than ``NotificationLimits/maximumBatchMessages`` is refused as a whole, with
    /// one `ValidationError` and before any message is read: nothing of it is sent.
    func processBatch(_ values: [JSONValue], dispatcher: inout MailDispatcher, deadline: ContinuousClock.Instant)
        -> Result<JSONValue, NotifierFunctionError>
    {
        guard values.count <= NotificationLimits.maximumBatchMessages else {
            let error = ValidationError(.root.field("messages"), .tooMany, "at most \(NotificationLimits.maximumBatchMessages) messages per invocation are allowed, found \(values.count); nothing was sent")
            dispatcher.record(.rejected(error), sourceID: "messages")
            return .failure(.validation(error))
        }
        let messages = FieldPath.root.field("messages")
        let items = values.enumerated().map { index, value in
            MailDispatcher.Item(read: reader.read(value, path: messages.index(index), deadline: deadline), sourceID: "messages[\(index)]")
        }
        let outcomes = dispatcher.dispatch(items, deadline: deadline)
        let results: [JSONValue] = outcomes.map { outcome in
            switch outcome {
            case .sent(let messageID): ["messageId": .string(messageID)]
            case .rejected(let error): error.json
            case .failed(let failure): Self.json(failure)
            case .refused(let refusal): Self.json(refusal.failure)
            }
        }
        return .success(["results": .array(results)])
    }

    private static func json(_ failure: DeliveryFailure) -> JSONValue {
        ["error": ["code": .string(failure.code), "message": .string(failure.message), "retryable": .bool(failure.isRetryable)]]
    }
}

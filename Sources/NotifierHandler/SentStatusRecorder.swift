import LambdaRuntime
import WallClock

/// Starts the status record of every message SES accepted in an invocation, all in one
/// concurrent DynamoDB call after the sends.
///
/// The mail is already sent, so a failed write only loses what the record would have held from
/// the producer (idempotency key, tags, status webhook): it is logged, never a reason to fail the
/// invocation and send again. SES's events create the record all the same.
struct SentStatusRecorder {
    var store: MessageStatusStore

    func record(_ records: [DeliveryRecord], logger: LambdaLogger, deadline: ContinuousClock.Instant) {
        let sent = records.compactMap(\.sent)
        let now = WallClockTime.now()
        for (message, result) in zip(sent, store.send(sent.map { store.recordSent($0, at: now) }, deadline: deadline)) {
            if case .failure(let error) = result {
                logger.warn("status record not written", fields: [
                    "sesMessageId": .string(message.messageID), "errorCode": .string(error.code), "retryable": .bool(error.isRetryable),
                ])
            }
        }
    }
}

import LambdaRuntime
import WallClock

/// One log line per input message: its source, ids, status and error code, and its recipients
/// as a count and their domains. Never addresses, subjects, bodies or credentials.
///
/// An invalid message is logged with `invalidFields`: each problem's field path, producer-chosen
/// names replaced by placeholders (`headers.<name>`), and its reason code (`to[0]:invalid_address`),
/// never the messages, which may quote the producer's values. At most
/// ``ValidationError/maximumReportedErrors`` of them, then `+N more`.
enum DeliveryLog {
    static func write(_ records: [DeliveryRecord], source: String, to logger: LambdaLogger) {
        for record in records {
            let sourceID = record.sourceID ?? ""
            let domains = record.recipientDomains.joined(separator: ",")
            switch record.outcome {
            case .sent(let messageID) where record.isDuplicate:
                logger.info("email not sent again: a message with the same idempotency key was sent", fields: [
                    "source": .string(source), "sourceMessageId": .string(sourceID), "status": "duplicate",
                    "sesMessageId": .string(messageID), "recipients": .int(record.recipientCount),
                    "recipientDomains": .string(domains),
                ])
            case .sent(let messageID):
                logger.info("email sent", fields: [
                    "source": .string(source), "sourceMessageId": .string(sourceID), "status": "sent",
                    "sesMessageId": .string(messageID), "recipients": .int(record.recipientCount),
                    "recipientDomains": .string(domains),
                    "latencyMs": .int(Int(record.latency.map(\.wholeMilliseconds) ?? 0)),
                ])
                if let code = record.completionFailureCode {
                    logger.warn("email sent, but its idempotency key was not marked completed; a retry after the claim expires sends it again", fields: [
                        "source": .string(source), "sourceMessageId": .string(sourceID),
                        "sesMessageId": .string(messageID), "errorCode": .string(code),
                    ])
                }
            case .rejected(let error):
                logger.warn("email rejected: invalid input", fields: [
                    "source": .string(source), "sourceMessageId": .string(sourceID), "status": "rejected",
                    "errorCode": "ValidationError",
                    "invalidFields": .string(invalidFields(error)),
                ])
            case .refused(let refusal):
                logger.warn("request refused", fields: [
                    "source": .string(source), "sourceMessageId": .string(sourceID), "status": "refused",
                    "httpStatus": .int(refusal.status), "errorCode": .string(refusal.code),
                ])
            case .failed(let failure):
                logger.error("email not sent", fields: [
                    "source": .string(source), "sourceMessageId": .string(sourceID), "status": "failed",
                    "errorCode": .string(failure.code), "retryable": .bool(failure.isRetryable),
                    "mayHaveBeenSent": .bool(failure.mayHaveBeenSent),
                    "recipients": .int(record.recipientCount), "recipientDomains": .string(domains),
                ])
            }
        }
    }

    private static func invalidFields(_ error: ValidationError) -> String {
        let fields = error.errors.map { "\($0.path.logged):\($0.reason.rawValue)" }
        return (fields + (error.unreportedCount > 0 ? ["+\(error.unreportedCount) more"] : [])).joined(separator: ",")
    }
}

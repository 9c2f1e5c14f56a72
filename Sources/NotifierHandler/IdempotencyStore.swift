import AWSCore
import DynamoDB
import WallClock

/// Remembers across invocations which messages were sent, so that a redelivered SQS batch, a
/// Lambda retry or a producer's retry does not send the same e-mail again: one DynamoDB item per
/// idempotency key (`NOTIFIER_IDEMPOTENCY_TABLE`).
///
/// An item holds `id` (``IdempotencyKey/storedID(functionName:)``), `status` (`INPROGRESS` or
/// `COMPLETED`), `inProgressExpiration` (epoch milliseconds: after it no attempt of the claiming
/// invocation can still be sending), `payloadHash` (``PreparedEmail/payloadHash``), `messageId`
/// (SES's, once sent) and `expiration` (epoch seconds, the table's TTL attribute). No addresses,
/// subjects or bodies.
///
/// Before a send, ``claim(_:deadline:)`` puts each key's item on condition that the key is free
/// (absent, expired, or `INPROGRESS` past its `inProgressExpiration`); a conflict carries the item
/// that holds the key (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so it costs no read. After
/// the sends, ``settle(_:deadline:)`` completes the sent keys and releases the certainly unsent
/// ones; a send that may have gone out keeps its claim until `inProgressExpiration`, so that a
/// redelivery after it sends again (at least once, never lost). Each of the two calls sends its
/// operations at once through ``DynamoDBClient``, the AWS core's one scheduler.
struct IdempotencyStore {
    let client: DynamoDBClient
    let table: String
    /// `AWS_LAMBDA_FUNCTION_NAME`, which scopes every key.
    let functionName: String
    /// `NOTIFIER_IDEMPOTENCY_TTL_SECONDS`: how long a key is remembered.
    let retention: Duration
    /// Writes in flight at once (`NOTIFIER_MAX_CONCURRENT_SENDS`).
    let maxConcurrent: Int
    /// Time past the sending deadline in which completions and releases may still be written:
    /// part of the invocation's deadline margin. A claim's `inProgressExpiration` is the end of it.
    let settleAllowance: Duration

    static let inProgressCode = "IdempotencyInProgress"
    static let keyReusedCode = "IdempotencyKeyReused"
    static let unavailableCode = "IdempotencyStoreUnavailable"

    /// The claim of `key` for `email`.
    func claim(for key: IdempotencyKey, email: PreparedEmail) -> IdempotencyClaim {
        IdempotencyClaim(id: key.storedID(functionName: functionName), payloadHash: email.payloadHash)
    }

    /// Claims every key at once; one answer per claim, in order. No message may be sent without
    /// ``IdempotencyClaim/Answer/claimed``.
    func claim(_ claims: [IdempotencyClaim], deadline: ContinuousClock.Instant) -> [IdempotencyClaim.Answer] {
        guard !claims.isEmpty else { return [] }
        let now = WallClockTime.now()
        let inProgressExpiration = now + ContinuousClock.now.duration(to: deadline + settleAllowance)
        let condition = DynamoDBExpression(
            "attribute_not_exists(#id) OR #expiration < :now OR (#status = :inProgress AND #inProgressExpiration < :nowMs)",
            names: ["#id": "id", "#expiration": "expiration", "#status": "status", "#inProgressExpiration": "inProgressExpiration"],
            values: [":now": .integer(now.secondsSince1970), ":inProgress": .string("INPROGRESS"), ":nowMs": .integer(now.millisecondsSince1970)])
        let operations = claims.map { claim in
            DynamoDBOperation.putItem(table: table, item: [
                "id": .string(claim.id),
                "status": .string("INPROGRESS"),
                "inProgressExpiration": .integer(inProgressExpiration.millisecondsSince1970),
                "payloadHash": .string(claim.payloadHash),
                "expiration": .integer((now + retention).secondsSince1970),
            ], condition: condition, returnOldItemOnConditionFailure: true)
        }
        let results = client.send(operations, maxConcurrent: maxConcurrent, deadline: deadline)
        return zip(claims, results).map { claim, result in
            switch result {
            case .success:
                return .claimed
            case .failure(let error):
                guard error.code == "ConditionalCheckFailedException" else {
                    return .refused(DeliveryFailure(
                        code: Self.unavailableCode, message: "not sent: its idempotency key could not be claimed: \(error)",
                        isRetryable: error.isRetryable))
                }
                return Self.answer(toConflictWith: DynamoDBClient.conditionFailureItem(error), claim: claim)
            }
        }
    }

    /// What a claim that met an existing item gets. The payload is compared first, whatever the
    /// item's status: a key reused for another e-mail is refused, never answered with the other
    /// e-mail's message id.
    static func answer(toConflictWith item: DynamoDBItem?, claim: IdempotencyClaim) -> IdempotencyClaim.Answer {
        guard let item, let payloadHash = item["payloadHash"]?.stringValue else {
            // A condition that failed on an item without what we write: not ours to overwrite.
            return .refused(DeliveryFailure(
                code: unavailableCode, message: "not sent: the idempotency table holds an item for this key that this function did not write",
                isRetryable: false))
        }
        guard payloadHash == claim.payloadHash else {
            return .refused(DeliveryFailure(
                code: keyReusedCode,
                message: "not sent: this idempotency key was used before for a different message; use a new key for new content",
                isRetryable: false))
        }
        if item["status"]?.stringValue == "COMPLETED", let messageID = item["messageId"]?.stringValue {
            return .alreadySent(messageID: messageID)
        }
        let until = item["inProgressExpiration"]?.integerValue.map { " (until \(WallClockTime(millisecondsSince1970: $0)))" } ?? ""
        return .refused(DeliveryFailure(
            code: inProgressCode, message: "not sent: another invocation is sending the message with this idempotency key\(until)",
            isRetryable: true))
    }

    /// Completes or releases claimed keys, all at once; the error of each write that failed, in
    /// order. A failed completion leaves the key `INPROGRESS` until its claim expires; a failed
    /// release only delays a retry until then.
    func settle(_ settlements: [(claim: IdempotencyClaim, settlement: IdempotencyClaim.Settlement)], deadline: ContinuousClock.Instant) -> [AWSServiceError?] {
        guard !settlements.isEmpty else { return [] }
        let now = WallClockTime.now()
        let operations = settlements.map { claim, settlement -> DynamoDBOperation in
            let key: DynamoDBItem = ["id": .string(claim.id)]
            switch settlement {
            case .completed(let messageID):
                return .updateItem(
                    table: table, key: key,
                    update: DynamoDBExpression(
                        "SET #status = :completed, #messageId = :messageId, #expiration = :expiration",
                        names: ["#status": "status", "#messageId": "messageId", "#expiration": "expiration"],
                        values: [":completed": .string("COMPLETED"), ":messageId": .string(messageID),
                                 ":expiration": .integer((now + retention).secondsSince1970)]),
                    condition: DynamoDBExpression("#payloadHash = :payloadHash", names: ["#payloadHash": "payloadHash"],
                                                  values: [":payloadHash": .string(claim.payloadHash)]))
            case .released:
                return .deleteItem(
                    table: table, key: key,
                    condition: DynamoDBExpression(
                        "#status = :inProgress AND #payloadHash = :payloadHash", names: ["#status": "status", "#payloadHash": "payloadHash"],
                        values: [":inProgress": .string("INPROGRESS"), ":payloadHash": .string(claim.payloadHash)]))
            }
        }
        return client.send(operations, maxConcurrent: maxConcurrent, deadline: deadline + settleAllowance).map { result in
            if case .failure(let error) = result { error } else { nil }
        }
    }
}

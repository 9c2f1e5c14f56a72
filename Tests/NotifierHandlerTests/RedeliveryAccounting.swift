import Foundation
import JSON
import TestSupport

/// The books of a run in which SQS delivers records more than once (``RedeliveringQueue``) to a
/// function with the idempotency store: what became of every record over all its deliveries, from
/// what the function answered each time, what the SES endpoint accepted and when, and what the
/// function logged.
///
/// The rule: every record ends sent or failed for good (in the dead-letter queue), never lost, and
/// SES accepts it more than once only in the documented at-least-once case — the answer to an
/// earlier acceptance was lost (a timeout, a broken connection, an unreadable answer), so the
/// function reported the record failed with `mayHaveBeenSent`, kept its claim until the claim's
/// deadline, and a later delivery sent it again. A duplicate after an acceptance the function was
/// told of is a broken rule: the store should have answered the redelivery with the first send.
///
/// Each record is named by a token: its SQS message id and its e-mail's subject.
struct RedeliveryAccounting {
    /// One invocation: the records it was given and what SES accepted while it ran.
    struct Delivery {
        var invocation: DeliveryAccounting.Invocation
        /// The positions in the endpoint's `accepted` list booked before the invocation and by its end.
        var acceptances: Range<Int>
    }

    /// One acceptance by SES, and the delivery it belongs to (the last delivery of its token that
    /// had begun when it was booked).
    private struct Acceptance {
        var answer: FaultInjectingSESEndpoint.Answer
        var messageID: String
        var delivery: Int
    }

    /// Accepted exactly once.
    private(set) var sentOnce: [String] = []
    /// Accepted more than once; each extra acceptance is in one of the two lists below.
    private(set) var sentMoreThanOnce: [String] = []
    /// Accepted again after an acceptance whose answer was lost and whose delivery reported the
    /// record failed: the documented at-least-once case, with that lost answer.
    private(set) var duplicatesAfterLostAnswer: [(token: String, answer: FaultInjectingSESEndpoint.Answer)] = []
    /// Accepted again after an acceptance the function learnt of, or twice within one delivery. Must be empty.
    private(set) var duplicatesAfterConfirmedSend: [String] = []
    /// Never accepted, and in the dead-letter queue.
    private(set) var failedForGood: [String] = []
    /// Accepted, and in the dead-letter queue (its later deliveries failed): counted, allowed.
    private(set) var sentThenDeadLettered: [String] = []
    /// Never accepted, and not in the dead-letter queue. Must be empty.
    private(set) var lost: [String] = []
    /// Reported sent by a delivery before SES had ever accepted it. Must be empty.
    private(set) var reportedSentBeforeAcceptance: [String] = []
    /// Reported failed by the delivery in which SES accepted it and the function was told so. Must be empty.
    private(set) var reportedFailedDespiteConfirmedAcceptance: [String] = []
    /// Logged as sent or duplicate under an SES `MessageId` SES never gave it. Must be empty.
    private(set) var misreported: [String] = []
    /// Accepted messages whose subject is no record's token. Must be empty.
    private(set) var unknownAcceptances: [String] = []

    init(deliveries: [Delivery], accepted: [FaultInjectingSESEndpoint.Acceptance], deadLettered: Set<String>, log: String) {
        var deliveriesOfToken: [String: [Int]] = [:]
        for (index, delivery) in deliveries.enumerated() {
            for token in delivery.invocation.tokens { deliveriesOfToken[token, default: []].append(index) }
        }
        var acceptancesOfToken: [String: [Acceptance]] = [:]
        for (position, acceptance) in accepted.enumerated() {
            guard let ownDeliveries = deliveriesOfToken[acceptance.subject],
                  let delivery = ownDeliveries.last(where: { deliveries[$0].acceptances.lowerBound <= position })
            else {
                unknownAcceptances.append(acceptance.subject)
                continue
            }
            acceptancesOfToken[acceptance.subject, default: []].append(Acceptance(answer: acceptance.answer, messageID: acceptance.messageID, delivery: delivery))
        }

        for (index, delivery) in deliveries.enumerated() {
            for token in delivery.invocation.tokens {
                let own = acceptancesOfToken[token] ?? []
                if delivery.invocation.reportedFailed.contains(token) {
                    if own.contains(where: { $0.delivery == index && $0.answer == .accept }) {
                        reportedFailedDespiteConfirmedAcceptance.append(token)
                    }
                } else if !own.contains(where: { $0.delivery <= index }) {
                    reportedSentBeforeAcceptance.append(token)
                }
            }
        }

        for token in deliveriesOfToken.keys.sorted() {
            let own = acceptancesOfToken[token] ?? []
            switch (own.count, deadLettered.contains(token)) {
            case (0, true): failedForGood.append(token)
            case (0, false): lost.append(token)
            case (1, false): sentOnce.append(token)
            case (_, true): sentThenDeadLettered.append(token)
            case (_, false): sentMoreThanOnce.append(token)
            }
            for (earlier, later) in zip(own, own.dropFirst()) {
                let lostAnswer = earlier.answer != .accept && earlier.delivery != later.delivery
                    && deliveries[earlier.delivery].invocation.reportedFailed.contains(token)
                if lostAnswer {
                    duplicatesAfterLostAnswer.append((token, earlier.answer))
                } else {
                    duplicatesAfterConfirmedSend.append(token)
                }
            }
        }

        for (token, messageID) in Self.loggedMessageIDs(in: log) where !(acceptancesOfToken[token] ?? []).contains(where: { $0.messageID == messageID }) {
            misreported.append(token)
        }
    }

    /// Nothing lost, no duplicate outside the documented case, every report and log line true.
    var keepsTheRule: Bool {
        lost.isEmpty && duplicatesAfterConfirmedSend.isEmpty && reportedSentBeforeAcceptance.isEmpty
            && reportedFailedDespiteConfirmedAcceptance.isEmpty && misreported.isEmpty && unknownAcceptances.isEmpty
    }

    var summary: String {
        """
        sent once \(sentOnce.count), sent more than once \(sentMoreThanOnce.count): duplicates after a lost answer \(duplicatesAfterLostAnswer.count), \
        duplicates after a confirmed send \(duplicatesAfterConfirmedSend.count) \(duplicatesAfterConfirmedSend.prefix(5)), \
        failed for good \(failedForGood.count), sent then dead-lettered \(sentThenDeadLettered.count), lost \(lost.count) \(lost.prefix(5)), \
        reported sent before SES had it \(reportedSentBeforeAcceptance.count) \(reportedSentBeforeAcceptance.prefix(5)), \
        reported failed despite a confirmed acceptance \(reportedFailedDespiteConfirmedAcceptance.count), \
        misreported \(misreported.count) \(misreported.prefix(5)), unknown acceptances \(unknownAcceptances.count)
        """
    }

    /// The `sourceMessageId` and `sesMessageId` of every `"status":"sent"` and `"status":"duplicate"`
    /// line of the function's JSON log.
    static func loggedMessageIDs(in log: String) -> [(token: String, messageID: String)] {
        log.split(separator: "\n").filter { $0.contains(#""status":"sent""#) || $0.contains(#""status":"duplicate""#) }.compactMap { line in
            guard let value = try? JSONParser.parse(Array(line.utf8)),
                  let token = value["sourceMessageId"]?.stringValue,
                  let messageID = value["sesMessageId"]?.stringValue
            else { return nil }
            return (token, messageID)
        }
    }
}

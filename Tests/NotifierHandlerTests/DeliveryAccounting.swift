import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The books of a fault-injection run: what became of every input message, from what the
/// function answered and what the SES endpoint accepted.
///
/// The rule the function must keep: every input message is either accepted by SES exactly once
/// or reported failed to its source — none lost, none sent twice within one invocation. A message
/// SES accepted although the function reported it failed is allowed (the source's retry sends it
/// again, which SQS's at-least-once delivery permits) but is counted, never hidden: it happens
/// when the answer to an accepted send never reached the function (a timeout, a broken
/// connection, an unreadable answer), or when the whole invocation failed after sending.
///
/// Each message is named by a token, its subject, unique across the run.
struct DeliveryAccounting {
    /// What the function told the source about one invocation's messages.
    struct Invocation {
        /// The tokens of the invocation's input messages.
        var tokens: [String]
        /// The tokens the function reported failed; the source will deliver them again.
        var reportedFailed: Set<String>
    }

    /// Accepted exactly once and not reported failed.
    private(set) var sent: [String] = []
    /// Reported failed, and SES never accepted them.
    private(set) var failedUnsent: [String] = []
    /// Accepted by SES yet reported failed, with how SES answered: a duplicate once the source retries.
    private(set) var sentButReportedFailed: [(token: String, answer: FaultInjectingSESEndpoint.Answer)] = []
    /// Neither accepted nor reported failed: gone without trace. Must be empty.
    private(set) var lost: [String] = []
    /// Accepted more than once within their invocation. Must be empty.
    private(set) var sentTwice: [String] = []
    /// Sent, but the function's log names no SES `MessageId` for them, or another one than SES gave.
    /// Checked only when a log is given. Must be empty.
    private(set) var misreported: [String] = []
    /// Accepted messages whose subject is no input's token: a mangled message. Must be empty.
    private(set) var unknownAcceptances: [String] = []

    /// - Parameters:
    ///   - loggedMessageIDs: the SES `MessageId` the function logged as sent, by the message's
    ///     source id, when the source ids are the tokens (SQS); `nil` skips that check.
    init(invocations: [Invocation], accepted: [FaultInjectingSESEndpoint.Acceptance], loggedMessageIDs: [String: String]? = nil) {
        var acceptances: [String: [FaultInjectingSESEndpoint.Acceptance]] = [:]
        for acceptance in accepted {
            acceptances[acceptance.subject, default: []].append(acceptance)
        }
        var inputs = Set<String>()
        for invocation in invocations {
            for token in invocation.tokens {
                inputs.insert(token)
                let accepted = acceptances[token] ?? []
                let reportedFailed = invocation.reportedFailed.contains(token)
                if accepted.count > 1 { sentTwice.append(token) }
                switch (accepted.first, reportedFailed) {
                case (nil, false):
                    lost.append(token)
                case (nil, true):
                    failedUnsent.append(token)
                case (let acceptance?, true):
                    sentButReportedFailed.append((token, acceptance.answer))
                case (let acceptance?, false):
                    sent.append(token)
                    if let loggedMessageIDs, loggedMessageIDs[token] != acceptance.messageID {
                        misreported.append(token)
                    }
                }
            }
        }
        unknownAcceptances = accepted.map(\.subject).filter { !inputs.contains($0) }
    }

    /// No message lost, none sent twice, every send reported with SES's id, nothing unexpected accepted.
    var keepsTheRule: Bool {
        lost.isEmpty && sentTwice.isEmpty && misreported.isEmpty && unknownAcceptances.isEmpty
    }

    /// The accounting check: nothing lost, nothing sent twice, every send logged with SES's id.
    func expectRuleKept(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(keepsTheRule, "\(summary)", sourceLocation: sourceLocation)
    }

    /// The sent-but-reported-failed messages whose answer was confirmed to the client: they can only
    /// be explained by the whole invocation failing, never by a single lost answer.
    var reportedFailedDespiteConfirmedAcceptance: [String] {
        sentButReportedFailed.filter { $0.answer == .accept }.map(\.token)
    }

    var summary: String {
        """
        sent \(sent.count), reported failed and not sent \(failedUnsent.count), \
        sent but reported failed \(sentButReportedFailed.count), lost \(lost.count) \(lost.prefix(5)), \
        sent twice \(sentTwice.count) \(sentTwice.prefix(5)), misreported \(misreported.count) \(misreported.prefix(5)), \
        unknown acceptances \(unknownAcceptances.count)
        """
    }
}

// MARK: - What each source is told

extension DeliveryAccounting.Invocation {
    /// An SQS batch: the records named in `batchItemFailures`, or every record when the invocation
    /// failed (Lambda then makes the whole batch visible again).
    static func sqs(tokens: [String], outcome: InvocationOutcome) -> Self {
        guard let body = outcome.response,
              let failures = (try? JSONParser.parse(Array(body)))?["batchItemFailures"]?.arrayValue
        else { return Self(tokens: tokens, reportedFailed: Set(tokens)) }
        return Self(tokens: tokens, reportedFailed: Set(failures.compactMap { $0["itemIdentifier"]?.stringValue }))
    }

    /// SNS (and direct invocation): a function error fails every message of the event, which
    /// Lambda's asynchronous retries deliver again.
    static func sns(tokens: [String], outcome: InvocationOutcome) -> Self {
        Self(tokens: tokens, reportedFailed: outcome.error == nil ? [] : Set(tokens))
    }

    /// API Gateway: anything but 202 tells the client its message was not taken.
    static func apiGateway(token: String, outcome: InvocationOutcome) -> Self {
        let status = outcome.response.flatMap { try? JSONParser.parse(Array($0)) }?["statusCode"]
        return Self(tokens: [token], reportedFailed: status == .number("202") ? [] : [token])
    }
}

extension DeliveryAccounting {
    /// The SES `MessageId` of every `"status":"sent"` line of the function's JSON log, by the
    /// line's `sourceMessageId`.
    static func loggedMessageIDs(in log: String) -> [String: String] {
        var ids: [String: String] = [:]
        for line in log.split(separator: "\n") where line.contains(#""status":"sent""#) {
            guard let value = try? JSONParser.parse(Array(line.utf8)),
                  let source = value["sourceMessageId"]?.stringValue,
                  let messageID = value["sesMessageId"]?.stringValue
            else { continue }
            ids[source] = messageID
        }
        return ids
    }
}

import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// 10,000 notifications in SQS batches of 10 through one real `bootstrap` with the idempotency
/// store on (moto's DynamoDB, signatures checked), with SES failing at random and SQS delivering
/// again, both seeded: 10% of the batches are delivered again in full after the visibility
/// timeout, and every record the function reports failed is, until the redrive policy moves it to
/// the dead-letter queue (``RedeliveringQueue``). Then the accounting check over all of it
/// (``RedeliveryAccounting``). It prints throughput, the books and the function's peak memory; the
/// only assertions are the accounting's (none lost, no duplicate but after a lost SES answer),
/// never timings.
///
/// Skipped unless `NOTIFIER_LOAD_TEST` is set: `scripts/load-test` runs it. `NOTIFIER_LOAD_MESSAGES`
/// (10000) and `NOTIFIER_LOAD_SEED` (1) change the run.
@Suite struct LoadDriver {
    static let environment = ProcessInfo.processInfo.environment

    /// Per SES request; the rest are accepted.
    static let faultMix: [(share: Double, answer: FaultInjectingSESEndpoint.Answer)] = [
        (0.05, .throttle),
        (0.02, .internalFailure),
        (0.005, .serviceUnavailable),
        (0.01, .reset),
        (0.005, .acceptThenReset),
        (0.01, .acceptSlowly(.seconds(2))),
        (0.01, .reject),
        (0.005, .acceptWithInvalidJSON),
    ]
    /// Share of SQS deliveries that come again in full after the visibility timeout, as if their
    /// records had not been deleted in time.
    static let redeliveredShare = 0.10
    /// Share of notifications that are invalid (a recipient that is no address), so never sent.
    static let invalidShare = 0.01
    /// Lambda's timeout for each invocation, and the margin the function keeps: 1 s to send, less
    /// than a slow answer takes.
    static let invocationTimeout = Duration.milliseconds(1300)
    static let deadlineMargin = 300
    /// The queue's: at least the function's timeout, as Lambda requires of an SQS event source, so a
    /// redelivery comes after the claims of its earlier delivery have expired. (template.yaml sets
    /// six times the timeout plus 30 s; twice keeps the run's tail short.)
    static let visibilityTimeout = invocationTimeout * 2
    /// The redrive policy of template.yaml.
    static let maxReceiveCount = 5
    static let batchSize = 10
    static let warmUpMessages = 2_000

    @Test(.enabled(if: environment["NOTIFIER_LOAD_TEST"] != nil, "set NOTIFIER_LOAD_TEST=1 (scripts/load-test)"))
    func tenThousandNotificationsUnderRandomFaultsAndRedeliveriesAreAllAccountedFor() throws {
        let messages = Int(Self.environment["NOTIFIER_LOAD_MESSAGES"] ?? "") ?? 10_000
        let seed = UInt64(Self.environment["NOTIFIER_LOAD_SEED"] ?? "") ?? 1
        let moto = try MotoServer.shared()
        let ses = try FaultInjectingSESEndpoint { request in
            request.subject.hasPrefix("warm-") ? .accept : Self.answer(to: request, seed: seed)
        }
        let function = try FunctionUnderTest(sendingTo: ses, environment: [
            "NOTIFIER_DEADLINE_MARGIN_MS": String(Self.deadlineMargin),
            "NOTIFIER_IDEMPOTENCY_TABLE": moto.idempotencyTable,
            "AWS_ENDPOINT_URL_DYNAMODB": moto.endpoint,
            // Its own key scope: moto's table outlives no test process, but other tests share it.
            "AWS_LAMBDA_FUNCTION_NAME": "notifier-load-\(UUID().uuidString.prefix(8))",
        ])

        // Fault-free first: the function's own pace, and a warm process for the run under faults.
        let warmUp = try run(function, ses: ses, batches: Self.batches(prefix: "warm", count: Self.warmUpMessages), invalid: [], redeliver: { _ in false })
        var random = SeededRandom(seed: seed)
        let invalid = Set((0..<messages).filter { _ in Double.random(in: 0..<1, using: &random) < Self.invalidShare }.map { Self.token("load", $0) })
        let load = try run(function, ses: ses, batches: Self.batches(prefix: "load", count: messages), invalid: invalid) { delivery in
            Self.draw(seed: seed, "redeliver", delivery) < Self.redeliveredShare
        }
        let peakRSS = Self.peakResidentKilobytes(of: function.process.pid)

        let log = function.log
        let books = RedeliveryAccounting(
            deliveries: warmUp.deliveries + load.deliveries, accepted: ses.accepted,
            deadLettered: Set(warmUp.queue.deadLettered + load.queue.deadLettered), log: log)
        let answers = Dictionary(grouping: ses.exchanges.filter { !$0.subject.hasPrefix("warm-") }, by: \.answer.description).mapValues(\.count)
        let lostAnswers = Dictionary(grouping: books.duplicatesAfterLostAnswer, by: \.answer.description).mapValues(\.count)
        let errorCodes = Self.loggedErrorCodes(in: log)
        let failures = Dictionary(grouping: books.failedForGood, by: { errorCodes[$0] ?? "not logged" }).mapValues(\.count)
        let receives = Dictionary(grouping: load.queue.receives.values, by: { $0 }).mapValues(\.count)
        let duplicateLines = log.split(separator: "\n").filter { $0.contains(#""status":"duplicate""#) }.count
        let completionsNotWritten = log.split(separator: "\n").filter { $0.contains("was not marked completed") }.count
        let firstDeliveries = (messages + Self.batchSize - 1) / Self.batchSize

        print("""
            load test: \(messages) notifications in SQS batches of \(Self.batchSize) through one bootstrap (pid \(function.process.pid)) \
            with the idempotency store on moto's DynamoDB, seed \(seed)
              fault-free warm-up: \(Self.warmUpMessages) messages in \(Self.seconds(warmUp.duration)) s, \(Self.rate(Self.warmUpMessages, warmUp.duration)) messages/s
              under faults:       \(messages) messages in \(Self.seconds(load.duration)) s, \(Self.rate(messages, load.duration)) messages/s \
            (invocation timeout \(Self.invocationTimeout), margin \(Self.deadlineMargin) ms; the time is mostly backoff, slow answers \
            and \(Self.seconds(load.queue.waited)) s waiting for redeliveries to become visible)
              SQS deliveries under faults: \(load.deliveries.count) batches — \(firstDeliveries) first deliveries, \(load.redeliveredInFull) delivered again in full \
            (\(Int(Self.redeliveredShare * 100))% of deliveries), the rest the records their invocations reported failed; visibility timeout \(Self.visibilityTimeout), maxReceiveCount \(Self.maxReceiveCount); \
            records received \(receives.keys.sorted().map { "\($0)×: \(receives[$0] ?? 0)" }.joined(separator: ", "))
              SES requests under faults: \(answers.values.reduce(0, +)) — \(Self.counts(answers))
              invalid notifications: \(invalid.count)
              answered from the store as already sent ("status":"duplicate"): \(duplicateLines); completions not written: \(completionsNotWritten)
              accounting (warm-up and load, \(books.sentOnce.count + books.sentMoreThanOnce.count + books.failedForGood.count + books.sentThenDeadLettered.count + books.lost.count) records):
                sent once \(books.sentOnce.count); sent more than once \(books.sentMoreThanOnce.count) (duplicates after a lost SES answer, \
            mayHaveBeenSent: \(books.duplicatesAfterLostAnswer.count) — \(Self.counts(lostAnswers)); after a confirmed send: \(books.duplicatesAfterConfirmedSend.count))
                failed for good, in the dead-letter queue, never sent: \(books.failedForGood.count) (\(Self.counts(failures))); \
            sent, then dead-lettered: \(books.sentThenDeadLettered.count)
                lost \(books.lost.count), reported sent before SES had it \(books.reportedSentBeforeAcceptance.count), \
            reported failed despite a confirmed acceptance \(books.reportedFailedDespiteConfirmedAcceptance.count), \
            sends logged with an id SES did not give \(books.misreported.count), unknown acceptances \(books.unknownAcceptances.count)
              bootstrap peak RSS (VmHWM): \(peakRSS.map { "\($0) kB (\($0 / 1024) MiB)" } ?? "unavailable")
            """)

        #expect(books.keepsTheRule, "\(books.summary)")
        #expect(invalid.isSubset(of: books.failedForGood), "an invalid notification was sent or lost")
        #expect(warmUp.failedInvocations + load.failedInvocations == 0, "invocations that ended in a function error")
        #expect(function.process.exitCode == nil, "the function died")
    }

    // MARK: Running

    struct Run {
        var queue: RedeliveringQueue
        var deliveries: [RedeliveryAccounting.Delivery] = []
        var redeliveredInFull = 0
        var duration: Duration = .zero
        var failedInvocations = 0
    }

    /// Delivers `batches` through a ``RedeliveringQueue`` until it is empty; `redeliver` says, by
    /// the delivery's number, whether SQS delivers that batch again in full.
    func run(_ function: FunctionUnderTest, ses: FaultInjectingSESEndpoint, batches: [[String]], invalid: Set<String>, redeliver: (Int) -> Bool) throws -> Run {
        var run = Run(queue: RedeliveringQueue(batches: batches, visibilityTimeout: Self.visibilityTimeout, maxReceiveCount: Self.maxReceiveCount))
        let started = ContinuousClock.now
        while let tokens = run.queue.next() {
            let event = FaultInjectionTests.sqsEvent(tokens) { token in
                invalid.contains(token)
                    ? #"{"to":"nobody","subject":"\#(token)","text":"An invalid notification."}"#
                    : FaultInjectionTests.notification(subject: token)
            }
            let handedOut = ContinuousClock.now
            let acceptedBefore = ses.accepted.count
            let outcome = try function.invoke(event, timeout: Self.invocationTimeout)
            if outcome.error != nil { run.failedInvocations += 1 }
            let invocation = DeliveryAccounting.Invocation.sqs(tokens: tokens, outcome: outcome)
            run.deliveries.append(RedeliveryAccounting.Delivery(invocation: invocation, acceptances: acceptedBefore..<ses.accepted.count))
            let inFull = redeliver(run.deliveries.count)
            if inFull { run.redeliveredInFull += 1 }
            run.queue.settle(tokens, handedOut: handedOut, reportedFailed: invocation.reportedFailed, redeliverAll: inFull)
        }
        run.duration = started.duration(to: .now)
        return run
    }

    static func token(_ prefix: String, _ index: Int) -> String {
        "\(prefix)-\(String(format: "%06d", index))"
    }

    static func batches(prefix: String, count: Int) -> [[String]] {
        stride(from: 0, to: count, by: batchSize).map { start in
            (start..<min(start + batchSize, count)).map { token(prefix, $0) }
        }
    }

    // MARK: Faults

    /// The answer to one request, drawn from the fault mix by the subject and the attempt: the same
    /// run answers the same way whatever order the concurrent requests arrive in.
    static func answer(to request: FaultInjectingSESEndpoint.Request, seed: UInt64) -> FaultInjectingSESEndpoint.Answer {
        var remaining = draw(seed: seed, request.subject, request.attempt)
        for (share, answer) in faultMix {
            if remaining < share { return answer }
            remaining -= share
        }
        return .accept
    }

    /// A number in 0..<1 from a generator seeded with the run's seed, `name` and `number`.
    static func draw(seed: UInt64, _ name: String, _ number: Int) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var random = SeededRandom(seed: seed ^ hash ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
        return Double.random(in: 0..<1, using: &random)
    }

    // MARK: Reporting

    /// `VmHWM` of a running process: the most resident memory it ever had.
    static func peakResidentKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }

    /// The `errorCode` of every `"status":"failed"` or `"status":"rejected"` line of the function's
    /// JSON log, by the line's `sourceMessageId`.
    static func loggedErrorCodes(in log: String) -> [String: String] {
        var codes: [String: String] = [:]
        for line in log.split(separator: "\n") where line.contains(#""status":"failed""#) || line.contains(#""status":"rejected""#) {
            guard let value = try? JSONParser.parse(Array(line.utf8)),
                  let source = value["sourceMessageId"]?.stringValue,
                  let code = value["errorCode"]?.stringValue
            else { continue }
            codes[source] = code
        }
        return codes
    }

    /// `name count, name count, …`, the largest first.
    static func counts(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.secondsValue)
    }

    static func rate(_ count: Int, _ duration: Duration) -> String {
        String(format: "%.0f", Double(count) / max(duration.secondsValue, 0.001))
    }
}

/// SplitMix64: a small seeded generator, so that a run can be repeated.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

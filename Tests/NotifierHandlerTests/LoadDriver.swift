import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// 10,000 notifications in SQS batches of 10 through one real `bootstrap`, with SES failing at
/// random (seeded), then the accounting check over all of it. It prints throughput, the books and
/// the function's peak memory; the only assertions are the accounting's (none lost, none sent
/// twice), never timings.
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
    /// Share of notifications that are invalid (a recipient that is no address), so never sent.
    static let invalidShare = 0.01
    /// Lambda's timeout for each invocation, and the margin the function keeps: 1 s to send, less
    /// than a slow answer takes.
    static let invocationTimeout = Duration.milliseconds(1300)
    static let deadlineMargin = 300
    static let batchSize = 10
    static let warmUpMessages = 2_000

    @Test(.enabled(if: environment["NOTIFIER_LOAD_TEST"] != nil, "set NOTIFIER_LOAD_TEST=1 (scripts/load-test)"))
    func tenThousandNotificationsUnderRandomFaultsAreAllAccountedFor() throws {
        let messages = Int(Self.environment["NOTIFIER_LOAD_MESSAGES"] ?? "") ?? 10_000
        let seed = UInt64(Self.environment["NOTIFIER_LOAD_SEED"] ?? "") ?? 1
        let ses = try FaultInjectingSESEndpoint { request in
            request.subject.hasPrefix("warm-") ? .accept : Self.answer(to: request, seed: seed)
        }
        let function = try FunctionUnderTest(sendingTo: ses, environment: ["NOTIFIER_DEADLINE_MARGIN_MS": String(Self.deadlineMargin)])

        // Fault-free first: the function's own pace, and a warm process for the run under faults.
        let warmUp = try run(function, batches: Self.batches(prefix: "warm", count: Self.warmUpMessages), invalid: [])
        var random = SeededRandom(seed: seed)
        let invalid = Set((0..<messages).filter { _ in Double.random(in: 0..<1, using: &random) < Self.invalidShare }.map { Self.token("load", $0) })
        let load = try run(function, batches: Self.batches(prefix: "load", count: messages), invalid: invalid)
        let peakRSS = Self.peakResidentKilobytes(of: function.process.pid)

        let books = DeliveryAccounting(
            invocations: warmUp.invocations + load.invocations,
            accepted: ses.accepted,
            loggedMessageIDs: DeliveryAccounting.loggedMessageIDs(in: function.log))
        let answers = Dictionary(grouping: ses.exchanges.filter { !$0.subject.hasPrefix("warm-") }, by: \.answer.description).mapValues(\.count)
        let ambiguous = Dictionary(grouping: books.sentButReportedFailed, by: \.answer.description).mapValues(\.count)
        let errorCodes = Self.loggedErrorCodes(in: function.log)
        let failures = Dictionary(grouping: books.failedUnsent, by: { errorCodes[$0] ?? "not logged" }).mapValues(\.count)

        print("""
            load test: \(messages) notifications in SQS batches of \(Self.batchSize) through one bootstrap (pid \(function.process.pid)), seed \(seed)
              fault-free warm-up: \(Self.warmUpMessages) messages in \(Self.seconds(warmUp.duration)) s, \(Self.rate(Self.warmUpMessages, warmUp.duration)) messages/s
              under faults:       \(messages) messages in \(Self.seconds(load.duration)) s, \(Self.rate(messages, load.duration)) messages/s \
            (invocation timeout \(Self.invocationTimeout), margin \(Self.deadlineMargin) ms; the time is mostly backoff and slow answers)
              SES requests under faults: \(answers.values.reduce(0, +)) — \(Self.counts(answers))
              invalid notifications: \(invalid.count)
              accounting (warm-up and load): \(books.sent.count) sent once; \(books.failedUnsent.count) reported failed and not sent \
            (\(Self.counts(failures))); \(books.sentButReportedFailed.count) sent but reported failed, a duplicate on redelivery \
            (\(Self.counts(ambiguous)))
              lost \(books.lost.count), sent twice within an invocation \(books.sentTwice.count), \
            sends logged without SES's id \(books.misreported.count), unknown acceptances \(books.unknownAcceptances.count)
              bootstrap peak RSS (VmHWM): \(peakRSS.map { "\($0) kB (\($0 / 1024) MiB)" } ?? "unavailable")
            """)

        books.expectRuleKept()
        #expect(books.reportedFailedDespiteConfirmedAcceptance.isEmpty, "\(books.summary)")
        #expect(warmUp.failedInvocations + load.failedInvocations == 0, "invocations that ended in a function error")
        #expect(function.process.exitCode == nil, "the function died")
    }

    // MARK: Running

    struct Run {
        var invocations: [DeliveryAccounting.Invocation] = []
        var duration: Duration = .zero
        var failedInvocations = 0
    }

    func run(_ function: FunctionUnderTest, batches: [[String]], invalid: Set<String>) throws -> Run {
        var run = Run()
        let started = ContinuousClock.now
        for tokens in batches {
            let event = FaultInjectionTests.sqsEvent(tokens) { token in
                invalid.contains(token)
                    ? #"{"to":"nobody","subject":"\#(token)","text":"An invalid notification."}"#
                    : FaultInjectionTests.notification(subject: token)
            }
            let outcome = try function.invoke(event, timeout: Self.invocationTimeout)
            if outcome.error != nil { run.failedInvocations += 1 }
            run.invocations.append(.sqs(tokens: tokens, outcome: outcome))
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

    /// The answer to one request, drawn from the fault mix by a generator seeded with the run's
    /// seed, the subject and the attempt: the same run answers the same way whatever order the
    /// concurrent requests arrive in.
    static func answer(to request: FaultInjectingSESEndpoint.Request, seed: UInt64) -> FaultInjectingSESEndpoint.Answer {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in request.subject.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var random = SeededRandom(seed: seed ^ hash ^ (UInt64(request.attempt) &* 0x9E37_79B9_7F4A_7C15))
        var draw = Double.random(in: 0..<1, using: &random)
        for (share, answer) in faultMix {
            if draw < share { return answer }
            draw -= share
        }
        return .accept
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

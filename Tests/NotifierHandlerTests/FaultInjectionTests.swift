import Foundation
import JSON
import RuntimeAPIServer
import Testing
import TestSupport

/// The real `bootstrap`, run by the loopback Runtime API, sending to a ``FaultInjectingSESEndpoint``
/// that fails as SES and Lambda can fail. Every test ends with the accounting check: each input
/// message was accepted by SES exactly once or reported failed to its source — none lost, none
/// sent twice — and a message both accepted and reported failed is counted, never hidden.
@Suite struct FaultInjectionTests {
    // MARK: SES errors that say "not sent"

    @Test func throttledSendsAreRetriedUntilEveryMessageIsSentOnce() throws {
        let ses = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .throttle : .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(5)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sent == tokens)
        #expect(ses.exchanges.count == 10)
        // What SES finally took is the whole message, as Python's `email` reads it.
        for acceptance in ses.accepted {
            let message = try ParsedMessage.parse(Array(acceptance.rawMessage))
            #expect(message.wellFormednessProblems.isEmpty, "\(message.wellFormednessProblems)")
            #expect(message.subject == acceptance.subject)
            #expect(message.text?.contains("A message for the accounting check.") == true)
        }
    }

    @Test func burstsOfServerErrorsAreRetriedUntilEveryMessageIsSentOnce() throws {
        let ses = try FaultInjectingSESEndpoint { request in
            switch request.attempt {
            case 1: .internalFailure
            case 2: .serviceUnavailable
            default: .accept
            }
        }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(5)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sent == tokens)
        #expect(ses.exchanges.count == 15)
    }

    @Test func persistentServiceUnavailableReportsEveryRecordFailedAfterItsAttempts() throws {
        let ses = try FaultInjectingSESEndpoint { _ in .serviceUnavailable }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(3)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.failedUnsent == tokens)
        // The default policy's four attempts each.
        #expect(ses.exchanges.count == 12)
        #expect(function.log.contains(#""errorCode":"ServiceUnavailable""#))
    }

    @Test func messageRejectedFailsOnlyItsOwnRecordsWithoutRetry() throws {
        let ses = try FaultInjectingSESEndpoint { ["r-2", "r-4"].contains($0.subject) ? .reject : .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(5)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.failedUnsent == ["r-2", "r-4"])
        #expect(books.sent == ["r-1", "r-3", "r-5"])
        #expect(ses.exchanges.count == 5)
        #expect(function.log.contains(#""errorCode":"MessageRejected""#))
    }

    // MARK: Answers lost on the way back

    @Test(arguments: [FaultInjectingSESEndpoint.Answer.reset, .close])
    func connectionBrokenBeforeTheAnswerIsReportedFailedNotRetried(broken: FaultInjectingSESEndpoint.Answer) throws {
        // The function cannot tell this from an answer lost after SES accepted (next test), so it
        // must not retry; the source's redelivery sends the message later.
        let ses = try FaultInjectingSESEndpoint { $0.subject == "r-2" && $0.attempt == 1 ? broken : .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(3)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.failedUnsent == ["r-2"])
        #expect(books.sent == ["r-1", "r-3"])
        #expect(ses.exchanges.filter { $0.subject == "r-2" }.count == 1)
    }

    @Test func answerLostAfterSESAcceptedIsReportedFailedAndNeverSentTwice() throws {
        let ses = try FaultInjectingSESEndpoint { $0.subject == "r-2" && $0.attempt == 1 ? .acceptThenReset : .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(3)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sentButReportedFailed.map(\.token) == ["r-2"])
        #expect(books.sent == ["r-1", "r-3"])
        // Operators can count the possible duplicates.
        #expect(function.log.contains(#""mayHaveBeenSent":true"#))
    }

    @Test func successAnswerWithInvalidJSONIsReportedFailedAndNotRetried() throws {
        let ses = try FaultInjectingSESEndpoint { $0.subject == "r-1" ? .acceptWithInvalidJSON : .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        let tokens = Self.tokens(3)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sentButReportedFailed.map(\.token) == ["r-1"])
        #expect(books.sent == ["r-2", "r-3"])
        #expect(ses.exchanges.count == 3)
        #expect(function.log.contains(#""errorCode":"UnexpectedResponse""#))
    }

    // MARK: The deadline

    /// An answer delay that outlasts the test (the endpoint's shutdown cuts it): a function that
    /// waited for such an answer instead of keeping its deadline would never answer Lambda, and
    /// `invoke` would give up a few seconds after the Lambda timeout. No wall-clock budget needed.
    static let answeredAfterTheTest = Duration.seconds(3_600)

    @Test func slowAnswersPastTheDeadlineAreReportedFailedBeforeLambdaTimesOut() throws {
        let ses = try FaultInjectingSESEndpoint { ["r-2", "r-4"].contains($0.subject) ? .acceptSlowly(Self.answeredAfterTheTest) : .accept }
        let function = try FunctionUnderTest(sendingTo: ses, environment: ["NOTIFIER_DEADLINE_MARGIN_MS": "500"])
        let tokens = Self.tokens(4)

        let books = try function.invokeSQS(tokens, ses: ses, timeout: .seconds(3))

        #expect(books.sentButReportedFailed.map(\.token) == ["r-2", "r-4"])
        #expect(books.sent == ["r-1", "r-3"])
        #expect(ses.exchanges.count == 4)
    }

    @Test func recordsNotSentByTheDeadlineOfABatchAreExactlyTheReportedFailures() throws {
        let slow: Set = ["r-3", "r-6", "r-9"]
        let ses = try FaultInjectingSESEndpoint { slow.contains($0.subject) ? .acceptSlowly(Self.answeredAfterTheTest) : .accept }
        let function = try FunctionUnderTest(sendingTo: ses, environment: ["NOTIFIER_DEADLINE_MARGIN_MS": "500"])
        let tokens = Self.tokens(10)

        let books = try function.invokeSQS(tokens, ses: ses, timeout: .seconds(3))

        #expect(Set(books.sentButReportedFailed.map(\.token)) == slow)
        #expect(books.sent == tokens.filter { !slow.contains($0) })
    }

    @Test func sendsQueuedBehindSlowOnesStartNoLaterThanTheDeadline() throws {
        // Two sends in flight at once, every answer slow: the first two hold both slots until the
        // deadline; the other eight must not start then and run past it.
        let ses = try FaultInjectingSESEndpoint { _ in .acceptSlowly(Self.answeredAfterTheTest) }
        let function = try FunctionUnderTest(sendingTo: ses, environment: [
            "NOTIFIER_DEADLINE_MARGIN_MS": "500", "NOTIFIER_MAX_CONCURRENT_SENDS": "2",
        ])
        let tokens = Self.tokens(10)

        let books = try function.invokeSQS(tokens, ses: ses, timeout: .seconds(3))

        #expect(books.sentButReportedFailed.map(\.token) == ["r-1", "r-2"])
        #expect(books.failedUnsent == Array(tokens.dropFirst(2)))
        #expect(ses.exchanges.count == 2)
        #expect(function.log.contains(#""errorCode":"DeadlineExceeded""#))
    }

    // MARK: The Runtime API refusing the answer

    @Test func responseRefusedByTheRuntimeAPIBecomesAnErrorThatFailsTheWholeBatch() throws {
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let function = try FunctionUnderTest(sendingTo: ses)
        function.server.inject(.payloadTooLarge, on: .response)
        let tokens = Self.tokens(3)

        let outcome = try function.invoke(Self.sqsEvent(tokens))

        #expect(outcome.error?.errorType == "Runtime.ResponseTooLarge")
        // Lambda makes the whole batch visible again: every message SES took is sent twice
        // across invocations, which at-least-once delivery allows, and none is lost.
        let books = DeliveryAccounting(invocations: [.sqs(tokens: tokens, outcome: outcome)], accepted: ses.accepted)
        books.expectRuleKept()
        #expect(books.sentButReportedFailed.map(\.token) == tokens)
        #expect(books.reportedFailedDespiteConfirmedAcceptance == tokens)
    }

    // MARK: Other sources

    @Test func snsNotificationNotSentIsAFunctionErrorForLambdaToRetry() throws {
        let ses = try FaultInjectingSESEndpoint { _ in .serviceUnavailable }
        let function = try FunctionUnderTest(sendingTo: ses)

        let outcome = try function.invoke(Self.snsEvent(token: "sns-1"))

        #expect(outcome.error?.errorType == "SendFailedRetryable")
        let books = DeliveryAccounting(invocations: [.sns(tokens: ["sns-1"], outcome: outcome)], accepted: ses.accepted)
        books.expectRuleKept()
        #expect(books.failedUnsent == ["sns-1"])
    }

    @Test func apiRequestWhileSESFailsIsA503ThatSaysRetry() throws {
        let ses = try FaultInjectingSESEndpoint { _ in .serviceUnavailable }
        let function = try FunctionUnderTest(sendingTo: ses)

        let outcome = try function.invoke(try Self.apiGatewayEvent(token: "api-1"))

        let response = try JSONParser.parse(Array(outcome.response ?? Data()))
        #expect(response["statusCode"] == .number("503"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        #expect(body["error"]?["retryable"] == true)
        let books = DeliveryAccounting(invocations: [.apiGateway(token: "api-1", outcome: outcome)], accepted: ses.accepted)
        books.expectRuleKept()
        #expect(books.failedUnsent == ["api-1"])
    }

    @Test func apiRequestAnsweredTooLateBySESIsA503AndCountedAsPossiblySent() throws {
        let ses = try FaultInjectingSESEndpoint { _ in .acceptSlowly(Self.answeredAfterTheTest) }
        let function = try FunctionUnderTest(sendingTo: ses, environment: ["NOTIFIER_DEADLINE_MARGIN_MS": "500"])

        let outcome = try function.invoke(try Self.apiGatewayEvent(token: "api-1"), timeout: .seconds(3))

        let response = try JSONParser.parse(Array(outcome.response ?? Data()))
        #expect(response["statusCode"] == .number("503"))
        let books = DeliveryAccounting(invocations: [.apiGateway(token: "api-1", outcome: outcome)], accepted: ses.accepted)
        books.expectRuleKept()
        #expect(books.sentButReportedFailed.map(\.token) == ["api-1"])
    }

    // MARK: Several invocations at once (Lambda Managed Instances)

    @Test func invocationStuckOnSlowSendsHoldsUpNoOtherAndStartsNoSendAfterItsDeadline() throws {
        let ses = try FaultInjectingSESEndpoint { $0.subject.hasPrefix("slow-") ? .acceptSlowly(.seconds(10)) : .accept }
        let function = try FunctionUnderTest(sendingTo: ses, environment: [
            "AWS_LAMBDA_MAX_CONCURRENCY": "4", "NOTIFIER_DEADLINE_MARGIN_MS": "500", "NOTIFIER_MAX_CONCURRENT_SENDS": "2",
        ])
        let server = function.server
        _ = server.waitForNextRequests(count: 4, timeout: .seconds(10))

        // Two sends hold both of the slow invocation's slots until its deadline; its other four
        // must never start, even though Lambda Managed Instances would let the code run on.
        let slowTokens = (1...6).map { "slow-\($0)" }
        let slow = server.enqueue(event: Self.sqsEvent(slowTokens), options: InvocationOptions(timeout: .seconds(3)))
        let fastBatches = (1...3).map { batch in (1...3).map { "fast-\(batch)-\($0)" } }
        let fast = fastBatches.map { server.enqueue(event: Self.sqsEvent($0)) }

        let fastOutcomes = try fast.map { try #require(server.waitForOutcome(requestID: $0, timeout: .seconds(30))) }
        let slowOutcome = try #require(server.waitForOutcome(requestID: slow, timeout: .seconds(30)), "the slow invocation was not answered by its deadline")
        for outcome in fastOutcomes {
            #expect(outcome.answeredAt < slowOutcome.answeredAt, "answered while the slow invocation still waited on SES")
        }

        // Its worker goes back to /next and serves again.
        let after = try function.invoke(Self.sqsEvent(["after-1"]))
        let invocations = [DeliveryAccounting.Invocation.sqs(tokens: slowTokens, outcome: slowOutcome)]
            + zip(fastBatches, fastOutcomes).map { DeliveryAccounting.Invocation.sqs(tokens: $0, outcome: $1) }
            + [.sqs(tokens: ["after-1"], outcome: after)]
        let books = DeliveryAccounting(invocations: invocations, accepted: ses.accepted, loggedMessageIDs: DeliveryAccounting.loggedMessageIDs(in: function.log))
        books.expectRuleKept()
        #expect(books.sentButReportedFailed.map(\.token) == ["slow-1", "slow-2"])
        #expect(books.failedUnsent == Array(slowTokens.dropFirst(2)))
        #expect(Set(books.sent) == Set(fastBatches.joined() + ["after-1"]))
    }

    // MARK: Events

    /// `r-1` … `r-<count>`: each record's SQS message id, and the subject of its e-mail.
    static func tokens(_ count: Int) -> [String] {
        (1...count).map { "r-\($0)" }
    }

    static func notification(subject: String) -> String {
        #"{"to":"ada@example.org","subject":"\#(subject)","text":"A message for the accounting check."}"#
    }

    /// An SQS batch of one record per token: the token is the record's message id and its e-mail's subject.
    static func sqsEvent(_ tokens: [String], body: (String) -> String = notification(subject:)) -> Data {
        let value: JSONValue = ["Records": .array(tokens.map { token in
            [
                "messageId": .string(token), "receiptHandle": "h", "body": .string(body(token)), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifier", "awsRegion": "us-east-1",
            ]
        })]
        return Data(value.serialized())
    }

    static func snsEvent(token: String) -> Data {
        let value: JSONValue = ["Records": [[
            "EventSource": "aws:sns", "EventVersion": "1.0",
            "Sns": [
                "Type": "Notification", "MessageId": .string(token), "TopicArn": "arn:aws:sns:us-east-1:123456789012:notifier",
                "Message": .string(notification(subject: token)), "Timestamp": "2026-11-21T02:14:07.123Z",
            ],
        ]]]
        return Data(value.serialized())
    }

    static func apiGatewayEvent(token: String) throws -> Data {
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-rest.json")).objectValue ?? JSONObject()
        request["body"] = .string(notification(subject: token))
        return Data(JSONValue.object(request).serialized())
    }
}

extension FunctionUnderTest {
    /// The function sending to `ses` instead of moto.
    convenience init(sendingTo ses: FaultInjectingSESEndpoint, environment: [String: String] = [:]) throws {
        try self.init(environment: environment.merging(["AWS_ENDPOINT_URL_SESV2": ses.endpoint]) { $1 })
    }

    /// Invokes the function with an SQS batch of `tokens`, and returns the books of the invocation
    /// once checked: none lost, none sent twice, and only a lost answer (never a confirmed one)
    /// behind a message sent yet reported failed.
    func invokeSQS(
        _ tokens: [String],
        ses: FaultInjectingSESEndpoint,
        timeout: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> DeliveryAccounting {
        let outcome = try invoke(FaultInjectionTests.sqsEvent(tokens), timeout: timeout)
        #expect(outcome.response != nil, "the invocation failed: \(String(describing: outcome.error))", sourceLocation: sourceLocation)
        let books = DeliveryAccounting(
            invocations: [.sqs(tokens: tokens, outcome: outcome)],
            accepted: ses.accepted,
            loggedMessageIDs: DeliveryAccounting.loggedMessageIDs(in: log))
        books.expectRuleKept(sourceLocation: sourceLocation)
        #expect(books.reportedFailedDespiteConfirmedAcceptance.isEmpty, "\(books.summary)", sourceLocation: sourceLocation)
        return books
    }
}

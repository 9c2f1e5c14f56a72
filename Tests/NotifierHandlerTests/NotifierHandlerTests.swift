import JSON
import EmailKit
import Foundation
import LambdaRuntime
import Testing
import WallClock
@testable import NotifierHandler

/// The handler end to end in-process, with the outbox transport writing real `.eml` files.
/// (The SES path, through the real `bootstrap` and moto, is in `BootstrapEndToEndTests`.)
@Suite struct NotifierHandlerTests {
    let outbox: URL
    var handler: NotifierHandler

    init() throws {
        outbox = try Fixtures.temporaryDirectory()
        let configuration = NotifierConfiguration(
            transport: .outbox(directory: outbox.path),
            defaultFrom: try EmailAddress(parsing: "notifier@example.com"),
            senderPolicy: SenderPolicy(addresses: [], domains: ["example.com"]),
            maxRequestBytes: 4096)
        handler = NotifierHandler(
            configuration: configuration, transport: try OutboxMailTransport(directory: outbox.path),
            templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))
        handler.metrics.fileDescriptor = Self.discardedOutput
    }

    /// Where the handlers of these tests write their metrics lines: one descriptor for the process,
    /// not one per test (MetricsLineTests checks the lines themselves).
    static let discardedOutput = open("/dev/null", O_WRONLY | O_CLOEXEC)

    static func context(remaining: Duration = .seconds(30)) -> LambdaContext {
        LambdaContext(
            requestID: "test-request", deadline: .now() + remaining,
            invokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:notifier",
            functionName: "notifier", logger: LambdaLogger(level: .fatal))
    }

    /// Handles `event` as the runtime does: its answer, then what comes after it.
    mutating func invoke(_ event: JSONValue, remaining: Duration = .seconds(30)) throws -> JSONValue {
        let context = Self.context(remaining: remaining)
        defer { handler.afterResponse(context: context) }
        return try JSONParser.parse(handler.handle(event.serialized(), context: context))
    }

    func writtenMessages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
    }

    static func sqsRecord(_ id: String, body: JSONValue, queue: String = "notifier-queue", group: String? = nil) -> JSONValue {
        var attributes: JSONObject = JSONObject([("ApproximateReceiveCount", "1")])
        if let group { attributes["MessageGroupId"] = .string(group) }
        return [
            "messageId": .string(id), "receiptHandle": "handle", "body": .string(String(decoding: body.serialized(), as: UTF8.self)),
            "attributes": .object(attributes), "messageAttributes": [:], "md5OfBody": "", "eventSource": "aws:sqs",
            "eventSourceARN": .string("arn:aws:sqs:us-east-1:123456789012:\(queue)"), "awsRegion": "us-east-1",
        ]
    }

    static let valid: JSONValue = ["to": "ada@example.org", "subject": "Hello", "text": "Hi"]
    static let invalid: JSONValue = ["to": "not-an-address", "subject": "Hello", "text": "Hi"]

    // MARK: SQS

    @Test mutating func sqsBatchReportsOnlyTheRecordsNotSent() throws {
        let response = try invoke(JSONParser.parse(Fixtures.sampleEvent("sqs-batch.json")))
        #expect(response == ["batchItemFailures": [["itemIdentifier": "2e1424d4-f796-459a-8184-9c92662be6da"]]])
        #expect(try writtenMessages().count == 2)
    }

    @Test mutating func sqsBatchWithEveryRecordSentReportsNoFailures() throws {
        let response = try invoke(["Records": [Self.sqsRecord("a", body: Self.valid), Self.sqsRecord("b", body: Self.valid)]])
        #expect(response == ["batchItemFailures": []])
        #expect(try writtenMessages().count == 2)
    }

    @Test mutating func snsEnvelopeInsideAnSQSBodyIsUnwrapped() throws {
        let response = try invoke(JSONParser.parse(Fixtures.sampleEvent("sns-in-sqs.json")))
        #expect(response == ["batchItemFailures": []])
        let raw = try String(contentsOf: outbox.appending(path: writtenMessages()[0]), encoding: .utf8)
        #expect(raw.contains("Subject: Nightly backup finished"))
    }

    @Test mutating func fifoFailureFailsEveryLaterRecordOfItsGroupOnly() throws {
        let event: JSONValue = ["Records": [
            Self.sqsRecord("g1-a", body: Self.valid, queue: "n.fifo", group: "g1"),
            Self.sqsRecord("g1-b", body: Self.invalid, queue: "n.fifo", group: "g1"),
            Self.sqsRecord("g2-a", body: Self.valid, queue: "n.fifo", group: "g2"),
            Self.sqsRecord("g1-c", body: Self.valid, queue: "n.fifo", group: "g1"),
            Self.sqsRecord("g2-b", body: Self.valid, queue: "n.fifo", group: "g2"),
        ]]
        let response = try invoke(event)
        #expect(response == ["batchItemFailures": [["itemIdentifier": "g1-b"], ["itemIdentifier": "g1-c"]]])
        #expect(try writtenMessages().count == 3)
    }

    @Test mutating func messagesSharingAnIdempotencyKeyAreSentOnce() throws {
        var keyed = Self.valid.objectValue!
        keyed["idempotencyKey"] = "order-42"
        let response = try invoke(["Records": [Self.sqsRecord("a", body: .object(keyed)), Self.sqsRecord("b", body: .object(keyed))]])
        #expect(response == ["batchItemFailures": []])
        #expect(try writtenMessages().count == 1)
    }

    @Test mutating func nothingIsAttemptedOnceTheDeadlineHasPassed() throws {
        let response = try invoke(["Records": [Self.sqsRecord("a", body: Self.valid)]], remaining: .milliseconds(500))
        #expect(response == ["batchItemFailures": [["itemIdentifier": "a"]]])
        #expect(try writtenMessages().isEmpty)
    }

    // MARK: SNS

    @Test mutating func snsUsesThePublishSubjectWhenTheMessageHasNone() throws {
        let response = try invoke(JSONParser.parse(Fixtures.sampleEvent("sns.json")))
        #expect(response["messageIds"]?.arrayValue?.count == 1)
    }

    @Test mutating func snsFailureIsAFunctionError() throws {
        var event = try JSONParser.parse(Fixtures.sampleEvent("sns.json")).objectValue!
        var record = event["Records"]!.arrayValue![0].objectValue!
        var sns = record["Sns"]!.objectValue!
        sns["Message"] = .string(String(decoding: Self.invalid.serialized(), as: UTF8.self))
        record["Sns"] = .object(sns)
        event["Records"] = [.object(record)]
        #expect(throws: NotifierFunctionError.self) { try invoke(.object(event)) }
    }

    // MARK: API Gateway

    func apiRequest(method: String = "POST", path: String = "/notify", contentType: String = "application/json", body: String?) -> JSONValue {
        [
            "resource": .string(path), "path": .string(path), "httpMethod": .string(method),
            "headers": ["Content-Type": .string(contentType)], "requestContext": ["requestId": "r-1"],
            "body": body.map(JSONValue.string) ?? .null, "isBase64Encoded": false,
        ]
    }

    func status(_ response: JSONValue) -> Int? {
        if case .number(let text) = response["statusCode"] { Int(text) } else { nil }
    }

    func body(_ response: JSONValue) throws -> JSONValue {
        try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
    }

    @Test mutating func apiAcceptsAValidNotificationWith202() throws {
        let response = try invoke(apiRequest(body: String(decoding: Self.valid.serialized(), as: UTF8.self)))
        #expect(status(response) == 202)
        #expect(try body(response)["messageId"]?.stringValue?.hasPrefix("outbox-") == true)
    }

    @Test mutating func apiListsEveryProblemWith400() throws {
        let response = try invoke(apiRequest(body: #"{"to": ["x", "y@"], "text": "hi"}"#))
        #expect(status(response) == 400)
        let fields = try body(response)["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
        #expect(fields == ["to[0]", "to[1]", "subject"])
    }

    @Test mutating func apiRefusesANonJSONBodyWith415() throws {
        #expect(status(try invoke(apiRequest(contentType: "text/plain", body: "hello"))) == 415)
    }

    @Test mutating func apiRefusesABodyOverTheLimitWith413() throws {
        #expect(status(try invoke(apiRequest(body: String(repeating: " ", count: 5000) + "{}"))) == 413)
    }

    @Test mutating func apiAnswersUnknownRoutesWith404And405() throws {
        #expect(status(try invoke(apiRequest(path: "/other", body: "{}"))) == 404)
        #expect(status(try invoke(apiRequest(method: "GET", body: nil))) == 405)
    }

    @Test mutating func apiNeverAnswers500ForMalformedJSON() throws {
        let response = try invoke(apiRequest(body: "{not json"))
        #expect(status(response) == 400)
    }

    // MARK: Direct

    @Test mutating func directInvocationReturnsTheMessageID() throws {
        #expect(try invoke(Self.valid)["messageId"]?.stringValue?.hasPrefix("outbox-") == true)
    }

    @Test mutating func directInvalidInputIsAValidationErrorListingEveryProblem() throws {
        do {
            _ = try invoke(["to": "bad", "text": "x"])
            Issue.record("expected a function error")
        } catch let error as NotifierFunctionError {
            #expect(error.errorType == "ValidationError")
            let list = try JSONParser.parse(Array(error.errorMessage.utf8))
            #expect(list["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["to[0]", "subject"])
        }
    }

    @Test mutating func directBatchAnswersPerMessage() throws {
        let response = try invoke(["messages": [Self.valid, Self.invalid]])
        let results = response["results"]?.arrayValue ?? []
        #expect(results.count == 2)
        #expect(results.first?["messageId"] != nil)
        #expect(results.last?["errors"] != nil)
    }

    @Test mutating func malformedEventIsAFunctionErrorNotACrash() throws {
        #expect(throws: NotifierFunctionError.self) {
            try handler.handle(Array("{\"Records\": [".utf8), context: Self.context())
        }
    }
}

// MARK: Templates and the order routes

extension NotifierHandlerTests {
    static let order = #"{"id": 7, "total": "12.50", "items": [{"name": "Cable", "quantity": 5, "price_per_unit": "2.50"}], "order_customer": {"name": "Ada", "email": "ada@example.org"}}"#

    /// The order service posts without a Content-Type.
    func orderRequest(_ route: String, body: String) -> JSONValue {
        [
            "resource": .string(route), "path": .string(route + "/"), "httpMethod": "POST",
            "headers": ["X-API-Key": "k"], "requestContext": ["requestId": "r-2"],
            "body": .string(body), "isBase64Encoded": false,
        ]
    }

    @Test(arguments: ["/notify/order-received", "/notify/order-shipped"])
    mutating func orderRoutesSendTheirTemplateToTheCustomer(_ route: String) throws {
        let response = try invoke(orderRequest(route, body: Self.order))
        #expect(status(response) == 202)
        let raw = try String(contentsOf: outbox.appending(path: writtenMessages()[0]), encoding: .utf8)
        #expect(raw.contains("To: Ada <ada@example.org>"))
        #expect(raw.contains("Subject: Order #7"))
    }

    @Test mutating func orderWithoutACustomerAddressIsA400NamingTheField() throws {
        let response = try invoke(orderRequest("/notify/order-received", body: #"{"id": 7, "total": "1", "items": []}"#))
        #expect(status(response) == 400)
        #expect(try body(response)["errors"]?.arrayValue?.first?["field"] == "order_customer.email")
    }

    @Test mutating func orderMissingATemplateVariableIsA400ForThatMessageOnly() throws {
        let response = try invoke(orderRequest("/notify/order-received", body: #"{"id": 7, "items": [], "order_customer": {"email": "ada@example.org"}}"#))
        #expect(status(response) == 400)
        let error = try body(response)["errors"]?.arrayValue?.first
        #expect(error?["field"] == "data")
        #expect(error?["message"]?.stringValue?.contains("missing variable `order_customer.name`") == true)
    }

    @Test mutating func aTemplatedSQSRecordIsSentAndAFailingOneIsReportedAlone() throws {
        let good: JSONValue = ["template": "order-shipped", "to": "ada@example.org", "data": try JSONParser.parse(Array(Self.order.utf8))]
        let bad: JSONValue = ["template": "no-such-template", "to": "ada@example.org", "data": [:]]
        let response = try invoke(["Records": [Self.sqsRecord("good", body: good), Self.sqsRecord("bad", body: bad)]])
        #expect(response == ["batchItemFailures": [["itemIdentifier": "bad"]]])
        #expect(try writtenMessages().count == 1)
    }

    @Test mutating func aTemplateExcludesSubjectAndBodies() throws {
        let response = try invoke(apiRequest(body: #"{"to": "ada@example.org", "template": "order-shipped", "data": {}, "subject": "Hi"}"#))
        #expect(try body(response)["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["template"])
    }
}

import JSON
import Foundation
import RuntimeAPIServer
import Testing
import TestSupport
@testable import NotifierHandler

/// The product as Lambda runs it: the real `bootstrap` process, a loopback Runtime API, and moto as
/// SES v2 with signature checking on. Every message moto stores is parsed by Python's `email`.
@Suite struct BootstrapEndToEndTests {
    func json(_ data: Data?) throws -> JSONValue {
        try JSONParser.parse(Array(data ?? Data()))
    }

    /// The stored message for `messageID`, which must be well formed and carry `subject`.
    func expectStored(_ function: FunctionUnderTest, _ messageID: String?, subject: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let id = try #require(messageID, sourceLocation: sourceLocation)
        let message = try #require(try function.storedMessage(id), "moto has no message \(id)", sourceLocation: sourceLocation)
        #expect(message.parsed.wellFormednessProblems.isEmpty, "\(message.parsed.wellFormednessProblems)", sourceLocation: sourceLocation)
        #expect(message.parsed.subject == subject, sourceLocation: sourceLocation)
    }

    // MARK: SQS

    @Test func sqsBatchReportsExactlyTheInvalidRecordAndSendsTheOthers() throws {
        let function = try FunctionUnderTest()
        let outcome = try function.invoke(sample: "sqs-batch.json")
        #expect(try json(outcome.response) == ["batchItemFailures": [["itemIdentifier": "2e1424d4-f796-459a-8184-9c92662be6da"]]])
        // Every record is accounted for: two sent (their SES ids logged), one reported.
        let sent = try sentMessageIDs(in: function.log)
        #expect(sent.count == 2)
        for id in sent { #expect(try function.storedMessage(id) != nil) }
        #expect(function.log.contains(#""status":"rejected""#))
    }

    @Test func sqsRecordRefusedBySESIsReportedForRetry() throws {
        let function = try FunctionUnderTest()
        let refused = #"{"from":"someone@unverified.example","to":"ada@example.org","subject":"s","text":"t"}"#
        let accepted = #"{"to":"ada@example.org","subject":"Accepted","text":"t"}"#
        let event = sqsEvent([("r-1", refused), ("r-2", accepted)])
        let outcome = try function.invoke(event)
        #expect(try json(outcome.response) == ["batchItemFailures": [["itemIdentifier": "r-1"]]])
        #expect(function.log.contains(#""errorCode":"MessageRejected""#))
    }

    @Test func snsEnvelopeInSQSIsSentWithTheSNSSubject() throws {
        let function = try FunctionUnderTest()
        let outcome = try function.invoke(sample: "sns-in-sqs.json")
        #expect(try json(outcome.response) == ["batchItemFailures": []])
        try expectStored(function, try sentMessageIDs(in: function.log).first, subject: "Nightly backup finished")
    }

    // MARK: SNS

    @Test func snsNotificationIsSent() throws {
        let function = try FunctionUnderTest()
        let outcome = try function.invoke(sample: "sns.json")
        let ids = try json(outcome.response)["messageIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(ids.count == 1)
        try expectStored(function, ids.first, subject: "Nightly backup finished")
    }

    // MARK: API Gateway

    @Test func restAPIRequestIsAcceptedWith202() throws {
        let function = try FunctionUnderTest()
        let response = try json(function.invoke(sample: "apigateway-rest.json").response)
        #expect(response["statusCode"] == .number("202"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        try expectStored(function, body["messageId"]?.stringValue, subject: "Password reset")
    }

    @Test func httpAPIRequestWithABase64BodyIsAcceptedWith202() throws {
        let function = try FunctionUnderTest()
        let response = try json(function.invoke(sample: "apigateway-http.json").response)
        #expect(response["statusCode"] == .number("202"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        try expectStored(function, body["messageId"]?.stringValue, subject: "Déploiement terminé ✅")
    }

    @Test func apiRequestRefusedBySESIsA502ThatSaysNotToRetry() throws {
        let function = try FunctionUnderTest()
        let request = try apiRequest(body: #"{"from":"someone@unverified.example","to":"ada@example.org","subject":"s","text":"t"}"#)
        let response = try json(function.invoke(request).response)
        #expect(response["statusCode"] == .number("502"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        #expect(body["error"]?["code"] == "MessageRejected")
        #expect(body["error"]?["retryable"] == false)
    }

    @Test func apiRequestWithHugeAndWronglyTypedFieldsIsA400ListingThem() throws {
        let function = try FunctionUnderTest()
        let hugeSubject = String(repeating: "x", count: 20_000)
        let request = try apiRequest(body: #"{"to": 42, "subject": "\#(hugeSubject)", "html": ["not", "a", "string"]}"#)
        let response = try json(function.invoke(request).response)
        #expect(response["statusCode"] == .number("400"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        let fields = body["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
        #expect(fields == ["to", "html", "subject", "text"])
    }

    // MARK: Direct

    @Test func directInvocationReturnsTheSESMessageID() throws {
        let function = try FunctionUnderTest()
        let response = try json(function.invoke(sample: "direct.json").response)
        try expectStored(function, response["messageId"]?.stringValue, subject: "Weekly report")
    }

    @Test func directBatchSendsBccOnlyInTheEnvelope() throws {
        let function = try FunctionUnderTest()
        let response = try json(function.invoke(sample: "direct-batch.json").response)
        let ids = response["results"]?.arrayValue?.compactMap { $0["messageId"]?.stringValue } ?? []
        #expect(ids.count == 2)
        let second = try #require(try function.storedMessage(ids[1]))
        #expect(second.stored.destinations.contains("audit@example.com"))
        #expect(!second.parsed.headerNames.contains { $0.lowercased() == "bcc" })
    }

    @Test func a3SharedNotifierMessageIsSentUnchanged() throws {
        let function = try FunctionUnderTest()
        let response = try json(function.invoke(sample: "a3-message.json").response)
        let id = try #require(response["messageId"]?.stringValue)
        let message = try #require(try function.storedMessage(id))
        #expect(message.parsed.subject == "Votre facture est prête")
        #expect(message.parsed.text?.contains("La facture #12345") == true)
        #expect(message.parsed.html?.contains("<h1>Facture Prête</h1>") == true)
    }

    @Test func invalidDirectInvocationIsAValidationErrorWithTheList() throws {
        let function = try FunctionUnderTest()
        let outcome = try function.invoke(Data(#"{"to": ["nobody"], "text": "t"}"#.utf8))
        let error = try #require(outcome.error)
        #expect(error.errorType == "ValidationError")
        let message = try JSONParser.parse(Array(error.body))["errorMessage"]?.stringValue ?? ""
        #expect(try JSONParser.parse(Array(message.utf8))["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["to[0]", "subject"])
    }

    // MARK: Bad input never crashes the function

    @Test func malformedAndUnsupportedEventsAreClearErrorsAndTheFunctionLivesOn() throws {
        let function = try FunctionUnderTest()
        let malformed = try #require(try function.invoke(Data("{\"Records\": [".utf8)).error)
        #expect(malformed.errorType == "MalformedEvent")
        let unsupported = try #require(try function.invoke(sample: "unsupported-s3.json").error)
        #expect(unsupported.errorType == "UnsupportedEvent")
        #expect(String(decoding: unsupported.body, as: UTF8.self).contains("aws:s3"))
        let deep = try #require(try function.invoke(Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)).error)
        #expect(deep.errorType == "MalformedEvent")
        // Still serving:
        let response = try json(function.invoke(sample: "direct.json").response)
        #expect(response["messageId"] != nil)
        #expect(function.process.exitCode == nil)
    }

    @Test func missingConfigurationIsAnInitErrorNamingTheVariable() throws {
        let function = try FunctionUnderTest(environment: ["NOTIFIER_DEFAULT_FROM": "", "NOTIFIER_ALLOWED_SENDERS": ""])
        let error = try #require(function.server.waitForInitError(timeout: .seconds(10)))
        #expect(String(decoding: error.body, as: UTF8.self).contains("NOTIFIER_ALLOWED_SENDERS"))
        #expect(function.process.waitForExit() != 0)
    }

    @Test(arguments: ["JSON", "Text"])
    func logsCarryNoAddressesBodiesOrCredentials(format: String) throws {
        let moto = try MotoServer.shared()
        let function = try FunctionUnderTest(environment: [
            "AWS_LAMBDA_LOG_FORMAT": format, "AWS_LAMBDA_LOG_LEVEL": "TRACE",
            "AWS_ACCESS_KEY_ID": moto.session.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.session.secretAccessKey,
            "AWS_SESSION_TOKEN": moto.session.sessionToken,
        ])
        // Every path: sent, invalid, refused by SES, SNS, API Gateway, direct, errors.
        _ = try function.invoke(sample: "sqs-batch.json")
        _ = try function.invoke(sample: "direct-batch.json")
        _ = try function.invoke(sample: "sns.json")
        _ = try function.invoke(sample: "apigateway-http.json")
        _ = try function.invoke(Data(#"{"to": ["not-an-address"], "subject": "Secret plans", "text": "The body text"}"#.utf8))
        _ = try function.invoke(Data(#"{"from": "spoof@unverified.example", "to": "victim@example.org", "subject": "s", "text": "Refused body"}"#.utf8))
        let log = function.log
        #expect(log.contains("email sent"))
        for secret in [
            "ada@example.org", "billing@example.net", "grace@example.org", "ops@example.org", "victim@example.org",
            "spoof@unverified.example", "not-an-address", "Your order #1042", "First reminder.", "412 GiB", "Secret plans",
            "The body text", "Refused body", "La version 4.2", moto.session.secretAccessKey, moto.session.sessionToken,
        ] {
            #expect(!log.contains(secret), "the \(format) log contains \(secret)")
        }
        #expect(log.contains("example.org"), "recipient domains are logged")
    }

    @Test func invalidRecordsAreLoggedWithFieldPathsAndReasonCodesNeverValues() throws {
        let function = try FunctionUnderTest()
        let body = #"{"to": ["nobody"], "subject": "s", "text": "t", "headers": {"X-SES-FROM-ARN": "x"}, "dave@example.org": 1}"#
        _ = try function.invoke(sqsEvent([("r-1", body)]))
        let line = try #require(function.log.split(separator: "\n").first { $0.contains("email rejected") })
        let logged = try JSONParser.parse(Array(line.utf8))
        #expect(logged["invalidFields"] == .string(
            "Records[0].body.<unknown field>:unknown_field,Records[0].body.to[0]:invalid_address,Records[0].body.headers.<name>:header_not_allowed"))
        #expect(!function.log.contains("dave@example.org") && !function.log.contains("nobody") && !function.log.contains("X-SES"))
    }

    @Test(arguments: [("/other", "POST", "application/json", 404), ("/notify", "GET", "application/json", 405), ("/notify", "POST", "text/plain", 415)])
    func refusedAPIRequestsAreLoggedAsRequestErrorsWithTheirStatus(path: String, method: String, contentType: String, status: Int) throws {
        let function = try FunctionUnderTest()
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-rest.json")).objectValue ?? JSONObject()
        request["resource"] = .string(path)
        request["path"] = .string(path)
        request["httpMethod"] = .string(method)
        request["headers"] = ["Content-Type": .string(contentType)]
        let response = try json(function.invoke(Data(JSONValue.object(request).serialized())).response)
        #expect(response["statusCode"] == .number(String(status)))
        let line = try #require(function.log.split(separator: "\n").first { $0.contains("request refused") })
        #expect(try JSONParser.parse(Array(line.utf8))["httpStatus"] == .number(String(status)))
        #expect(!function.log.contains("email rejected"))
    }

    // MARK: Helpers

    func sentMessageIDs(in log: String) throws -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard let value = try? JSONParser.parse(Array(line.utf8)), value["status"] == "sent" else { return nil }
            return value["sesMessageId"]?.stringValue
        }
    }

    func sqsEvent(_ records: [(id: String, body: String)]) -> Data {
        let value: JSONValue = ["Records": .array(records.map { record in
            [
                "messageId": .string(record.id), "receiptHandle": "h", "body": .string(record.body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifier", "awsRegion": "us-east-1",
            ]
        })]
        return Data(value.serialized())
    }

    func apiRequest(body: String) throws -> Data {
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-rest.json")).objectValue ?? JSONObject()
        request["body"] = .string(body)
        return Data(JSONValue.object(request).serialized())
    }
}

// MARK: Templates from S3

extension BootstrapEndToEndTests {
    /// The function reading its templates from moto's S3 (signed GetObject) instead of the package.
    func functionWithTemplatesInS3() throws -> FunctionUnderTest {
        let moto = try MotoServer.shared()
        return try FunctionUnderTest(environment: [
            "NOTIFIER_TEMPLATE_BUCKET": moto.templateBucket,
            "NOTIFIER_TEMPLATE_PREFIX": "package",
            "NOTIFIER_TEMPLATE_DIR": "/nonexistent",
            "NOTIFIER_DEFAULT_FROM": "Shop <orders@example.com>",
        ])
    }

    @Test(arguments: [
        ("apigateway-order-received.json", "Order #1042: thank you for your order!", "Pro Controller: 2 x $59.90"),
        ("apigateway-order-shipped.json", "Order #1042 has been shipped", "2 × Pro Controller"),
    ])
    func orderRouteRendersItsTemplateFromS3AndSendsItToTheCustomer(event: String, subject: String, textLine: String) throws {
        let function = try functionWithTemplatesInS3()
        let response = try json(function.invoke(sample: event).response)
        #expect(response["statusCode"] == .number("202"), "\(function.log)")
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        let id = try #require(body["messageId"]?.stringValue)
        let message = try #require(try function.storedMessage(id))
        #expect(message.parsed.wellFormednessProblems.isEmpty, "\(message.parsed.wellFormednessProblems)")
        #expect(message.parsed.subject == subject)
        #expect(message.parsed.to == [ParsedMessage.Address(name: "Ada Lovelace", address: "ada@example.org")])
        #expect(message.parsed.html?.contains("The Legend of Zelda: Tears of the Kingdom") == true)
        #expect(message.parsed.text?.contains(textLine) == true)
    }

    @Test func aTemplateMissingFromTheBucketIsA400ForThatMessageOnly() throws {
        let function = try functionWithTemplatesInS3()
        let request = try apiRequest(body: #"{"to": "ada@example.org", "template": "invoice", "data": {}}"#)
        let response = try json(function.invoke(request).response)
        #expect(response["statusCode"] == .number("400"))
        #expect(response["body"]?.stringValue?.contains("no template named 'invoice'") == true)
        // The bucket is the deployer's business, not the caller's.
        #expect(response["body"]?.stringValue?.contains("s3://") == false)
    }

    @Test func anUnreadableBucketIsA503ThatSaysRetry() throws {
        let moto = try MotoServer.shared()
        let function = try FunctionUnderTest(environment: ["NOTIFIER_TEMPLATE_BUCKET": moto.unreadableBucket, "NOTIFIER_TEMPLATE_PREFIX": "templates"])
        let response = try json(function.invoke(sample: "apigateway-order-received.json").response)
        #expect(response["statusCode"] == .number("502") || response["statusCode"] == .number("503"))
        #expect(response["body"]?.stringValue?.contains("TemplateUnavailable") == true)
    }
}

// MARK: Sender allow-list

extension BootstrapEndToEndTests {
    @Test func aSenderOutsideTheAllowListIsRefusedAndNothingIsSent() throws {
        let function = try FunctionUnderTest(environment: ["NOTIFIER_ALLOWED_SENDERS": "notifier@example.com"])
        let request = try apiRequest(body: #"{"from": "ceo@example.com", "to": "ada@example.org", "subject": "Wire the money", "text": "now"}"#)
        let response = try json(function.invoke(request).response)
        #expect(response["statusCode"] == .number("400"))
        let body = try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8))
        #expect(body["errors"]?.arrayValue?.first?["field"] == "from")
        #expect(try sentMessageIDs(in: function.log).isEmpty)
    }
}

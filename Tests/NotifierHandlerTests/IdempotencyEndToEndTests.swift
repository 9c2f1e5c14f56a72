import DynamoDB
import Foundation
import JSON
import LoopbackHTTP
import RuntimeAPIServer
import Testing
import TestSupport
@testable import NotifierHandler

/// The idempotency store as Lambda runs it: the real `bootstrap` through the loopback Runtime API,
/// moto as SES v2 and as DynamoDB (signatures checked), the table of `moto_fixture.py`. Each test
/// runs under a function name of its own, which scopes its keys. moto never deletes items by TTL,
/// so expiry is exercised through the claim's own conditions, by rewriting the stored item.
@Suite struct IdempotencyEndToEndTests {
    // MARK: Redeliveries and retries

    @Test func sqsBatchDeliveredTwiceIsMailedOnlyTheFirstTime() throws {
        let (function, _) = try Self.function()
        let tokens = Self.tokens(3)

        let first = try function.invoke(FaultInjectionTests.sqsEvent(tokens))
        let second = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try Self.batchItemFailures(first) == [])
        #expect(try Self.batchItemFailures(second) == [])
        let stored = try Self.storedMessages(function.moto, subjects: tokens)
        #expect(stored.mapValues(\.count) == Dictionary(uniqueKeysWithValues: tokens.map { ($0, 1) }))
        // The redelivery is logged as duplicates carrying the first send's SES ids.
        let duplicates = Self.logLines(function.log, status: "duplicate")
        #expect(duplicates.count == 3)
        for line in duplicates {
            let token = try #require(line["sourceMessageId"]?.stringValue)
            #expect(line["sesMessageId"]?.stringValue == stored[token]?.first?.id)
        }
    }

    @Test func producerRetryWithTheSameKeyAndContentGetsTheSameMessageID() throws {
        let (function, _) = try Self.function()
        let event = Self.direct(key: "order-1042-shipped-\(UUID().uuidString)", subject: "Order 1042 shipped \(UUID().uuidString)")

        let first = try function.invoke(event)
        let retry = try function.invoke(event)

        let firstID = try #require(try Self.json(first.response)["messageId"]?.stringValue)
        #expect(try Self.json(retry.response)["messageId"]?.stringValue == firstID)
        #expect(try function.moto.sentMessages().filter { $0.id == firstID }.count == 1)
        #expect(Self.logLines(function.log, status: "duplicate").count == 1)
    }

    @Test func sameKeyWithDifferentContentIsRefusedAsKeyReusedAndNotRetryable() throws {
        let (function, _) = try Self.function()
        let key = "welcome-\(UUID().uuidString)"
        _ = try function.invoke(Self.direct(key: key, subject: "Welcome"))

        let reused = try function.invoke(Self.direct(key: key, subject: "Welcome, again"))

        let error = try #require(reused.error)
        #expect(error.errorType == "SendFailed")
        #expect(String(decoding: error.body, as: UTF8.self).contains("IdempotencyKeyReused"))
    }

    /// Powertools' TypeScript and Java ports once skipped the payload check on the conflict path
    /// (powertools-lambda-typescript#2058, powertools-lambda-java#2260): a key held `INPROGRESS` by
    /// another content must be refused as reused, not answered "in progress" (nor as sent).
    @Test func keyHeldInProgressByOtherContentIsKeyReusedNotInProgress() throws {
        let (function, functionName) = try Self.function()
        let tokens = Self.tokens(1)
        try Self.writeItem(function.moto, id: IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName), [
            "status": .string("INPROGRESS"), "payloadHash": .string(String(repeating: "0", count: 64)),
            "inProgressExpiration": .integer(Self.nowMs + 600_000), "expiration": .integer(Self.nowMs / 1000 + 3600),
        ])

        let outcome = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try Self.batchItemFailures(outcome) == tokens)
        #expect(Self.logLines(function.log, status: "failed").first?["errorCode"]?.stringValue == "IdempotencyKeyReused")
        #expect(try Self.storedMessages(function.moto, subjects: tokens).isEmpty)
    }

    @Test func keyInProgressElsewhereIsARetryableFailureUntilItsClaimExpiresThenItIsSent() throws {
        let (function, functionName) = try Self.function()
        let tokens = Self.tokens(1)
        let id = IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName)
        _ = try function.invoke(FaultInjectionTests.sqsEvent(tokens))
        // As a crashed invocation leaves it: claimed, never completed, its deadline ahead.
        try Self.updateItem(function.moto, id: id, ["status": .string("INPROGRESS"), "inProgressExpiration": .integer(Self.nowMs + 600_000)])

        let whileInProgress = try function.invoke(FaultInjectionTests.sqsEvent(tokens))
        try Self.updateItem(function.moto, id: id, ["inProgressExpiration": .integer(Self.nowMs - 1000)])
        let afterItsDeadline = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try Self.batchItemFailures(whileInProgress) == tokens)
        #expect(Self.logLines(function.log, status: "failed").first?["errorCode"]?.stringValue == "IdempotencyInProgress")
        #expect(Self.logLines(function.log, status: "failed").first?["retryable"] == true)
        #expect(try Self.batchItemFailures(afterItsDeadline) == [])
        // At least once: the crashed claim's message is sent again.
        #expect(try Self.storedMessages(function.moto, subjects: tokens)[tokens[0]]?.count == 2)
        #expect(try Self.item(function.moto, id: id)?["status"] == .string("COMPLETED"))
    }

    @Test func expiredKeyIsSentAgain() throws {
        let (function, functionName) = try Self.function()
        let tokens = Self.tokens(1)
        _ = try function.invoke(FaultInjectionTests.sqsEvent(tokens))
        try Self.updateItem(function.moto, id: IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName),
                            ["expiration": .integer(Self.nowMs / 1000 - 1)])

        let later = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try Self.batchItemFailures(later) == [])
        #expect(try Self.storedMessages(function.moto, subjects: tokens)[tokens[0]]?.count == 2)
    }

    /// The answer does not wait for the completions: the claims are written before it, the
    /// completions after it and before the function asks for its next invocation.
    @Test func claimsAreWrittenBeforeTheAnswerAndCompletionsAfterIt() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { _ in .forward }
        let (function, functionName) = try Self.function(dynamoDB: dynamoDB.endpoint)
        let tokens = Self.tokens(3)

        let outcome = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try Self.batchItemFailures(outcome) == [])
        let claims = dynamoDB.exchanges.filter { $0.operation == "PutItem" }
        let completions = dynamoDB.exchanges.filter { $0.operation == "UpdateItem" }
        #expect(claims.count == 3)
        #expect(completions.count == 3)
        #expect(claims.allSatisfy { $0.arrivedAt < outcome.answeredAt })
        #expect(completions.allSatisfy { $0.arrivedAt > outcome.answeredAt })
        let stored = try Self.storedMessages(function.moto, subjects: tokens)
        for token in tokens {
            let item = try #require(try Self.item(moto, id: IdempotencyKey.sqsMessage(token).storedID(functionName: functionName)))
            #expect(item["status"] == .string("COMPLETED"))
            #expect(item["messageId"]?.stringValue == stored[token]?.first?.id)
        }
        #expect(Self.logLines(function.log, status: "sent").count == 3)
    }

    /// A FIFO group is sent a record per round; the second record, with the first one's key and
    /// content, finds it completed (each round's completions are written before the next claims),
    /// so it is a duplicate, not "in progress" and redelivered.
    @Test func aKeyRepeatedLaterInAFIFOGroupIsADuplicateOfTheEarlierRound() throws {
        let (function, _) = try Self.function()
        let subject = Self.tokens(1)[0]
        let body = try JSONParser.parse(Array(Self.direct(key: "fifo-\(subject)", subject: subject)))
        let records = ["\(subject)-a", "\(subject)-b"].map { NotifierHandlerTests.sqsRecord($0, body: body, queue: "notifier.fifo", group: "g1") }

        let outcome = try function.invoke(Data(JSONValue.object(["Records": .array(records)]).serialized()))

        #expect(try Self.batchItemFailures(outcome) == [])
        #expect(try Self.storedMessages(function.moto, subjects: [subject])[subject]?.count == 1)
        #expect(Self.logLines(function.log, status: "sent").count == 1)
        #expect(Self.logLines(function.log, status: "duplicate").count == 1)
    }

    @Test func storedItemHoldsNoAddressSubjectOrBodyAndItsKeyIsHashed() throws {
        let (function, functionName) = try Self.function()
        let tokens = Self.tokens(1)
        _ = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        let id = IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName)
        let item = try #require(try Self.item(function.moto, id: id))

        #expect(Set(item.keys) == ["id", "status", "inProgressExpiration", "payloadHash", "messageId", "expiration"])
        #expect(item["status"] == .string("COMPLETED"))
        #expect(id.count == 64 && !id.contains(tokens[0]))
        let stored = try Self.storedMessages(function.moto, subjects: tokens)
        #expect(item["messageId"]?.stringValue == stored[tokens[0]]?.first?.id)
        let expiration = try #require(item["expiration"]?.integerValue)
        #expect((Self.nowMs / 1000 + 7 * 86_400 - 60...Self.nowMs / 1000 + 7 * 86_400 + 60).contains(expiration))
    }

    @Test func snsNotificationDeliveredTwiceIsAnsweredWithTheSameMessageID() throws {
        let (function, _) = try Self.function()
        let token = Self.tokens(1)[0]

        let first = try function.invoke(FaultInjectionTests.snsEvent(token: token))
        let retry = try function.invoke(FaultInjectionTests.snsEvent(token: token))

        let ids = try #require(try Self.json(first.response)["messageIds"])
        #expect(try Self.json(retry.response)["messageIds"] == ids)
        #expect(try Self.storedMessages(function.moto, subjects: [token])[token]?.count == 1)
    }

    /// Lambda hands an SNS subscription one record per invocation, but an event with several is
    /// still safe: when one record fails, the invocation fails and Lambda retries the whole event;
    /// the records already sent are then recognised by their SNS MessageId and not sent again.
    @Test func snsRetryAfterOneRecordFailedSendsOnlyTheRecordThatFailed() throws {
        let tokens = Self.tokens(2)
        let ses = try FaultInjectingSESEndpoint { request in
            request.subject == tokens[1] && request.attempt <= 4 ? .serviceUnavailable : .accept
        }
        let (function, _) = try Self.function(ses: ses)
        let records: [JSONValue] = try tokens.map { token in
            try #require(try JSONParser.parse(Array(FaultInjectionTests.snsEvent(token: token)))["Records"]?.arrayValue?.first)
        }
        let event = Data(JSONValue.object(["Records": .array(records)]).serialized())

        let first = try function.invoke(event)
        #expect(first.error != nil, "the invocation fails, so that Lambda retries the event")
        #expect(ses.accepted.map(\.subject) == [tokens[0]])

        let retry = try function.invoke(event)
        #expect(try Self.json(retry.response)["messageIds"]?.arrayValue?.count == 2)
        #expect(ses.accepted.map(\.subject).sorted() == tokens.sorted(), "each record sent once in all")
    }

    @Test func directInvocationWithoutAKeyIsNotDeduplicated() throws {
        let (function, _) = try Self.function()
        let subject = "No key \(UUID().uuidString)"
        let event = Data(#"{"to":"ada@example.org","subject":"\#(subject)","text":"Twice."}"#.utf8)

        _ = try function.invoke(event)
        _ = try function.invoke(event)

        #expect(try Self.storedMessages(function.moto, subjects: [subject])[subject]?.count == 2)
    }

    // MARK: API Gateway's Idempotency-Key header

    @Test func apiRequestsWithTheSameIdempotencyKeyHeaderAreAnsweredAsTheFirst() throws {
        let (function, functionName) = try Self.function()
        let key = UUID().uuidString
        let subject = "API \(key)"

        let first = try Self.apiResponse(function.invoke(Self.apiEvent(subject: subject, idempotencyKey: key)))
        let repeated = try Self.apiResponse(function.invoke(Self.apiEvent(subject: subject, idempotencyKey: key)))
        let otherPayload = try Self.apiResponse(function.invoke(Self.apiEvent(subject: subject + " changed", idempotencyKey: key)))
        try Self.updateItem(function.moto, id: IdempotencyKey.producer(key).storedID(functionName: functionName),
                            ["status": .string("INPROGRESS"), "inProgressExpiration": .integer(Self.nowMs + 600_000)])
        let whileInProgress = try Self.apiResponse(function.invoke(Self.apiEvent(subject: subject, idempotencyKey: key)))

        #expect(first.status == 202)
        #expect(repeated.status == 202)
        #expect(repeated.body["messageId"] == first.body["messageId"])
        #expect(otherPayload.status == 422)
        #expect(otherPayload.body["error"]?["code"] == "IdempotencyKeyReused")
        #expect(whileInProgress.status == 409)
        #expect(whileInProgress.body["error"]?["retryable"] == true)
        #expect(try Self.storedMessages(function.moto, subjects: [subject])[subject]?.count == 1)
    }

    /// A template route's `idempotencyKey` (`order-{{id}}-received` in its template.json) keys the
    /// order in the store: the order service posting the same order again gets the first answer.
    @Test func anOrderPostedTwiceToItsTemplateRouteIsMailedOnce() throws {
        let (function, _) = try Self.function()
        let id = Int.random(in: 1_000_000...9_999_999)
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-order-received.json")).objectValue ?? JSONObject()
        var order = try JSONParser.parse(Array((request["body"]?.stringValue ?? "").utf8)).objectValue ?? JSONObject()
        order["id"] = .number(String(id))
        request["body"] = .string(String(decoding: JSONValue.object(order).serialized(), as: UTF8.self))
        let event = Data(JSONValue.object(request).serialized())

        let first = try Self.apiResponse(function.invoke(event))
        let repeated = try Self.apiResponse(function.invoke(event))

        let subject = "Order #\(id): thank you for your order!"
        #expect(first.status == 202)
        #expect(repeated.status == 202)
        #expect(repeated.body["messageId"] == first.body["messageId"])
        #expect(try Self.storedMessages(function.moto, subjects: [subject])[subject]?.count == 1)
    }

    // MARK: Two functions racing

    /// Two function processes get the same batch at the same moment, with the store on a moto that
    /// handles one request at a time (`moto_serial_server.py`), so that its conditional writes are
    /// atomic as DynamoDB's are. Every message is sent exactly once in total; what one process
    /// could not claim it reports failed (in progress) or as a duplicate, and the redelivery of
    /// what was reported failed sends nothing more.
    @Test func twoFunctionProcessesRacingOnOneBatchSendEveryMessageExactlyOnce() throws {
        let serial = try MotoServer.serial()
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let functionName = "notifier-race-\(UUID().uuidString.prefix(8))"
        let environment = [
            "NOTIFIER_IDEMPOTENCY_TABLE": serial.idempotencyTable, "AWS_ENDPOINT_URL_DYNAMODB": serial.endpoint,
            "AWS_ACCESS_KEY_ID": serial.accessKeyID, "AWS_SECRET_ACCESS_KEY": serial.secretAccessKey,
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
        ]
        let functions = try (0..<2).map { _ in try FunctionUnderTest(sendingTo: ses, environment: environment) }
        for function in functions { _ = function.server.waitForNextRequests(count: 1, timeout: .seconds(10)) }
        let tokens = Self.tokens(10)
        let event = FaultInjectionTests.sqsEvent(tokens)

        // Both queued before either is awaited: the two processes take them at once.
        let requests = functions.map { $0.server.enqueue(event: event, options: InvocationOptions(timeout: .seconds(30))) }
        let outcomes = zip(functions, requests).map { $0.server.waitForOutcome(requestID: $1, timeout: .seconds(35)) }
        let failures = try outcomes.map { try Self.batchItemFailures(try #require($0)) }
        let redelivered = Array(Set(failures.flatMap { $0 })).sorted()
        let redelivery = redelivered.isEmpty ? nil : try functions[0].invoke(FaultInjectionTests.sqsEvent(redelivered))

        let acceptances = Dictionary(grouping: ses.accepted, by: \.subject).mapValues(\.count)
        #expect(acceptances == Dictionary(uniqueKeysWithValues: tokens.map { ($0, 1) }), "\(acceptances)")
        // Each message was claimed by one process: the other reported it failed or a duplicate, never sent.
        for token in tokens {
            #expect(failures.filter { $0.contains(token) }.count <= 1)
        }
        if let redelivery { #expect(try Self.batchItemFailures(redelivery) == []) }
        let log = functions.map(\.log).joined(separator: "\n")
        for line in Self.logLines(log, status: "failed") {
            #expect(line["errorCode"]?.stringValue == "IdempotencyInProgress", "\(line)")
        }
    }

    // MARK: Webhook deliveries across execution environments

    /// Two function processes stand for two Lambda execution environments: each has its own
    /// in-memory replay cache, and only the table they share can tell the second that the first
    /// accepted the delivery.
    @Test func aSignedWebhookReplayedToAnotherExecutionEnvironmentIsRefused() throws {
        let (first, functionName) = try Self.function(environment: Self.webhookSettings)
        let second = try FunctionUnderTest(environment: try Self.webhookEnvironment(functionName: functionName))
        let (event, username) = try Self.signedSignup()

        let accepted = try Self.apiResponse(first.invoke(event))
        let replayed = try Self.apiResponse(second.invoke(event))

        #expect(accepted.status == 202, "\(accepted.body)")
        #expect(replayed.status == 401)
        #expect(replayed.body["error"]?["code"] == "ReplayedWebhook")
        #expect(replayed.body["error"]?["message"] == "this delivery (webhook-id or signature) was already accepted: refused as a replay")
        let subject = "Welcome, \(username)!"
        #expect(try Self.storedMessages(first.moto, subjects: [subject])[subject]?.count == 1)
        // The same answer as the environment that accepted it gives a replay from its own memory.
        let again = try Self.apiResponse(first.invoke(event))
        #expect(again.status == 401 && again.body == replayed.body)
    }

    @Test func aWebhookDeliveryIsStoredHashedWithoutItsBodyUntilItsSignatureWouldBeStale() throws {
        let (function, functionName) = try Self.function(environment: Self.webhookSettings)
        let timestamp = Self.nowMs / 1000
        let deliveryID = "delivery-\(UUID().uuidString)"
        let (event, username) = try Self.signedSignup(timestamp: timestamp, deliveryID: deliveryID)
        #expect(try Self.apiResponse(function.invoke(event)).status == 202)
        let answered = Self.nowMs / 1000

        let id = IdempotencyKey.webhookDelivery("user.signup " + deliveryID).storedID(functionName: functionName)
        let item = try #require(try Self.item(function.moto, id: id))
        #expect(Set(item.keys) == ["id", "kind", "expiration"])
        #expect(item["kind"] == .string("webhookDelivery"))
        // Until the tolerance has passed after the later of the signature's time and the function's
        // clock when it checked it (a second or so later under a sanitizer).
        let expiration = try #require(item["expiration"]?.integerValue)
        #expect((timestamp + 300...answered + 300).contains(expiration), "\(expiration) not in \(timestamp + 300)...\(answered + 300)")
        #expect(!id.contains(deliveryID) && !id.contains(username))
    }

    /// A delivery whose mail failed for a reason a retry may fix is forgotten again: the sender's
    /// retry, wherever it lands, is sent, not refused as a replay.
    @Test func aWebhookWhoseMailFailedRetryablyIsAcceptedWhenRetriedElsewhere() throws {
        let sesIsDown = WaitableMutex(true)
        let ses = try FaultInjectingSESEndpoint { _ in sesIsDown.withLock { $0 } ? .serviceUnavailable : .accept }
        let (first, functionName) = try Self.function(ses: ses, environment: Self.webhookSettings)
        var environment = try Self.webhookEnvironment(functionName: functionName)
        environment["AWS_ENDPOINT_URL_SESV2"] = ses.endpoint
        let second = try FunctionUnderTest(environment: environment)
        let (event, username) = try Self.signedSignup()

        let failed = try Self.apiResponse(first.invoke(event))
        sesIsDown.withLock { $0 = false }
        let retried = try Self.apiResponse(second.invoke(event))

        #expect(failed.status == 503)
        #expect(retried.status == 202, "\(retried.body)")
        #expect(ses.accepted.map(\.subject) == ["Welcome, \(username)!"])
    }

    static let webhookSecret = "whsec-user-signup-0123456789"
    static let webhookSettings = ["NOTIFIER_WEBHOOK_SECRETS": #"{"user.signup": "\#(webhookSecret)"}"#]

    /// The settings of ``function(dynamoDB:ses:environment:)`` with webhooks, for a second process
    /// of the same function.
    static func webhookEnvironment(functionName: String) throws -> [String: String] {
        let moto = try MotoServer.shared()
        return webhookSettings.merging([
            "NOTIFIER_IDEMPOTENCY_TABLE": moto.idempotencyTable, "AWS_ENDPOINT_URL_DYNAMODB": moto.endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
        ]) { $1 }
    }

    /// A django-rest-hooks `user.signup` delivery for a new user, signed now with Python's `hmac`,
    /// as API Gateway hands `POST /hooks/user.signup` to the function.
    static func signedSignup(timestamp: Int64 = nowMs / 1000, deliveryID: String = "delivery-\(UUID().uuidString)") throws -> (event: Data, username: String) {
        let username = "u-\(UUID().uuidString.prefix(8))"
        let body = #"{"hook": {"event": "user.signup"}, "data": {"username": "\#(username)", "email": "\#(username)@example.org"}}"#
        let signature = try TemplateRouteTests.signature(body, timestamp: timestamp, secret: webhookSecret)
        let request = TemplateRouteTests.request("/hooks/{event}", ["event": "user.signup"], body: body,
                                                 headers: ["X-Signature": signature, "Webhook-Id": deliveryID])
        return (Data(request.serialized()), username)
    }

    // MARK: Helpers

    static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The function with the store on moto's table (or `dynamoDB`), under a function name of its own.
    static func function(dynamoDB: String? = nil, ses: FaultInjectingSESEndpoint? = nil, environment: [String: String] = [:])
        throws -> (FunctionUnderTest, functionName: String)
    {
        let moto = try MotoServer.shared()
        let functionName = "notifier-idem-\(UUID().uuidString.prefix(8))"
        var settings = [
            "NOTIFIER_IDEMPOTENCY_TABLE": moto.idempotencyTable,
            "AWS_ENDPOINT_URL_DYNAMODB": dynamoDB ?? moto.endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
        ]
        if let ses { settings["AWS_ENDPOINT_URL_SESV2"] = ses.endpoint }
        return (try FunctionUnderTest(environment: settings.merging(environment) { $1 }), functionName)
    }

    /// Tokens unique to this test run: SQS message ids and e-mail subjects.
    static func tokens(_ count: Int) -> [String] {
        let run = UUID().uuidString.prefix(8)
        return (1...count).map { "r-\(run)-\($0)" }
    }

    static func direct(key: String, subject: String) -> Data {
        Data(#"{"idempotencyKey":"\#(key)","to":"ada@example.org","subject":"\#(subject)","text":"Once, please."}"#.utf8)
    }

    static func apiEvent(subject: String, idempotencyKey: String) throws -> Data {
        var request = try JSONParser.parse(Fixtures.sampleEvent("apigateway-rest.json")).objectValue ?? JSONObject()
        var headers = request["headers"]?.objectValue ?? JSONObject()
        headers["Idempotency-Key"] = .string(idempotencyKey)
        request["headers"] = .object(headers)
        request["body"] = .string(FaultInjectionTests.notification(subject: subject))
        return Data(JSONValue.object(request).serialized())
    }

    static func apiResponse(_ outcome: InvocationOutcome) throws -> (status: Int, body: JSONValue) {
        let response = try json(outcome.response)
        let status = Int(response["statusCode"].flatMap { if case .number(let text) = $0 { text } else { nil } } ?? "") ?? 0
        return (status, try JSONParser.parse(Array((response["body"]?.stringValue ?? "").utf8)))
    }

    static func json(_ data: Data?) throws -> JSONValue {
        try JSONParser.parse(Array(data ?? Data()))
    }

    /// The SQS message ids the function named in `batchItemFailures`, sorted.
    static func batchItemFailures(_ outcome: InvocationOutcome) throws -> [String] {
        let failures = try #require(try json(outcome.response)["batchItemFailures"]?.arrayValue, "no batch response: \(String(describing: outcome.error))")
        return failures.compactMap { $0["itemIdentifier"]?.stringValue }.sorted()
    }

    /// The function's JSON log lines with this `status`.
    static func logLines(_ log: String, status: String) -> [JSONValue] {
        log.split(separator: "\n").filter { $0.contains(#""status":"\#(status)""#) }.compactMap { try? JSONParser.parse(Array($0.utf8)) }
    }

    /// The messages moto's SES stored whose subject is one of `subjects`, by subject.
    static func storedMessages(_ moto: MotoServer, subjects: [String]) throws -> [String: [MotoServer.SentMessage]] {
        var found: [String: [MotoServer.SentMessage]] = [:]
        for message in try moto.sentMessages() {
            if let subject = subjects.first(where: { message.rawData.contains("\r\nSubject: \($0)\r\n") }) {
                found[subject, default: []].append(message)
            }
        }
        return found
    }

    static func client(_ moto: MotoServer) -> DynamoDBClient {
        DynamoDBClient(configuration: moto.dynamoDBConfiguration(credentials: moto.userCredentials))
    }

    static func item(_ moto: MotoServer, id: String) throws -> DynamoDBItem? {
        try client(moto).send(.getItem(table: moto.idempotencyTable, key: ["id": .string(id)], consistentRead: true), deadline: .now + .seconds(10)).item
    }

    static func writeItem(_ moto: MotoServer, id: String, _ attributes: DynamoDBItem) throws {
        _ = try client(moto).send(.putItem(table: moto.idempotencyTable, item: attributes.merging(["id": .string(id)]) { $1 }), deadline: .now + .seconds(10))
    }

    /// Sets `attributes` on the stored item, as a crashed or older invocation would have left it.
    static func updateItem(_ moto: MotoServer, id: String, _ attributes: DynamoDBItem) throws {
        var names: [String: String] = [:]
        var values: [String: DynamoDBValue] = [:]
        var assignments: [String] = []
        for (index, (name, value)) in attributes.sorted(by: { $0.key < $1.key }).enumerated() {
            names["#a\(index)"] = name
            values[":v\(index)"] = value
            assignments.append("#a\(index) = :v\(index)")
        }
        _ = try client(moto).send(.updateItem(
            table: moto.idempotencyTable, key: ["id": .string(id)],
            update: DynamoDBExpression("SET " + assignments.joined(separator: ", "), names: names, values: values)
        ), deadline: .now + .seconds(10))
    }
}

/// The store when DynamoDB misbehaves as moto cannot: a ``FaultInjectingDynamoDBEndpoint`` in
/// front of moto's DynamoDB, a ``FaultInjectingSESEndpoint`` keeping the books of what SES took.
/// A message is never sent without its claim; each test ends with the accounting check.
@Suite struct IdempotencyFaultTests {
    @Test func throttledClaimsAreRetriedAndEveryMessageIsSentOnce() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { $0.operation == "PutItem" && $0.attempt <= 5 ? .throttle : .forward }
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let (function, _) = try IdempotencyEndToEndTests.function(dynamoDB: dynamoDB.endpoint, ses: ses)
        let tokens = IdempotencyEndToEndTests.tokens(5)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sent == tokens)
        #expect(dynamoDB.exchanges.filter { $0.answer == .throttle }.count == 5)
    }

    @Test func dynamoDBServerErrorsThatOutlastTheRetriesLeaveEveryMessageUnsentAndRetryable() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { _ in .internalServerError }
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let (function, _) = try IdempotencyEndToEndTests.function(dynamoDB: dynamoDB.endpoint, ses: ses)
        let tokens = IdempotencyEndToEndTests.tokens(3)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.failedUnsent == tokens)
        #expect(ses.exchanges.isEmpty)
        let failed = IdempotencyEndToEndTests.logLines(function.log, status: "failed")
        #expect(failed.count == 3)
        #expect(failed.allSatisfy { $0["errorCode"] == "IdempotencyStoreUnavailable" && $0["retryable"] == true })
    }

    /// The claim is written but its answer comes after the client gave up: the message is not
    /// sent and reported failed; its redelivery is "in progress" until the claim's deadline, then sent.
    @Test func claimWrittenButAnsweredTooLateIsNotSentAndSentOnceAfterItsDeadline() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { request in
            request.operation == "PutItem" && request.attempt == 1 ? .forwardThenDelay(.seconds(10)) : .forward
        }
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let (function, functionName) = try IdempotencyEndToEndTests.function(
            dynamoDB: dynamoDB.endpoint, ses: ses, environment: ["NOTIFIER_DEADLINE_MARGIN_MS": "500"])
        let tokens = IdempotencyEndToEndTests.tokens(1)

        let first = try function.invokeSQS(tokens, ses: ses, timeout: .seconds(3))
        let id = IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName)
        let claim = try #require(try IdempotencyEndToEndTests.item(moto, id: id))
        let whileClaimed = try function.invokeSQS(tokens, ses: ses)
        try IdempotencyEndToEndTests.updateItem(moto, id: id, ["inProgressExpiration": .integer(IdempotencyEndToEndTests.nowMs - 1)])
        let afterDeadline = try function.invokeSQS(tokens, ses: ses)

        #expect(first.failedUnsent == tokens)
        #expect(claim["status"] == .string("INPROGRESS"))
        #expect(whileClaimed.failedUnsent == tokens)
        #expect(afterDeadline.sent == tokens)
        #expect(ses.accepted.count == 1)
        let codes = IdempotencyEndToEndTests.logLines(function.log, status: "failed").compactMap { $0["errorCode"]?.stringValue }
        #expect(codes == ["IdempotencyStoreUnavailable", "IdempotencyInProgress"])
    }

    /// One message of a batch is refused by SES, one sent: its release must precede the answer, and
    /// the completion of the other goes in that same round, not in another after the answer.
    @Test func aBatchWithAReleaseWritesItsCompletionsInTheSameRoundBeforeTheAnswer() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { _ in .forward }
        let tokens = IdempotencyEndToEndTests.tokens(2)
        let ses = try FaultInjectingSESEndpoint { $0.subject == tokens[1] ? .reject : .accept }
        let (function, _) = try IdempotencyEndToEndTests.function(dynamoDB: dynamoDB.endpoint, ses: ses)

        let outcome = try function.invoke(FaultInjectionTests.sqsEvent(tokens))

        #expect(try IdempotencyEndToEndTests.batchItemFailures(outcome) == [tokens[1]])
        let settlements = dynamoDB.exchanges.filter { $0.operation == "UpdateItem" || $0.operation == "DeleteItem" }
        #expect(settlements.map(\.operation).sorted() == ["DeleteItem", "UpdateItem"])
        #expect(settlements.allSatisfy { $0.arrivedAt < outcome.answeredAt })
        #expect(ses.accepted.map(\.subject) == [tokens[0]])
    }

    /// The completions cannot be written (every `UpdateItem` fails, retries included): the messages
    /// went out and are answered sent; after the answer the log says their keys were not marked
    /// completed, and the keys stay `INPROGRESS` until their claims expire.
    @Test func completionsThatCannotBeWrittenAreLoggedAndTheKeysStayInProgress() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { $0.operation == "UpdateItem" ? .internalServerError : .forward }
        let ses = try FaultInjectingSESEndpoint { _ in .accept }
        let (function, functionName) = try IdempotencyEndToEndTests.function(dynamoDB: dynamoDB.endpoint, ses: ses)
        let tokens = IdempotencyEndToEndTests.tokens(2)

        let books = try function.invokeSQS(tokens, ses: ses)

        #expect(books.sent == tokens)
        let warnings = function.log.split(separator: "\n").filter { $0.contains("was not marked completed") }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.contains(#""errorCode":"InternalServerError""#) })
        for token in tokens {
            let item = try IdempotencyEndToEndTests.item(moto, id: IdempotencyKey.sqsMessage(token).storedID(functionName: functionName))
            #expect(item?["status"] == .string("INPROGRESS"))
        }
    }

    /// SES's answer is lost after it accepted: the claim stays until its deadline (at least once),
    /// and is not released for an immediate resend.
    @Test func sendThatMayHaveGoneOutKeepsItsClaim() throws {
        let moto = try MotoServer.shared()
        let ses = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .acceptThenReset : .accept }
        let (function, functionName) = try IdempotencyEndToEndTests.function(ses: ses)
        let tokens = IdempotencyEndToEndTests.tokens(1)

        let first = try function.invokeSQS(tokens, ses: ses)
        let redelivery = try function.invokeSQS(tokens, ses: ses)

        #expect(first.sentButReportedFailed.map(\.token) == tokens)
        #expect(redelivery.sentButReportedFailed.map(\.token) == tokens)
        #expect(ses.accepted.count == 1)
        let item = try IdempotencyEndToEndTests.item(moto, id: IdempotencyKey.sqsMessage(tokens[0]).storedID(functionName: functionName))
        #expect(item?["status"] == .string("INPROGRESS"))
    }

    /// SES refused the message: the claim is deleted before the answer, so that the redelivery
    /// the answer asks for can send it.
    @Test func sendThatCertainlyFailedReleasesItsClaimBeforeTheAnswer() throws {
        let moto = try MotoServer.shared()
        let dynamoDB = try FaultInjectingDynamoDBEndpoint(upstream: moto.endpoint) { _ in .forward }
        let ses = try FaultInjectingSESEndpoint { $0.attempt == 1 ? .reject : .accept }
        let (function, _) = try IdempotencyEndToEndTests.function(dynamoDB: dynamoDB.endpoint, ses: ses)
        let tokens = IdempotencyEndToEndTests.tokens(2)

        let first = try function.invoke(FaultInjectionTests.sqsEvent(tokens))
        let releases = dynamoDB.exchanges.filter { $0.operation == "DeleteItem" }
        let redelivery = try function.invokeSQS(tokens, ses: ses)

        #expect(try IdempotencyEndToEndTests.batchItemFailures(first).sorted() == tokens.sorted())
        #expect(releases.count == 2)
        #expect(releases.allSatisfy { $0.arrivedAt < first.answeredAt })
        #expect(redelivery.sent == tokens)
        #expect(ses.accepted.count == 2)
    }
}
